/**
 * Benchmarks of issue 11, each against a bare Hono server (bench/bare-server.mjs)
 * started in the same run, both as their own processes on loopback, so the
 * load generator does not share their event loop. Bounded in time and count.
 *
 *   npm run bench                          # every scenario, short soak
 *   npm run bench -- --only get,cold       # some of them
 *   npm run bench -- --soak-seconds 180    # the full 3-minute steady load
 *
 * Scenarios (--only):
 *   get      GET Identity with --identities (10k) on the file store        goal ≥ 0.6× bare GET
 *   create   durable creates at concurrency 16 from 10k toward 20k         goal ≥ 0.3× bare POST
 *   large    --large (100k) identities on the file store: start-up, RSS,
 *            GET and List p99, create rate vs at 1k                         goals 3 s, 250 MB, 5 ms, 10 ms, ±20 %
 *   soak     100 req/s, 30 % create / 50 % get / 20 % list, open loop      goal p99 ≤ 50 ms, RSS and in-flight flat
 *            (RSS: the soak's last third against a fresh simulator on the soak's final data, 30 s of the same load)
 *   streams  GET p99 with 50 dashboard streams open on a 20k store          goal ≤ 2× without
 *   cold     spawn → first answered token request: built CLI and
 *            startSimulator() (needs `npm run build`) vs bare Hono         goal ≤ 1.5×
 *   seed     only make the seeded files of every size (with --seeds DIR: to reuse them later)
 *
 * Options: --seconds N (each load run, default 5, max 60) --connections N (default 10)
 *   --compact-after SIZE (the simulator's storage_compact_after, e.g. 1MB, so the soak runs through compactions)
 *   --tiering early|v8 (the simulator's --tiering, default its own default, early; v8 to compare with V8's own tiering)
 *   --built (start the simulator from the built CLI, dist/simulator/cli.js, as users run it; default: simulator/cli.ts through tsx)
 *   --baseline same|fixed (get, create: the bare server gets the same requests as the simulator, default, so the
 *     load generator, which shares the cores, works as hard for both; fixed: one fixed request, as measured before)
 *   --identities N (default 10000) --large N (default 100000, max 200000)
 *   --large-creates N (the large scenario's create run: this many creates, default a fifth of --large, at most
 *     --create-seconds; a fixed count, so that the RSS after it is measured on a store of the same size however
 *     fast the machine and the simulator are: a 5 s run made 17,000 creates on 2026-11-30 and 36,000 on 2026-12-01)
 *   --create-seconds N (the most the create run may take, default 30, max 300)
 *   --create-rounds N (create: rounds of bare server then simulator, each on a fresh copy; the goal is judged on the median ratio; default 3, max 9) --soak-seconds N (default 30, max 180) --streams N (default 50)
 *   --seeds DIR (keep the seeded data files in DIR and reuse them on the next run: seeding 100k takes minutes)
 *
 * How the seeds are made: one in-memory simulator creates the identities through the
 * real create path (POST /v2/identity/identities) and writes its snapshot once per size
 * (seed-1000.json, seed-10000.json, ...), with ids.json holding the ids. It runs with a
 * review delay of SEED_REVIEW_DELAY (about 100 years), so the decide job each create
 * schedules is never due in any later run: a seeded file reused days later starts as fast
 * as on the day it was made (with a 1 h delay, every start after an hour ran 100,000
 * decisions first). seeds.json records the delay; files from a --seeds dir made any
 * other way are seeded again. Scenarios only ever run on copies of the seeded files; the
 * run checks at the end that no seeded file was written (size, mtime, no .journal,
 * .index or .lock beside it) and fails loudly if one was.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { personBody, tokenForm } from './bodies.js';
import { numberArg } from './args.js';
import { cpuMicros, startProcess, stop, type Proc } from './processes.js';
import { SEED_REVIEW_DELAY, seedFresh } from './seeding.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number, max: number) => numberArg(argv, name, fallback, max);
const SECONDS = arg('seconds', 5, 60);
const CONNECTIONS = arg('connections', 10, 100);
const IDENTITIES = arg('identities', 10_000, 50_000);
const LARGE = arg('large', 100_000, 200_000);
const LARGE_CREATES = arg('large-creates', LARGE / 5, LARGE);
const CREATE_SECONDS = arg('create-seconds', 30, 300);
const CREATE_ROUNDS = arg('create-rounds', 3, 9);
/** unmeasured requests each server answers before the create run */
const CREATE_WARMUP = 1_000;
const SOAK_SECONDS = arg('soak-seconds', 30, 180);
const STREAMS = arg('streams', 50, 500);
const BUILT = argv.includes('--built');
/**
 * --baseline fixed: the bare server gets one fixed request (as before 2026-11-30's last round) instead of the
 * same requests as the simulator; the load generator then does less work for the baseline than for the simulator.
 */
const FIXED_BASELINE = argv.includes('--baseline') && argv[argv.indexOf('--baseline') + 1] === 'fixed';
const compactAt = argv.indexOf('--compact-after');
if (compactAt >= 0) process.env.PAXOS_SIM_COMPACT_AFTER = argv[compactAt + 1];
const tieringAt = argv.indexOf('--tiering');
if (tieringAt >= 0) process.env.PAXOS_SIM_TIERING = argv[tieringAt + 1];
/** the simulator's tiering mode in this run (simulator/v8-modes.ts; the CLI's default is early) */
const TIERING = process.env.PAXOS_SIM_TIERING ?? 'early';
const onlyAt = argv.indexOf('--only');
const ONLY = new Set(onlyAt >= 0 ? argv[onlyAt + 1].split(',') : ['get', 'create', 'large', 'soak', 'streams', 'cold']);

const report: string[] = [];
const say = (line: string) => {
  console.log(line);
  report.push(line);
};

// ---------- seeding ----------

/** The review delay of the seeding simulator: its decide jobs are never due in a later run. */
const SEEDS_FORMAT = { reviewDelay: SEED_REVIEW_DELAY, version: 2 };

/**
 * Data files holding each of `sizes` identities (ascending), made through the real
 * create path in memory; returns the files and the ids of the largest.
 */
async function seed(dir: string, sizes: number[]): Promise<{ files: Map<number, string>; ids: string[] }> {
  const seedsAt = argv.indexOf('--seeds');
  if (seedsAt >= 0) {
    const keep = argv[seedsAt + 1];
    const idsFile = join(keep, 'ids.json');
    const formatFile = join(keep, 'seeds.json');
    const kept = new Map(sizes.map((size) => [size, join(keep, `seed-${size}.json`)]));
    const sameFormat = existsSync(formatFile) && readFileSync(formatFile, 'utf8') === JSON.stringify(SEEDS_FORMAT);
    if (!sameFormat && existsSync(idsFile)) console.log(`  the seeded files in ${keep} were made with another review delay (their decide jobs fall due): seeding again`);
    if (sameFormat && existsSync(idsFile) && [...kept.values()].every((f) => existsSync(f))) {
      const ids = JSON.parse(readFileSync(idsFile, 'utf8')) as string[];
      if (ids.length >= sizes[sizes.length - 1]) {
        console.log(`  reusing the seeded files in ${keep}`);
        return { files: kept, ids: ids.slice(0, sizes[sizes.length - 1]) };
      }
    }
    mkdirSync(keep, { recursive: true });
    rmSync(formatFile, { force: true });
    const made = await seedFresh(keep, sizes);
    writeFileSync(idsFile, JSON.stringify(made.ids));
    writeFileSync(formatFile, JSON.stringify(SEEDS_FORMAT));
    return made;
  }
  return seedFresh(dir, sizes);
}


// ---------- processes ----------

const startSim = (data: string, extra: string[] = []) =>
  startProcess([BUILT ? join('dist', 'simulator', 'cli.js') : 'simulator/cli.ts', '--port', '0', '--data', data, '--log-level', 'error', '--review-delay', '1h', ...extra], { tsx: !BUILT });
const startBare = () => startProcess(['bench/bare-server.mjs', '0'], { tsx: false });
const rssMb = (child: ChildProcess) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function token(url: string): Promise<string> {
  const form = tokenForm();
  const res = await fetch(`${url}/oauth2/token`, { method: 'POST', body: form });
  return ((await res.json()) as { access_token: string }).access_token;
}

// ---------- load ----------

interface Figures { rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number }

/**
 * One autocannon run; with `amount`, stopped after `capSeconds` at the latest. The rate is the
 * requests answered over the time from the start to the last answer: autocannon's own figures
 * count whole seconds (a run stopped by `amount` ends at its next one-second tick).
 */
async function load(opts: autocannon.Options, capSeconds?: number): Promise<Figures> {
  const job = autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts }) as unknown as Promise<autocannon.Result> & autocannon.Instance;
  const started = performance.now();
  let last = started;
  job.on('response', () => void (last = performance.now()));
  const cap = capSeconds === undefined ? undefined : setTimeout(() => job.stop(), capSeconds * 1000);
  const r = await job;
  clearTimeout(cap);
  return { rps: (r.requests.total / (last - started)) * 1000, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, total: r.requests.total };
}
const fmt = (name: string, f: Figures, base?: Figures) =>
  `${name.padEnd(40)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(5)} ms` +
  (base ? `  ratio ${(f.rps / base.rps).toFixed(2)}×` : '') + (f.errors || f.non2xx ? `  (errors ${f.errors}, non-2xx ${f.non2xx})` : '');
const goal = (ok: boolean) => (ok ? 'goal met' : 'GOAL NOT MET');

function getRequests(ids: string[], auth: Record<string, string>): autocannon.Request[] {
  let i = 0;
  return [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `/v2/identity/identities/${ids[i++ % ids.length]}` }) }];
}
function createRequests(auth: Record<string, string>, from: number): { requests: autocannon.Request[]; count: () => number } {
  let n = from;
  return { requests: [{ method: 'POST', path: '/v2/identity/identities', headers: auth, setupRequest: (req) => ({ ...req, body: JSON.stringify(personBody(n++)) }) }], count: () => n - from };
}
const authOf = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });

// ---------- scenarios ----------

/**
 * CPU time (user + system) a process used while `run` ran, per request, in µs: from
 * /proc/<pid>/stat (Linux; undefined elsewhere). Steadier than req/s on a shared machine.
 */
async function cpuPerRequest(child: ChildProcess, run: () => Promise<Figures>): Promise<[Figures, number | undefined]> {
  const before = cpuMicros(child.pid);
  const figures = await run();
  const after = cpuMicros(child.pid);
  return [figures, before === undefined || after === undefined ? undefined : (after - before) / figures.total];
}
const cpuNote = (us: number | undefined) => (us === undefined ? '' : `  server CPU ${us.toFixed(0)} µs/req`);

async function scenarioGet(dir: string, seeded: string, ids: string[]) {
  say(`\n## GET Identity, file store with ${IDENTITIES} identities (${SECONDS} s, ${CONNECTIONS} connections)`);
  // a copy: the simulator writes its data file (a token, the compaction and index file of its clean stop), and --seeds files are kept for the next run
  const file = join(dir, 'get.json');
  copyFileSync(seeded, file);
  const bare = await startBare();
  const sim = await startSim(file);
  const auth = authOf(await token(sim.url));
  // the bare server gets the same requests (paths, token header), so the load generator does the same work for both
  const bareRequests = FIXED_BASELINE ? [{ method: 'GET' as const, path: '/identity' }] : getRequests(ids.slice(0, IDENTITIES), auth);
  const [base, baseCpu] = await cpuPerRequest(bare.child, () => load({ url: bare.url, requests: bareRequests }));
  const [got, gotCpu] = await cpuPerRequest(sim.child, () => load({ url: sim.url, requests: getRequests(ids.slice(0, IDENTITIES), auth) }));
  await stop(sim.child);
  await stop(bare.child);
  say(fmt('bare Hono GET', base) + cpuNote(baseCpu));
  say(fmt('simulator GET Identity', got, base) + `  ${goal(got.rps / base.rps >= 0.6)} (≥ 0.6×)` + cpuNote(gotCpu));
}

/**
 * A copy of a seeded file that has been opened once and stopped cleanly, so it has
 * its index file (db.json.index) as a user's data file does after its first run:
 * the measured start then reads the index instead of every row, and writes no index
 * file in the background while it is being measured. Answers that first start's
 * figures (spawn → first token answered, RSS) and whether the index file was written.
 */
async function indexedCopy(file: string, data: string) {
  copyFileSync(file, data);
  const first = await startSim(data);
  const t0 = performance.now();
  await token(first.url);
  const startup = first.startMs + (performance.now() - t0);
  const rss = rssMb(first.child);
  await stop(first.child);
  return { startup, rss, indexed: existsSync(`${data}.index`) };
}

/** indexedCopy(), refusing a copy without its index file. */
async function requireIndexedCopy(file: string, data: string): Promise<void> {
  if (!(await indexedCopy(file, data)).indexed) throw new Error(`no index file was written for ${data} on a clean stop`);
}

/** One round of the create scenario: the bare server, then the simulator on a fresh copy of `file` (10k to 20k identities by default). */
async function createRound(dir: string, file: string, round: number) {
  const data = join(dir, `create-${round}.json`);
  await requireIndexedCopy(file, data);
  const bare = await startBare();
  const sim = await startSim(data);
  const auth = authOf(await token(sim.url));
  // the bare server gets the same requests (a fresh person body each, the token header): the load generator's work per request is the same for both
  const bareRequests = FIXED_BASELINE
    ? [{ method: 'POST' as const, path: '/identity', headers: { 'content-type': 'application/json' }, body: JSON.stringify(personBody(0)) }]
    : createRequests(auth, IDENTITIES).requests;
  // both servers first answer CREATE_WARMUP requests unmeasured (compiled code, lazily built validators), as bench/create-cpu.ts does
  await load({ url: bare.url, connections: 16, amount: CREATE_WARMUP, requests: bareRequests });
  const base = await load({ url: bare.url, connections: 16, requests: bareRequests });
  const made = createRequests(auth, IDENTITIES);
  await load({ url: sim.url, connections: 16, amount: CREATE_WARMUP, requests: made.requests }, CREATE_SECONDS);
  // the issue's measure: as the store goes from IDENTITIES to twice that (10k to 20k by default), after the warm-up's creates
  const created = await load({ url: sim.url, connections: 16, amount: IDENTITIES - CREATE_WARMUP, requests: made.requests }, CREATE_SECONDS);
  await stop(sim.child);
  await stop(bare.child);
  for (const suffix of ['', '.index', '.journal', '.lock']) rmSync(`${data}${suffix}`, { force: true });
  return { base, created, ratio: created.rps / base.rps, reached: IDENTITIES + CREATE_WARMUP + created.total - created.non2xx };
}

async function scenarioCreate(dir: string, file: string) {
  say(`\n## Durable creates, concurrency 16, file store from ${IDENTITIES} to ${2 * IDENTITIES} identities (${CREATE_ROUNDS} rounds; each at most ${CREATE_SECONDS} s; simulator --tiering ${TIERING})`);
  // Rounds, each the bare server then the simulator: the bare server's rate moves by half within minutes on a
  // shared machine (the load generator feeds it as fast as it can), so one pair measured once is a draw
  const rounds = [];
  for (let r = 0; r < CREATE_ROUNDS; r++) {
    const round = await createRound(dir, file, r);
    rounds.push(round);
    say(`round ${r + 1}: ` + fmt('bare Hono POST (c16)', round.base).trim());
    say(`round ${r + 1}: ` + fmt('simulator Create Identity (c16)', round.created, round.base).trim() + `; the store reached ${round.reached} identities`);
  }
  const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)];
  say(`simulator Create Identity / bare POST, median of ${rounds.length} rounds: ${median.toFixed(2)}× (rounds ${rounds.map((r) => `${r.ratio.toFixed(2)}×`).join(', ')})  ${goal(median >= 0.3)} (≥ 0.3×); the first ${CREATE_WARMUP} creates of each round were the warm-up`);
}

/** The large scenario's measured run: a restart of `data` (with its index file), then GET, List and create loads, with RSS after each. */
async function largeRun(data: string, ids: string[], extra: string[] = []) {
  const sim = await startSim(data, extra);
  const t = performance.now();
  const auth = authOf(await token(sim.url));
  const startup = sim.startMs + (performance.now() - t);
  const rss = { start: rssMb(sim.child), get: 0, list: 0, create: 0 };
  const get = await load({ url: sim.url, connections: 4, requests: getRequests(ids, auth) });
  rss.get = rssMb(sim.child);
  const list = await load({ url: sim.url, connections: 4, requests: [{ method: 'GET', path: '/v2/identity/identities?limit=100', headers: auth }] });
  rss.list = rssMb(sim.child);
  const create = await load({ url: sim.url, connections: 16, amount: LARGE_CREATES, requests: createRequests(auth, LARGE).requests }, CREATE_SECONDS);
  rss.create = rssMb(sim.child);
  await stop(sim.child);
  const most = Math.max(rss.start, rss.get, rss.list, rss.create);
  const rssLine = `RSS after start ${rss.start.toFixed(0)} MB, after GET ${rss.get.toFixed(0)}, after List ${rss.list.toFixed(0)}, after create ${rss.create.toFixed(0)} MB (${create.total - create.non2xx} creates in the create run, of ${LARGE_CREATES} asked)`;
  return { startup, rss, most, rssLine, get, list, create };
}

async function scenarioLarge(dir: string, small: string, large: string, ids: string[]) {
  say(`\n## ${LARGE} identities on the file store (simulator started from ${BUILT ? "the built CLI, dist/simulator/cli.js" : "simulator/cli.ts through tsx"})`);
  // first open of the seeded file, as a file from before the index file would be: every row is read;
  // the clean stop (SIGTERM) then writes db's index file, and the start measured is the restart, as a user's would be
  const first = await indexedCopy(large, join(dir, 'large.json'));
  const run = await largeRun(join(dir, 'large.json'), ids);
  // the rate at 1k from the same sequence (start, 5 s of GET, 5 s of List, then the creates), so both
  // creates run in a process as warm as the other: a fresh process's first creates also compile the
  // validator and the create path, which made the rate at 1k look lower than it is
  const smallData = join(dir, 'small.json');
  copyFileSync(small, smallData);
  const createSmall = (await largeRun(smallData, ids.slice(0, 1_000))).create;
  // the same run with V8's own heap sizing (--heap v8), on a fresh copy, for comparison (no goal)
  await indexedCopy(large, join(dir, 'large-v8.json'));
  const v8 = await largeRun(join(dir, 'large-v8.json'), ids, ['--heap', 'v8']);
  const drift = run.create.rps / createSmall.rps;
  say(`first start of the seeded file, no index file (spawn → first token answered)  ${first.startup.toFixed(0)} ms, RSS ${first.rss.toFixed(0)} MB`);
  say(`start-up after a clean stop${first.indexed ? ', with its index file' : ' (NO index file was written)'} (spawn → first token answered)  ${run.startup.toFixed(0)} ms  ${goal(run.startup <= 3000)} (≤ 3 s)`);
  say(`${run.rssLine}  ${goal(run.most <= 250)} (≤ 250 MB; the CLI's default --heap lean)`);
  say(`  for comparison, --heap v8 (V8's own heap sizing): ${v8.rssLine}; its create rate ${v8.create.rps.toFixed(0)} req/s`);
  say(fmt('GET Identity (c4)', run.get) + `  ${goal(run.get.p99 <= 5)} (p99 ≤ 5 ms)`);
  say(fmt('List Identities limit=100 (c4)', run.list) + `  ${goal(run.list.p99 <= 10)} (p99 ≤ 10 ms)`);
  say(fmt('Create at 1k (c16)', createSmall));
  say(fmt(`Create at ${LARGE / 1000}k (c16)`, run.create) + `  ${(drift * 100).toFixed(0)} % of the rate at 1k  ${goal(drift >= 0.8)} (within 20 %)`);
}

interface MixedRun { sent: number; creates: number; latencies: number[]; failures: number; samples: Array<{ at: number; inFlight: number; rss: number; journal: number }> }

/**
 * Open-loop load at 100 req/s for `seconds` on a running simulator: 30 % create (fresh person
 * bodies from `firstBody` on), 50 % GET of a seeded identity, 20 % List; in-flight requests, RSS
 * and the journal's size sampled every 5 s. Waits up to 10 s for the last answers.
 */
async function mixedLoad(sim: Proc, data: string, ids: string[], seconds: number, firstBody: number): Promise<MixedRun> {
  const auth = authOf(await token(sim.url));
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  let n = firstBody;
  const run: MixedRun = { sent: 0, creates: 0, latencies: [], failures: 0, samples: [] };
  let inFlight = 0;
  const journalBytes = () => (existsSync(`${data}.journal`) ? statSync(`${data}.journal`).size : 0);
  const fire = () => {
    const r = random();
    const t0 = performance.now();
    inFlight++;
    if (r < 0.3) run.creates++;
    const req =
      r < 0.3
        ? fetch(`${sim.url}/v2/identity/identities`, { method: 'POST', headers: auth, body: JSON.stringify(personBody(n++)) })
        : r < 0.8
          ? fetch(`${sim.url}/v2/identity/identities/${ids[Math.floor(random() * Math.min(ids.length, IDENTITIES))]}`, { headers: auth })
          : fetch(`${sim.url}/v2/identity/identities?limit=100`, { headers: auth });
    req
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) run.failures++;
      })
      .catch(() => run.failures++)
      .finally(() => {
        inFlight--;
        run.latencies.push(performance.now() - t0);
      });
  };
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - started;
      if (elapsed >= seconds * 1000) {
        clearInterval(tick);
        resolve();
        return;
      }
      while (run.sent < (elapsed / 1000) * 100) {
        fire();
        run.sent++;
      }
      if (run.samples.length === 0 || elapsed - run.samples.at(-1)!.at >= 5000) run.samples.push({ at: elapsed, inFlight, rss: rssMb(sim.child), journal: journalBytes() });
    }, 5);
  });
  const deadline = performance.now() + 10_000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return run;
}

/** Seconds of the same load a fresh simulator gets on the soak's final data, to tell growth of the data from a leak. */
const FRESH_SECONDS = 30;

async function scenarioSoak(dir: string, file: string, ids: string[]) {
  say(`\n## Steady load: 100 req/s for ${SOAK_SECONDS} s (30 % create, 50 % get, 20 % list), file store from ${IDENTITIES} identities`);
  const data = join(dir, 'soak.json');
  copyFileSync(file, data);
  const sim = await startSim(data);
  const run = await mixedLoad(sim, data, ids, SOAK_SECONDS, 1_000_000);
  await stop(sim.child);
  const { samples, latencies } = run;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const third = Math.max(1, Math.floor(samples.length / 3));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rssFirst = avg(samples.slice(0, third).map((s) => s.rss));
  const rssLast = avg(samples.slice(-third).map((s) => s.rss));
  say(`sent ${run.sent}, answered ${latencies.length}, failed ${run.failures}; p50 ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms  ${goal(p(0.99) <= 50)} (p99 ≤ 50 ms)`);
  say(`in flight (every 5 s): ${samples.map((s) => s.inFlight).join(' ')}; max ${Math.max(...samples.map((s) => s.inFlight))}`);
  const compactions = samples.filter((s, i) => i > 0 && s.journal < samples[i - 1].journal).length;
  say(`journal MB (every 5 s): ${samples.map((s) => (s.journal / 2 ** 20).toFixed(1)).join(' ')}; compactions seen: ${compactions} (the data file was ${(statSync(data).size / 2 ** 20).toFixed(0)} MB at the end)`);
  say(`RSS MB (every 5 s): ${samples.map((s) => s.rss.toFixed(0)).join(' ')}; first third ${rssFirst.toFixed(0)}, last third ${rssLast.toFixed(0)} (${((rssLast / rssFirst - 1) * 100).toFixed(0)} %)`);
  // The store grows by the creates (30 %), and the simulator keeps each row's place and index keys in
  // memory, so RSS follows the data. A fresh process on the soak's final data, under the same load for a
  // short while, is what that data costs without whatever the soak's long run may have left behind.
  const fresh = await startSim(data);
  const again = await mixedLoad(fresh, data, ids, FRESH_SECONDS, 2_000_000);
  await stop(fresh.child);
  const freshRss = avg(again.samples.slice(-Math.max(1, Math.floor(again.samples.length / 3))).map((s) => s.rss));
  const grown = (rssLast / freshRss - 1) * 100;
  say(
    `a fresh simulator on the soak's final data, ${FRESH_SECONDS} s of the same load (${again.failures} failed; its ${again.creates} creates add to the data): RSS ${again.samples.map((s) => s.rss.toFixed(0)).join(' ')} MB; ` +
      `the soak's last third is ${grown >= 0 ? '+' : ''}${grown.toFixed(0)} % of its last third (for reading, no goal: RSS includes what V8 has not collected yet, so a few MB either way are not a leak)`,
  );
}

async function scenarioStreams(dir: string, file: string, ids: string[]) {
  say(`\n## ${STREAMS} dashboard streams on a 20k-identity file store (GET, ${SECONDS} s, 4 connections)`);
  const data = join(dir, 'streams.json');
  copyFileSync(file, data);
  const sim = await startSim(data);
  const auth = authOf(await token(sim.url));
  // a fresh request list per run: autocannon keeps state in the one it is given
  const requests = () => getRequests(ids.slice(0, 20_000), auth);
  const none = await load({ url: sim.url, connections: 4, requests: requests() });
  const aborts: AbortController[] = [];
  let opened = 0;
  for (let i = 0; i < STREAMS; i++) {
    const ac = new AbortController();
    aborts.push(ac);
    const res = await fetch(`${sim.url}/_sim/api/stream`, { signal: ac.signal });
    if (res.status === 200) {
      opened++;
      void res.body!.pipeTo(new WritableStream()).catch(() => undefined);
    }
  }
  const many = await load({ url: sim.url, connections: 4, requests: requests() });
  for (const ac of aborts) ac.abort();
  await stop(sim.child);
  say(fmt('GET Identity, no stream', none));
  say(fmt(`GET Identity, ${opened} streams open`, many) + `  p99 ${(many.p99 / Math.max(none.p99, 1)).toFixed(2)}× of none  ${goal(many.p99 <= 2 * Math.max(none.p99, 1))} (≤ 2×)`);
}

async function coldOnce(args: string[]): Promise<number> {
  const t0 = performance.now();
  const p = await startProcess(args, { tsx: false });
  const res = await fetch(`${p.url}/oauth2/token`, { method: 'POST', body: tokenForm() });
  await res.text();
  const ms = performance.now() - t0;
  p.child.kill('SIGKILL');
  await new Promise((r) => p.child.once('exit', r));
  return ms;
}

async function scenarioCold(dir: string) {
  say('\n## Cold start: spawn → first answered token request (median of 7, alternating)');
  const cli = join('dist', 'simulator', 'cli.js');
  const testing = join('dist', 'src', 'testing.js');
  if (!existsSync(cli) || !existsSync(testing)) {
    say('SKIPPED: run `npm run build` first (the cold start is measured on the built CLI)');
    return;
  }
  const starter = join(dir, 'start-simulator.mjs');
  writeFileSync(starter, `const { startSimulator } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), testing)).href)});\nconst sim = await startSimulator();\nconsole.log('listening on ' + sim.url);\n`);
  const runs: Record<string, number[]> = { bare: [], cli: [], startSimulator: [] };
  for (let i = 0; i < 7; i++) {
    runs.bare.push(await coldOnce(['bench/bare-server.mjs', '0']));
    runs.cli.push(await coldOnce([cli, '--port', '0', '--memory', '--log-level', 'error']));
    runs.startSimulator.push(await coldOnce([starter]));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const bare = median(runs.bare);
  say(`bare Hono                        ${bare.toFixed(0)} ms`);
  for (const name of ['cli', 'startSimulator'] as const) {
    const m = median(runs[name]);
    say(`${(name === 'cli' ? 'built CLI (paxos-sim --memory)' : 'startSimulator()').padEnd(32)} ${m.toFixed(0)} ms  ratio ${(m / bare).toFixed(2)}×  ${goal(m / bare <= 1.5)} (≤ 1.5×)`);
  }
}

/** A check per seeded file: still the same size and mtime, with no journal, index or lock file beside it. */
function untouched(files: Map<number, string>): Array<{ file: string; same: () => boolean }> {
  return [...files.values()].map((file) => {
    const { size, mtimeMs } = statSync(file);
    const beside = ['.journal', '.index', '.lock'].filter((ext) => !existsSync(file + ext));
    return {
      file,
      same: () => {
        const now = statSync(file);
        return now.size === size && now.mtimeMs === mtimeMs && beside.every((ext) => !existsSync(file + ext));
      },
    };
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-bench-'));
  const begun = performance.now();
  try {
    say(`# paxos-sim benchmarks (node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
    const needLarge = ONLY.has('large');
    const sizes = [1_000, IDENTITIES, ...(ONLY.has('streams') || ONLY.has('seed') ? [20_000] : []), ...(needLarge || ONLY.has('seed') ? [LARGE] : [])];
    const ordered = [...new Set(sizes)].sort((a, b) => a - b);
    const needSeed = ['get', 'create', 'large', 'soak', 'streams', 'seed'].some((s) => ONLY.has(s));
    const { files, ids } = needSeed ? (console.log(`seeding ${ordered.join(', ')} identities ...`), await seed(dir, ordered)) : { files: new Map<number, string>(), ids: [] };
    const before = untouched(files);
    if (ONLY.has('get')) await scenarioGet(dir, files.get(IDENTITIES)!, ids);
    if (ONLY.has('create')) await scenarioCreate(dir, files.get(IDENTITIES)!);
    if (ONLY.has('streams')) await scenarioStreams(dir, files.get(20_000)!, ids);
    if (ONLY.has('soak')) await scenarioSoak(dir, files.get(IDENTITIES)!, ids);
    if (ONLY.has('cold')) await scenarioCold(dir);
    if (needLarge) await scenarioLarge(dir, files.get(1_000)!, files.get(LARGE)!, ids);
    const written = before.filter((f) => !f.same());
    if (written.length) throw new Error(`a scenario wrote into the seeded files (scenarios must run on copies): ${written.map((f) => f.file).join(', ')}`);
    say(`\n(total ${((performance.now() - begun) / 1000).toFixed(0)} s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
