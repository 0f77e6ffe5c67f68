/**
 * The paxos-sim CLI as a child process on a real port (127.0.0.1, --port 0):
 * start-up lines, a token + create + get over real HTTP, PAXOS_SIM_* env vars
 * with flags taking precedence, a config file listing clients, a clean
 * SIGTERM that flushes the data file, and the exit code and message for bad
 * input. The messages of every bad option and variable are asserted in
 * process by test/unit/config.test.ts; here one of them shows how the CLI
 * reports them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody } from '../support/bodies.js';
import { childEnv, REPO_ROOT, runCli, startCli, stopAllCli } from '../support/cli-process.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paxos-sim-cli-'));
});
afterEach(() => {
  stopAllCli();
  rmSync(dir, { recursive: true, force: true });
});

/** In a temporary directory, with no PAXOS_* variable from our environment. */
const start = (args: string[], env: Record<string, string> = {}) => startCli(['--log-level', 'silent', ...args], { cwd: dir, env: childEnv(env) });
const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env: childEnv(env) });
const linesOf = (text: string) => text.split('\n').filter(Boolean);

async function token(url: string, id = 'paxos-sim-client', secret = 'paxos-sim-secret', scope = 'identity:read_identity identity:write_identity') {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret, scope });
  const res = await fetch(`${url}/oauth2/token`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { access_token: string; error?: string } };
}

describe('paxos-sim start-up', () => {
  it('reads PAXOS_SIM_* variables (flags win), prints the URLs and credentials, serves token, create and get, and flushes the data file on SIGTERM', async () => {
    const data = join(dir, 'env.json');
    // PAXOS_SIM_PORT=abc would be refused; the --port 0 flag takes precedence
    const cli = await start([], { PAXOS_SIM_DATA: data, PAXOS_SIM_PORT: 'abc' });
    // the whole banner, in order (startCli resolves once its last fixed line has arrived)
    expect(cli.stdout).toEqual([
      `Paxos sandbox simulator listening on ${cli.url}`,
      `  base URL:  ${cli.url}/v2`,
      `  token URL: ${cli.url}/oauth2/token`,
      '  client_id: paxos-sim-client',
      '  client_secret: paxos-sim-secret',
      '  scopes: identity:read_identity identity:write_identity events:read_event identity:read_account identity:write_account identity:read_identity_control identity:write_identity_control funding:read_profile funding:write_profile exchange:read_order exchange:write_order',
      `  store: ${data}`,
      '  validation: lenient',
      "  heap: lean (the heap grows at most 25 % past its live data; --heap v8 for V8's own sizing)",
      "  tiering: early (hot code is optimised after a quarter of Node 20's V8 budget, --interrupt-budget=16896; --tiering v8 for V8's own)",
      `  control API and dashboard: ${cli.url}/_sim/`,
      `  API reference: ${cli.url}/_sim/docs`,
    ]);
    const { body } = await token(cli.url);
    const auth = { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' };
    const created = await fetch(`${cli.url}/v2/identity/identities`, { method: 'POST', headers: auth, body: JSON.stringify(personBody(1)) });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const got = await fetch(`${cli.url}/v2/identity/identities/${id}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id, ref_id: 'person-1' });
    expect(await cli.stop('SIGTERM')).toBe(0);
    const saved = JSON.parse(readFileSync(data, 'utf8')) as { identities: Record<string, { ref_id: string }> };
    expect(saved.identities[id].ref_id).toBe('person-1');
  }, 30_000);

  it('exits with code 2 and one clear message for a bad option, printing nothing on stdout', async () => {
    const cli = await run(['--memory', '--port', 'abc']);
    expect(cli.code).toBe(2);
    expect(linesOf(cli.stderr)).toEqual(['paxos-sim: port must be a number from 0 to 65535, got "abc"']);
    expect(linesOf(cli.stdout)).toEqual([]);
  }, 30_000);

  it('names its heap and tiering modes, takes --heap v8 and --tiering v8, and refuses an unknown one with exit code 2', async () => {
    const cli = await start(['--memory', '--heap', 'v8', '--tiering', 'v8']);
    expect(cli.stdout).toContain("  heap: v8 (V8's own heap sizing)");
    expect(cli.stdout).toContain("  tiering: v8 (V8's own tiering)");
    expect((await token(cli.url)).status).toBe(200);
    expect(await cli.stop('SIGTERM')).toBe(0);
    const bad = await run(['--memory', '--heap', 'tiny']);
    expect(bad.code).toBe(2);
    expect(linesOf(bad.stderr)).toEqual(['paxos-sim: heap must be one of lean, v8, got "tiny"']);
    const badTiering = await run(['--memory', '--tiering', 'eager']);
    expect(badTiering.code).toBe(2);
    expect(linesOf(badTiering.stderr)).toEqual(['paxos-sim: tiering must be one of early, v8, got "eager"']);
  }, 30_000);

  it('uses the clients listed in a config file', async () => {
    const config = join(dir, 'sim.yaml');
    writeFileSync(config, ['clients:', '  - client_id: cfg-client', '    client_secret: cfg-secret', '    scopes: [identity:read_identity]', ''].join('\n'));
    const cli = await start(['--memory', '--config', config]);
    expect(cli.stdout).toContain('  client_id: cfg-client');
    expect(cli.stdout).toContain('  scopes: identity:read_identity');
    expect(cli.stdout).toContain('  store: memory');
    expect((await token(cli.url, 'cfg-client', 'cfg-secret', 'identity:read_identity')).status).toBe(200);
    expect((await token(cli.url, 'paxos-sim-client', 'paxos-sim-secret')).body.error).toBe('invalid_client');
    expect((await token(cli.url, 'cfg-client', 'cfg-secret', 'identity:write_identity')).body.error).toBe('invalid_scope');
    expect(await cli.stop('SIGTERM')).toBe(0);
  }, 30_000);

  // A corrupt data file (exit 2, one line naming the file and --reset): test/hardening/cli-hardening.test.ts.

  it('prints its version for --version (the package version)', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const cli = await run(['--version']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(`paxos-sim ${version}\n`);
    expect(cli.stderr).toBe('');
  }, 30_000);
});
