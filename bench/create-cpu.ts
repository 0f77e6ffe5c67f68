/**
 * Server CPU per request: a durable create on the file store (concurrency 16,
 * from a data file of 10,000 identities) against a bare Hono server's POST of
 * the same body, both measured in the same run, as their own processes on
 * loopback. The figure is the CPU time the server process used (user + system,
 * all its threads, from /proc/<pid>/stat) divided by the requests it answered.
 *
 * Throughput ratios (bench/identity-load.ts --only create) move by ±0.1× when
 * other jobs share the cores, because the load generator and both servers
 * compete for them; CPU per request moves far less, so this is the figure to
 * compare two versions of the create path with on a busy machine. The ratio
 * bare/create is the throughput ratio a server bound by its one thread would
 * reach on an idle machine. Rounds alternate the two servers. Linux only.
 *
 *   npx tsx bench/create-cpu.ts [--built] [--count 8000] [--rounds 3] [--data <seed-10000.json>]
 *
 * Without --data, 10,000 identities are seeded first through the create path
 * in memory (about 10 s); `--data /tmp/seeds/seed-10000.json` reuses a file kept
 * by `npm run bench -- --seeds /tmp/seeds`.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { personBody, tokenForm } from './bodies.js';
import { numberArg } from './args.js';
import { cpuMicros, startProcess, stop, type Proc } from './processes.js';
import { seedFresh } from './seeding.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number, max: number) => numberArg(argv, name, fallback, max);
const COUNT = arg('count', 8000, 100_000);
const ROUNDS = arg('rounds', 3, 20);
const BUILT = argv.includes('--built');
const dataAt = argv.indexOf('--data');
const SEED_FILE = dataAt >= 0 ? argv[dataAt + 1] : undefined;
const IDENTITIES = 10_000;


/** Send `count` requests at concurrency 16 (after a warm-up of 1,000); the server's CPU µs per request. */
async function cpuPerRequest(proc: Proc, request: autocannon.Request, count: number): Promise<{ micros: number; non2xx: number }> {
  await autocannon({ url: proc.url, connections: 16, amount: 1000, requests: [request] });
  const before = cpuMicros(proc.child.pid)!;
  const r = await autocannon({ url: proc.url, connections: 16, amount: count, requests: [request] });
  return { micros: (cpuMicros(proc.child.pid)! - before) / r.requests.total, non2xx: r.non2xx + r.errors };
}

async function main() {
  if (process.platform !== 'linux') {
    console.log('bench/create-cpu.ts reads /proc/<pid>/stat: Linux only; NOT run');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-create-cpu-'));
  try {
    const seed = SEED_FILE ?? (console.log(`seeding ${IDENTITIES} identities ...`), (await seedFresh(dir, [IDENTITIES])).files.get(IDENTITIES)!);
    if (!existsSync(seed)) throw new Error(`no data file ${seed}`);
    const fixedBody = JSON.stringify(personBody(0));
    const runs = { bare: [] as number[], create: [] as number[] };
    let next = IDENTITIES;
    for (let round = 0; round < ROUNDS; round++) {
      const bare = await startProcess(['bench/bare-server.mjs', '0'], { tsx: false });
      const b = await cpuPerRequest(bare, { method: 'POST', path: '/identity', headers: { 'content-type': 'application/json' }, body: fixedBody }, COUNT);
      await stop(bare.child);
      runs.bare.push(b.micros);

      const data = join(dir, `create-${round}.json`);
      copyFileSync(seed, data);
      const sim = await startProcess([BUILT ? join('dist', 'simulator', 'cli.js') : 'simulator/cli.ts', '--port', '0', '--data', data, '--log-level', 'error', '--review-delay', '1h'], { tsx: !BUILT });
      const tok = (await (await fetch(`${sim.url}/oauth2/token`, { method: 'POST', body: tokenForm() })).json()) as { access_token: string };
      const headers = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' };
      const c = await cpuPerRequest(sim, { method: 'POST', path: '/v2/identity/identities', headers, setupRequest: (req) => ({ ...req, body: JSON.stringify(personBody(next++)) }) }, COUNT);
      await stop(sim.child);
      rmSync(data, { force: true });
      rmSync(`${data}.journal`, { force: true });
      if (c.non2xx) throw new Error(`${c.non2xx} creates failed`);
      runs.create.push(c.micros);
      console.log(`round ${round + 1}: bare POST ${b.micros.toFixed(0)} µs, create ${c.micros.toFixed(0)} µs of server CPU per request`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const bare = median(runs.bare);
    const create = median(runs.create);
    console.log(`\nserver CPU per request, median of ${ROUNDS} (${COUNT} requests each, concurrency 16, ${BUILT ? 'built CLI' : 'simulator/cli.ts through tsx'}, file store from ${IDENTITIES} identities)`);
    console.log(`bare Hono POST   ${bare.toFixed(0)} µs`);
    console.log(`Create Identity  ${create.toFixed(0)} µs   bare/create ${(bare / create).toFixed(2)}×  (goal ≥ 0.3× bare POST's throughput)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
