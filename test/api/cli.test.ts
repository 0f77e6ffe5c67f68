/**
 * The paxos-sim CLI on a real port (127.0.0.1, port 0): start-up lines, a
 * token + create + get over real HTTP, bad option values, PAXOS_SIM_* env
 * vars, a config file listing clients, and a clean SIGTERM that flushes the
 * data file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody } from '../support/bodies.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'simulator/cli.ts');
/** tsx's loader by URL, so the child can run in a temp dir with no node_modules. */
const TSX = import.meta.resolve('tsx');

/** The child's environment: ours without any PAXOS_SIM_* that could leak in. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PAXOS_SIM_')));
  return { ...env, ...extra };
}

interface Cli {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paxos-sim-cli-'));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Cli {
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd: dir, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts);
    };
  };
  child.stdout!.on('data', collect(stdout));
  child.stderr!.on('data', collect(stderr));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

/** Start the server and wait for its start-up banner; returns the base origin. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Cli & { url: string }> {
  const cli = run(['--port', '0', '--log-level', 'silent', ...args], env);
  const deadline = Date.now() + 20_000;
  while (!cli.stdout.some((l) => l.startsWith('  store:'))) {
    if (cli.child.exitCode !== null) throw new Error(`the CLI exited early: ${cli.stderr.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`no start-up banner: ${cli.stdout.join('\n')}`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => cli.child.stdout!.once('data', resolve)),
      cli.exited,
      new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now()))),
    ]);
    clearTimeout(timer);
  }
  const match = /listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(cli.stdout[0]);
  if (!match) throw new Error(`unexpected first line: ${cli.stdout[0]}`);
  return { ...cli, url: match[1] };
}

async function token(url: string, id = 'paxos-sim-client', secret = 'paxos-sim-secret', scope = 'identity:read_identity identity:write_identity') {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret, scope });
  const res = await fetch(`${url}/oauth2/token`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { access_token: string; error?: string } };
}

describe('paxos-sim start-up', () => {
  it('prints the URLs and credentials, then serves token, create and get over real HTTP', async () => {
    const cli = await start(['--memory']);
    expect(cli.stdout).toEqual(
      expect.arrayContaining([
        `  base URL:  ${cli.url}/v2`,
        `  token URL: ${cli.url}/oauth2/token`,
        '  client_id: paxos-sim-client',
        '  client_secret: paxos-sim-secret',
        '  store: memory',
        '  validation: lenient',
      ]),
    );
    const { body } = await token(cli.url);
    const auth = { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' };
    const created = await fetch(`${cli.url}/v2/identity/identities`, { method: 'POST', headers: auth, body: JSON.stringify(personBody(1)) });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const got = await fetch(`${cli.url}/v2/identity/identities/${id}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id, ref_id: 'person-1' });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 30_000);

  it.each([
    [['--port', 'abc'], 'paxos-sim: port must be a number from 0 to 65535, got "abc"'],
    [['--log-level', 'loud'], 'paxos-sim: log-level must be one of silent, error, warn, info, debug, got "loud"'],
    [['--colour'], 'paxos-sim: unknown option --colour'],
  ])('exits with code 2 and one clear message for %j', async (args, message) => {
    const cli = run(['--memory', ...args]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr.filter(Boolean)).toEqual([message]);
    expect(cli.stdout.filter(Boolean)).toEqual([]);
  }, 30_000);

  it('reads PAXOS_SIM_* environment variables, with flags taking precedence', async () => {
    const bad = run([], { PAXOS_SIM_PORT: 'abc', PAXOS_SIM_MEMORY: 'true' });
    expect(await bad.exited).toBe(2);
    expect(bad.stderr.filter(Boolean)).toEqual(['paxos-sim: port must be a number from 0 to 65535, got "abc"']);
    const data = join(dir, 'env.json');
    const cli = await start([], { PAXOS_SIM_DATA: data, PAXOS_SIM_PORT: 'abc' });
    expect(cli.stdout).toContain(`  store: ${data}`);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 30_000);

  it('uses the clients listed in a config file', async () => {
    const config = join(dir, 'sim.yaml');
    writeFileSync(config, ['clients:', '  - client_id: cfg-client', '    client_secret: cfg-secret', '    scopes: [identity:read_identity]', ''].join('\n'));
    const cli = await start(['--memory', '--config', config]);
    expect(cli.stdout).toContain('  client_id: cfg-client');
    expect(cli.stdout).toContain('  scopes: identity:read_identity');
    expect((await token(cli.url, 'cfg-client', 'cfg-secret', 'identity:read_identity')).status).toBe(200);
    expect((await token(cli.url, 'paxos-sim-client', 'paxos-sim-secret')).body.error).toBe('invalid_client');
    expect((await token(cli.url, 'cfg-client', 'cfg-secret', 'identity:write_identity')).body.error).toBe('invalid_scope');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 30_000);

  it('exits 0 on SIGTERM with the data file flushed', async () => {
    const data = join(dir, 'db.json');
    const cli = await start(['--data', data]);
    const { body } = await token(cli.url);
    const res = await fetch(`${cli.url}/v2/identity/identities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(personBody(1)),
    });
    const { id } = (await res.json()) as { id: string };
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const saved = JSON.parse(readFileSync(data, 'utf8')) as { identities: Record<string, { ref_id: string }> };
    expect(saved.identities[id].ref_id).toBe('person-1');
  }, 30_000);

  it('refuses a corrupt data file with exit code 2', async () => {
    const data = join(dir, 'db.json');
    writeFileSync(data, 'not json');
    const cli = run(['--data', data]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr.filter(Boolean)).toHaveLength(1);
    expect(cli.stderr[0]).toMatch(/^paxos-sim: cannot read the data file .*db\.json: .*--reset/);
  }, 30_000);
});
