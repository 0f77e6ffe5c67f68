/**
 * The file store's journal: what a durable write costs, with and without
 * fsync, as the database grows.
 *
 * 1. One-row transactions on the store itself (sequential, each awaited, so
 *    each is its own group commit): milliseconds per write at a given store
 *    size, fsync off and on. Before the journal each write rewrote the whole
 *    file (6 ms at 1k identities, 57 ms at 10k).
 * 2. Durable creates over HTTP at concurrency 16 against the CLI on the file
 *    store (fsync off and on), as a ratio to a bare Hono server's POST
 *    measured in the same run (bench/bare-server.mjs, its own process).
 *
 *   npx tsx bench/store-journal.ts [--seconds 3] [--identities 10000]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createSimulator } from '../simulator/app.js';
import { loadConfig } from '../simulator/config.js';
import { silentLogger } from '../simulator/logger.js';
import { personBody, tokenForm } from './bodies.js';
import { numberArg } from './args.js';
import { startProcess, stop } from './processes.js';
import { createStore } from '../simulator/store/lowdb-store.js';

const SECONDS = numberArg(process.argv, 'seconds', 3, 30);
const IDENTITIES = numberArg(process.argv, 'identities', 10_000, 100_000);
const CONNECTIONS = 16;

/** A lowdb data file (snapshot only) holding `count` identities made through the real create path in memory. */
async function buildDataFile(path: string, count: number): Promise<void> {
  const sim = await createSimulator({ config: loadConfig({ argv: ['--memory', '--log-level', 'silent', '--review-delay', '1h'] }), logger: silentLogger });
  const form = tokenForm();
  const tok = ((await (await sim.app.request('/oauth2/token', { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
  for (let n = 0; n < count; n++) {
    const res = await sim.app.request('/v2/identity/identities', { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(personBody(n, 'journal-bench')) });
    if (res.status !== 200) throw new Error(`seed create ${n} failed: ${res.status} ${await res.text()}`);
  }
  writeFileSync(path, JSON.stringify(sim.store.snapshot()));
  await sim.close();
}

/** ms per awaited one-row transaction on a store holding the seeded file. */
async function perWrite(path: string, fsync: boolean, count = 200): Promise<number> {
  const store = await createStore({ storage: 'file', path, fsync });
  const row = store.read((db) => db.identities.all()[0]);
  const started = performance.now();
  for (let i = 0; i < count; i++) await store.transact((tx) => tx.identities.put(row.id, { ...row, updated_at: new Date(i).toISOString() }));
  const ms = (performance.now() - started) / count;
  await store.close();
  return ms;
}

let creates = 1_000_000;
async function durableCreates(url: string): Promise<{ rps: number; p99: number; non2xx: number }> {
  const form = tokenForm();
  const tok = ((await (await fetch(`${url}/oauth2/token`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
  const r = await autocannon({
    url: `${url}/v2/identity/identities`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(personBody(creates++, 'journal-bench')) }) }],
  });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx };
}

const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-journal-bench-'));
try {
  const seed = join(dir, 'seed.json');
  console.log(`seeding ${IDENTITIES} identities…`);
  await buildDataFile(seed, IDENTITIES);
  const seedText = readFileSync(seed, 'utf8');
  const copy = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, seedText);
    return path;
  };

  console.log(`\n1. one-row transaction at ${IDENTITIES} identities (sequential, each its own write)`);
  const plain = await perWrite(copy('tx-plain.json'), false);
  const synced = await perWrite(copy('tx-fsync.json'), true);
  console.log(`   journal:          ${plain.toFixed(3)} ms per write`);
  console.log(`   journal + fsync:  ${synced.toFixed(3)} ms per write  (fsync costs ${(synced - plain).toFixed(3)} ms per group commit)`);

  console.log(`\n2. durable creates, concurrency ${CONNECTIONS}, ${SECONDS} s each, store starting at ${IDENTITIES} identities`);
  const bare = await startProcess(['bench/bare-server.mjs', '0'], { tsx: false });
  const b = await autocannon({ url: `${bare.url}/x`, connections: CONNECTIONS, duration: SECONDS, method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  await stop(bare.child);
  console.log(`   bare Hono POST:   ${b.requests.average.toFixed(0)} req/s`);
  // the memory store (it starts empty) shows what the create path costs without any disk
  const variants: Array<{ name: string; args: string[]; fsync: boolean }> = [
    { name: 'create, memory store  ', args: ['--memory'], fsync: false },
    { name: 'create, file store    ', args: [], fsync: false },
    { name: 'create, file + fsync  ', args: [], fsync: true },
  ];
  for (const v of variants) {
    const data = copy(`http-${v.name.trim().replace(/\W+/g, '-')}.json`);
    const sim = await startProcess(['simulator/cli.ts', '--port', '0', '--data', data, '--log-level', 'warn', '--review-delay', '1h', ...v.args], { env: { PAXOS_SIM_FSYNC: String(v.fsync) } });
    const r = await durableCreates(sim.url);
    await stop(sim.child);
    console.log(`   ${v.name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, non-2xx ${r.non2xx}  → ${(r.rps / b.requests.average).toFixed(2)}× bare Hono POST`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
