/**
 * `paxos-sim proxy` against a second simulator process as the target (the
 * real sandbox is not reachable from here): a clean run has no mismatch; a
 * target started with changed behaviour (a strict 400, a broken body) is
 * reported, live and in the drift report; a recording holds none of the PII
 * values that were sent.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runProxyCommand } from '../../simulator/cli-proxy.js';
import { startProxy, type RunningProxy } from '../../simulator/proxy/server.js';
import { createPaxosClient, type CreateIdentityRequest, type PaxosClient } from '../../src/index.js';
import { runScript } from '../contracts/support.js';
import { startCli, type CliProcess } from '../support/cli-process.js';

const PII = {
  first_name: 'Zelphira',
  middle_name: 'Quenby',
  last_name: 'Marlowe-Octavian',
  date_of_birth: '1979-04-02',
  cip_id: '987-65-4321',
  email: 'zelphira.marlowe@example.org',
  phone_number: '+1 212 555 0199',
  address1: '77 Hushwood Lane',
  city: 'Quietsburg',
  zip_code: '10099',
};
const SECRET = 'paxos-sim-secret';

const person = (refId: string): CreateIdentityRequest => ({
  ref_id: refId,
  person_details: {
    verifier_type: 'PAXOS',
    first_name: PII.first_name,
    middle_name: PII.middle_name,
    last_name: PII.last_name,
    date_of_birth: PII.date_of_birth,
    nationality: 'USA',
    cip_id: PII.cip_id,
    cip_id_type: 'SSN',
    cip_id_country: 'USA',
    email: PII.email,
    phone_number: PII.phone_number,
    address: { address1: PII.address1, city: PII.city, province: 'NY', country: 'USA', zip_code: PII.zip_code },
  },
  customer_due_diligence: {
    estimated_yearly_income: 'INCOME_50K_TO_100K',
    expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K',
    source_of_wealth: 'EMPLOYMENT_INCOME',
    employment_status: 'FULL_TIME',
    employment_industry_sector: 'INFORMATION',
  },
});

const dir = mkdtempSync(join(tmpdir(), 'paxos-proxy-'));
let proxy: RunningProxy | undefined;
const targets: CliProcess[] = [];
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});
afterAll(async () => {
  await Promise.all(targets.map((t) => t.stop()));
});

async function target(configYaml?: string): Promise<CliProcess> {
  const args = ['--memory', '--log-level', 'silent'];
  if (configYaml) {
    const file = join(dir, `target-${targets.length}.yaml`);
    writeFileSync(file, configYaml);
    args.push('--config', file);
  }
  const t = await startCli(args);
  targets.push(t);
  return t;
}

async function through(t: CliProcess, name: string, extra: { recordDir?: string } = {}) {
  const printed: string[] = [];
  proxy = await startProxy({ target: t.url, report: join(dir, name), print: (l) => printed.push(l), ...extra });
  const client: PaxosClient = createPaxosClient({
    baseUrl: `${proxy.url}/v2`,
    tokenUrl: `${proxy.url}/oauth2/token`,
    clientId: 'paxos-sim-client',
    clientSecret: SECRET,
    retry: { retries: 0 },
  });
  return { proxy, client, printed };
}

/** A typical onboarding conversation, including the answers that are errors by design. */
async function converse(client: PaxosClient, refId: string): Promise<string> {
  const created = await client.createIdentity(person(refId));
  expect(created.response.status).toBe(200);
  const id = created.data!.id;
  expect((await client.getIdentity(id, { include_details: true })).response.status).toBe(200);
  expect((await client.listIdentities({ limit: 10 })).response.status).toBe(200);
  expect((await client.createIdentity(person(refId))).response.status).toBe(409);
  expect((await client.getIdentity('00000000-0000-4000-8000-000000000000')).response.status).toBe(404);
  expect((await client.listEvents({ limit: 5 })).response.status).toBe(200);
  return id;
}

/** The clean target, started once for every test that needs one. */
let cleanTarget: Promise<CliProcess> | undefined;
const sharedTarget = () => (cleanTarget ??= target());

describe('paxos-sim proxy against a second simulator process', () => {
  let clean: CliProcess;
  beforeAll(async () => {
    clean = await sharedTarget();
  });

  it('a clean run: every exchange conforms, zero mismatches, and the drift report says so', async () => {
    const { proxy: p, client, printed } = await through(clean, 'clean');
    await converse(client, 'proxy-clean-1');
    const results = p.results();
    expect(results.interactions.flatMap((i) => i.mismatches)).toEqual([]);
    expect(results.ok).toBe(true);
    expect(results.interactions.map((i) => i.description)).toEqual(
      expect.arrayContaining(['getAccessToken → 200', 'CreateIdentity → 200', 'CreateIdentity → 409', 'GetIdentity → 200', 'GetIdentity → 404', 'ListIdentities → 200', 'ListEvents → 200']),
    );
    expect(printed.filter((l) => l.startsWith('✗'))).toEqual([]);
    const text = readFileSync(p.reportPaths.text, 'utf8');
    expect(text).toMatch(/^openapi and http:\/\/127\.0\.0\.1:\d+ agree on all 7 interactions they both verified\.\n$/);
    expect(JSON.parse(readFileSync(p.reportPaths.json, 'utf8'))).toMatchObject({ ok: true, target: clean.url });
  });

  it('a target with changed behaviour (a strict 400, a broken body): the mismatches are printed and reported', async () => {
    const changed = await target(
      [
        'faults:',
        '  - operation: CreateIdentity',
        '    status: 400',
        '    detail: "strict mode: middle_name is not accepted"',
        '  - operation: ListEvents',
        '    malformed: true',
        '    after: true',
      ].join('\n'),
    );
    const { proxy: p, client, printed } = await through(changed, 'changed');
    expect((await client.createIdentity(person('proxy-strict-1'))).response.status).toBe(400);
    await client.listEvents({ limit: 5 }).catch(() => undefined);
    expect(printed).toContain('✗ POST /v2/identity/identities → 400 (CreateIdentity)');
    expect(printed).toContain('    request: our contract accepts it but the target answered 400: strict mode: middle_name is not accepted');
    expect(printed.some((l) => l.includes('response: the body is not valid JSON'))).toBe(true);
    const results = p.results();
    expect(results.ok).toBe(false);
    const text = readFileSync(p.reportPaths.text, 'utf8');
    expect(text).toContain('disagree on 2 interaction(s)');
    expect(text).toContain('  paxos-identity-api: CreateIdentity → 400');
    expect(text).toContain('request: our contract accepts it but the target answered 400');
    expect(text).toContain('  paxos-identity-api: ListEvents → 200');
  });

  it('a request that both our contract and the target reject is no mismatch', async () => {
    const { proxy: p } = await through(clean, 'lenient');
    const token = (await (await fetch(`${p.url}/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: SECRET, scope: 'identity:read_identity' }) })).json()) as { access_token: string };
    const res = await fetch(`${p.url}/v2/identity/identities?limit=abc`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(res.status).toBe(400);
    expect(p.results().interactions.find((i) => i.description === 'ListIdentities → 400')?.mismatches).toEqual([]);
  });

  it('answers 404 outside /oauth2/token and /v2, and 502 when the target is gone', async () => {
    const gone = await target();
    const { proxy: p, printed } = await through(gone, 'gone');
    expect((await fetch(`${p.url}/_sim/health`)).status).toBe(404);
    await gone.stop();
    const res = await fetch(`${p.url}/v2/events`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { detail: string }).detail).toContain('could not reach');
    expect(printed.some((l) => l.startsWith('! GET /v2/events'))).toBe(true);
  });

  it('--record writes scenario-style fixtures that contain none of the PII values sent, nor the token or secret', async () => {
    const recordDir = join(dir, 'recordings');
    const { proxy: p, client } = await through(await target(), 'recorded', { recordDir });
    const id = await converse(client, 'proxy-record-1');
    const files = readdirSync(recordDir);
    expect(files).toHaveLength(1);
    const text = readFileSync(join(recordDir, files[0]), 'utf8');
    const recording = JSON.parse(text) as { steps: Array<{ request: { method: string; path: string }; response: { status: number; body: any } }> };
    expect(recording.steps.map((s) => `${s.request.method} ${s.request.path} ${s.response.status}`)).toEqual(
      expect.arrayContaining(['POST /oauth2/token 200', 'POST /v2/identity/identities 200', `GET /v2/identity/identities/${id} 200`]),
    );
    const created = recording.steps.find((s) => s.request.method === 'POST' && s.response.status === 200 && s.request.path.endsWith('identities'))!;
    expect(created.response.body.person_details.first_name).toBe('[REDACTED]');
    expect(created.response.body.id).toBe(id);
    const token = recording.steps.find((s) => s.request.path === '/oauth2/token')!;
    expect(token.response.body.access_token).toBe('[REDACTED]');

    const everything = [text, readFileSync(p.reportPaths.json, 'utf8'), readFileSync(p.reportPaths.text, 'utf8')].join('\n');
    for (const [field, value] of Object.entries(PII)) expect(everything, field).not.toContain(value);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(encodeURIComponent(PII.email));
  });

  it('two runs\' JSON reports compare with contracts:drift (the clean target and the changed one)', async () => {
    const run = await runScript('contracts/drift.ts', [join(dir, 'clean.json'), join(dir, 'changed.json')], { timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('CreateIdentity → 400');
  });
});

describe('paxos-sim proxy (CLI)', () => {
  it('starts with a banner, forwards, and prints the drift report when stopped', async () => {
    const t = await sharedTarget();
    const report = join(dir, 'cli-report');
    const cli = await startCli(['proxy', '--target', t.url, '--report', report]);
    expect(cli.output()).toContain(`forwarding /v2 to ${t.url}/v2`);
    const res = await fetch(`${cli.url}/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: SECRET }) });
    expect(res.status).toBe(200);
    expect(await cli.stop('SIGTERM')).toBe(0);
    expect(cli.output()).toContain('✓ POST /oauth2/token → 200 (getAccessToken)');
    expect(cli.output()).toContain('agree on all 1 interactions');
    expect(readFileSync(`${report}.txt`, 'utf8')).toContain('agree on all 1 interactions');
  });

  // The command's own code in process (the process above turns its result into the exit code).
  it('refuses a missing or bad --target with exit code 2 and says what it wants', async () => {
    for (const argv of [['proxy'], ['proxy', '--target', 'ftp://x']]) {
      let stderr = '';
      const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
      try {
        expect(await runProxyCommand(argv, {}), argv.join(' ')).toBe(2);
      } finally {
        err.mockRestore();
      }
      expect(stderr).toMatch(/^paxos-sim proxy: --target must be the http\(s\) base URL to forward to/);
    }
  });
});
