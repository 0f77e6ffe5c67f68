/**
 * What the heap holds per row of a file store, after opening a seeded data
 * file and after a load like the large scenario's (GETs, Lists, creates), in
 * one process (the simulator's app answering in-process requests, no HTTP).
 * Needs --expose-gc: each figure is taken after a full collection, so it is
 * what is live, next to what V8 has committed and the process's RSS.
 *
 *   node --expose-gc --import tsx bench/store-heap.ts <seed-100000.json> [--gets N] [--lists N] [--creates N] [--no-index]
 *
 * The store measured is the restart after a clean close (through the index
 * file, as the large scenario measures it); --no-index: the first open.
 *
 * Works on a copy of the file (the seeded file is not written). The clock
 * starts at the seeded file's mtime, so decide jobs of seeds made with a
 * short review delay are not due either.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { createSimulator } from '../simulator/app.js';
import { createClock } from '../simulator/clock.js';
import { loadConfig } from '../simulator/config.js';
import { silentLogger } from '../simulator/logger.js';
import { personBody, tokenForm } from './bodies.js';

const argv = process.argv.slice(2);
const seeded = argv[0];
const num = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
if (!seeded || typeof globalThis.gc !== 'function') {
  console.error('usage: node --expose-gc --import tsx bench/store-heap.ts <seeded data file> [--gets N] [--lists N] [--creates N]');
  process.exit(2);
}
const gc = globalThis.gc as () => void;
/** the answer read to its end */
const drain = async (res: Response | Promise<Response>) => (await res).arrayBuffer();
const MB = 2 ** 20;

function figures(label: string, rows: number): void {
  const before = process.memoryUsage().heapUsed;
  gc();
  gc();
  const mem = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s]));
  const heap = v8.getHeapStatistics();
  console.log(
    `${label.padEnd(12)} live heap ${(mem.heapUsed / MB).toFixed(1)} MB (${((mem.heapUsed / rows) | 0)} B per identity; ${(before / MB).toFixed(1)} MB before the collection)` +
      `  committed ${(heap.total_heap_size / MB).toFixed(1)} MB (new space ${(spaces.new_space.space_size / MB).toFixed(1)}, old ${(spaces.old_space.space_size / MB).toFixed(1)}, large objects ${(spaces.large_object_space.space_size / MB).toFixed(1)})` +
      `  external ${(mem.external / MB).toFixed(1)} MB  array buffers ${(mem.arrayBuffers / MB).toFixed(1)} MB  RSS ${(mem.rss / MB).toFixed(0)} MB`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-heap-'));
try {
  const data = join(dir, 'db.json');
  copyFileSync(seeded, data);
  const startedAt = statSync(seeded).mtimeMs;
  const t0 = Date.now();
  const clock = createClock({ wall: () => startedAt + (Date.now() - t0) });
  const config = loadConfig({ argv: ['--data', data, '--log-level', 'silent', '--review-delay', '1h'] });
  // as the large scenario: a first open (every row read) and clean close write the index file; the restart is measured
  if (!argv.includes('--no-index')) await (await createSimulator({ config, logger: silentLogger, clock })).close();
  const sim = await createSimulator({ config, logger: silentLogger, clock });
  const ids = sim.store.read((v) => v.identities.ordered('created', { limit: Infinity }).map((r) => r.id));
  const rows = ids.length;
  console.log(`${rows} identities, ${sim.store.read((v) => v.jobs.count())} jobs`);
  figures('after open', rows);
  const tok = (await (await sim.app.request('/oauth2/token', { method: 'POST', body: tokenForm() })).json()) as { access_token: string };
  const headers = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' };
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const gets = num('gets', 50_000);
  for (let i = 0; i < gets; i += 16) {
    await Promise.all(Array.from({ length: 16 }, () => drain(sim.app.request(`/v2/identity/identities/${ids[Math.floor(random() * rows)]}`, { headers }))));
  }
  const lists = num('lists', 2_000);
  for (let i = 0; i < lists; i += 4) {
    await Promise.all(Array.from({ length: 4 }, () => drain(sim.app.request('/v2/identity/identities?limit=100', { headers }))));
  }
  const creates = num('creates', 3_000);
  let n = 5_000_000;
  for (let i = 0; i < creates; i += 16) {
    await Promise.all(Array.from({ length: 16 }, () => drain(sim.app.request('/v2/identity/identities', { method: 'POST', headers, body: JSON.stringify(personBody(n++)) }))));
  }
  console.log(`load: ${gets} GETs, ${lists} Lists, ${creates} creates`);
  figures('after load', rows + creates);
  const res = sim.store.residency();
  console.log(`residency: ${res.rows} rows, ${res.inMemory} held as text (${(res.inMemoryChars / MB).toFixed(1)} M chars)`);
  await sim.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
