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
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createSimulator } from '../simulator/app.js';
import { DEFAULT_CLIENT, loadConfig } from '../simulator/config.js';
import { silentLogger } from '../simulator/logger.js';
import { createStore } from '../simulator/store/lowdb-store.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = Math.min(arg('seconds', 3), 30);
const IDENTITIES = Math.min(arg('identities', 10_000), 100_000);
const CONNECTIONS = 16;

function personBody(n: number) {
  const ssn = `${String(100 + (n % 800)).padStart(3, '0')}-${String(10 + (Math.floor(n / 800) % 89)).padStart(2, '0')}-${String(n % 10_000).padStart(4, '0')}`;
  return {
    ref_id: `journal-bench-${n}`,
    person_details: {
      verifier_type: 'PASSTHROUGH', passthrough_verifier_type: 'PERSONA', passthrough_verified_at: '2025-01-01T12:00:00Z',
      passthrough_verification_id: `inq_${n}`, passthrough_verification_status: 'APPROVED', passthrough_verification_fields: ['FULL_LEGAL_NAME', 'DATE_OF_BIRTH'],
      first_name: 'Bench', last_name: `Person ${n}`, date_of_birth: '1990-01-01', nationality: 'USA',
      cip_id: ssn, cip_id_type: 'SSN', cip_id_country: 'USA',
      address: { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
    },
    customer_due_diligence: { estimated_yearly_income: 'INCOME_50K_TO_100K', expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K', source_of_wealth: 'EMPLOYMENT_INCOME', employment_status: 'FULL_TIME', employment_industry_sector: 'INFORMATION' },
  };
}

/** A lowdb data file (snapshot only) holding `count` identities made through the real create path in memory. */
async function buildDataFile(path: string, count: number): Promise<void> {
  const sim = await createSimulator({ config: loadConfig({ argv: ['--memory', '--log-level', 'silent', '--review-delay', '1h'] }), logger: silentLogger });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret, scope: 'identity:read_identity identity:write_identity' });
  const tok = ((await (await sim.app.request('/oauth2/token', { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
  for (let n = 0; n < count; n++) {
    const res = await sim.app.request('/v2/identity/identities', { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(personBody(n)) });
    if (res.status !== 200) throw new Error(`seed create ${n} failed: ${res.status} ${await res.text()}`);
  }
  writeFileSync(path, JSON.stringify(sim.store.snapshot()));
  await sim.close();
}

async function startProcess(args: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url, child };
}
const stop = (child: ChildProcess) => new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

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
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret, scope: 'identity:read_identity identity:write_identity' });
  const tok = ((await (await fetch(`${url}/oauth2/token`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
  const r = await autocannon({
    url: `${url}/v2/identity/identities`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(personBody(creates++)) }) }],
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
  const bare = await startProcess(['bench/bare-server.mjs', '0']);
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
    const sim = await startProcess(['simulator/cli.ts', '--port', '0', '--data', data, '--log-level', 'warn', '--review-delay', '1h', ...v.args], { PAXOS_SIM_FSYNC: String(v.fsync) });
    const r = await durableCreates(sim.url);
    await stop(sim.child);
    console.log(`   ${v.name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, non-2xx ${r.non2xx}  → ${(r.rps / b.requests.average).toFixed(2)}× bare Hono POST`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
