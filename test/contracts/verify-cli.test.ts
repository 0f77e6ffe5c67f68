/**
 * contracts/verify.ts failure modes (one as a child process, the others in
 * process through the same `main`): a sandbox run without credentials names
 * the missing variables and sends nothing; an unreachable or silent target
 * fails with a clear message instead of hanging (the bound is the connect
 * timeout the run reports, not a wall-clock threshold here).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, runScript, startRecordingServer, verifyInProcess, type RecordingServer } from './support.js';

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const results = () => mkdtempSync(join(tmpdir(), 'contract-results-'));

describe('verify.ts --target sandbox', () => {
  it('names the missing credential variables, exits non-zero and sends nothing', async () => {
    const server = await startRecordingServer(() => ({ status: 200, body: {} }));
    servers.push(server);
    const env = cleanEnv({ PAXOS_BASE_URL: `${server.url}/v2`, PAXOS_TOKEN_URL: `${server.url}/oauth2/token` });
    const run = await runScript('contracts/verify.ts', ['--target', 'sandbox', '--results', results()], { env, timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PAXOS_CLIENT_ID and PAXOS_CLIENT_SECRET');
    expect(run.stderr).toContain('nothing was sent');
    expect(server.requests).toEqual([]);
  }, 90_000);

  it('names only the variable that is missing', async () => {
    const run = await verifyInProcess(['--target', 'sandbox'], { env: cleanEnv({ PAXOS_CLIENT_ID: 'someone' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs PAXOS_CLIENT_SECRET \(not set/);
  }, 90_000);

  it('fails fast and clearly when nothing listens at the target', async () => {
    const closed = await startRecordingServer(() => undefined);
    await closed.close();
    const env = cleanEnv({
      PAXOS_BASE_URL: `${closed.url}/v2`,
      PAXOS_TOKEN_URL: `${closed.url}/oauth2/token`,
      PAXOS_CLIENT_ID: 'someone',
      PAXOS_CLIENT_SECRET: 'secret',
    });
    const run = await verifyInProcess(['--target', 'sandbox', '--results', results()], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach the sandbox target: token endpoint .*oauth2\/token unreachable/);
    expect(run.stdout).not.toContain('Verifying a pact');
  }, 90_000);

  it('gives up on a target that accepts connections but never answers, within the connect timeout', async () => {
    const silent = await startRecordingServer(() => undefined);
    servers.push(silent);
    const env = cleanEnv({
      PAXOS_BASE_URL: `${silent.url}/v2`,
      PAXOS_TOKEN_URL: `${silent.url}/oauth2/token`,
      PAXOS_CLIENT_ID: 'someone',
      PAXOS_CLIENT_SECRET: 'secret',
    });
    const run = await verifyInProcess(['--target', 'sandbox', '--connect-timeout', '1500', '--results', results()], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/timed out after 1500 ms/);
    // one token request, given up after the connect timeout; no pact was verified
    expect(silent.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /oauth2/token']);
    expect(run.stdout).not.toContain('Verifying a pact');
  }, 90_000);

  it('reports refused credentials as such', async () => {
    const server = await startRecordingServer(() => ({ status: 401, body: { error: 'invalid_client', error_description: 'unknown client' } }));
    servers.push(server);
    const env = cleanEnv({
      PAXOS_BASE_URL: `${server.url}/v2`,
      PAXOS_TOKEN_URL: `${server.url}/oauth2/token`,
      PAXOS_CLIENT_ID: 'someone',
      PAXOS_CLIENT_SECRET: 'wrong',
    });
    const run = await verifyInProcess(['--target', 'sandbox', '--results', results()], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused the credentials: .*invalid_client/);
    expect(run.stdout).not.toContain('Verifying a pact');
  }, 90_000);
});

describe('verify.ts usage', () => {
  it('rejects an unknown target with the usage text', async () => {
    const run = await verifyInProcess(['--target', 'production']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--target must be one of simulator, sandbox');
  }, 90_000);
});
