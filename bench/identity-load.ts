/**
 * Load benchmark (issue 2, item 12): GET Identity and Create Identity against
 * the simulator on a real port, with the lowdb FILE store holding 10,000
 * identities, and, in the same run, a bare Hono server answering a fixed body
 * as the baseline. Both servers run as their own processes (the CLI and
 * bench/bare-server.ts), so the load generator does not share their event
 * loop. Loopback only, bounded in time.
 *
 *   npx tsx bench/identity-load.ts [--seconds 10] [--connections 10] [--identities 10000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSimulator } from '../simulator/app.js';
import { loadConfig, DEFAULT_CLIENT } from '../simulator/config.js';
import { silentLogger } from '../simulator/logger.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = Math.min(arg('seconds', 10), 60);
const CONNECTIONS = Math.min(arg('connections', 10), 100);
const IDENTITIES = Math.min(arg('identities', 10_000), 50_000);

function personBody(n: number) {
  const ssn = `${String(100 + (n % 800)).padStart(3, '0')}-${String(10 + (Math.floor(n / 800) % 89)).padStart(2, '0')}-${String(n % 10_000).padStart(4, '0')}`;
  return {
    ref_id: `bench-${n}`,
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

/** Build a data file holding `count` identities, made through the real create path in memory. */
async function buildDataFile(path: string, count: number): Promise<string[]> {
  const sim = await createSimulator({ config: loadConfig({ argv: ['--memory', '--log-level', 'silent', '--review-delay', '1h'] }), logger: silentLogger });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret, scope: 'identity:read_identity identity:write_identity' });
  const tok = (await (await sim.app.request('/oauth2/token', { method: 'POST', body: form })).json()) as { access_token: string };
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const res = await sim.app.request('/v2/identity/identities', { method: 'POST', headers: { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' }, body: JSON.stringify(personBody(n)) });
    if (res.status !== 200) throw new Error(`seed create ${n} failed: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  writeFileSync(path, JSON.stringify(sim.store.snapshot()));
  await sim.close();
  return ids;
}

interface Figures { rps: number; p50: number; p99: number; errors: number; non2xx: number }

async function run(opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** Start a server process and wait for its "listening on <url>" line. */
async function startProcess(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
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

const stop = (child: ChildProcess) => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-bench-'));
  const data = join(dir, 'db.json');
  try {
    console.log(`seeding ${IDENTITIES} identities into ${data} ...`);
    const ids = await buildDataFile(data, IDENTITIES);

    const base = await startProcess(['bench/bare-server.ts', '0']);
    const baseUrl = base.url;
    const sim = await startProcess(['simulator/cli.ts', '--port', '0', '--data', data, '--log-level', 'error', '--review-delay', '1h']);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret, scope: 'identity:read_identity identity:write_identity' });
    const token = ((await (await fetch(`${sim.url}/oauth2/token`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    let i = 0;
    const baseGet = await run({ url: baseUrl, requests: [{ method: 'GET', path: '/identity' }] });
    const simGet = await run({ url: sim.url, requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `/v2/identity/identities/${ids[i++ % ids.length]}` }) }] });
    const basePost = await run({ url: baseUrl, requests: [{ method: 'POST', path: '/identity', headers: { 'content-type': 'application/json' }, body: JSON.stringify(personBody(0)) }] });
    let n = IDENTITIES;
    const simPost = await run({ url: sim.url, requests: [{ method: 'POST', path: '/v2/identity/identities', headers: auth, setupRequest: (req) => ({ ...req, body: JSON.stringify(personBody(n++)) }) }] });

    await stop(sim.child);
    await stop(base.child);
    const line = (name: string, f: Figures, base: Figures) =>
      `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(5)} ms  ` +
      `ratio to baseline ${(f.rps / base.rps).toFixed(3)}  (errors ${f.errors}, non-2xx ${f.non2xx})`;
    console.log(`\n${SECONDS}s per run, ${CONNECTIONS} connections, file store with ${IDENTITIES} identities`);
    console.log(line('baseline bare Hono GET', baseGet, baseGet));
    console.log(line('simulator GET Identity', simGet, baseGet));
    console.log(line('baseline bare Hono POST', basePost, basePost));
    console.log(line('simulator Create Identity', simPost, basePost));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
