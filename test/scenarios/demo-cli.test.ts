/**
 * Every named scenario plays green through the real CLI: `paxos-sim demo
 * <name>` against a separately started `paxos-sim` process (frozen clock,
 * memory store), plus the CLI's failure paths.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listScenarios } from '../../fixtures/scenarios/registry.js';
import { freePort, REPO_ROOT, startCli, type CliProcess } from '../support/cli-process.js';
import { startReceiver, type Receiver } from '../webhooks/support.js';

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'simulator/cli.ts'), ...args], { cwd: REPO_ROOT, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('paxos-sim scenarios / seed / demo', () => {
  let sim: CliProcess;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await startCli(['--memory', '--frozen', '--log-level', 'warn', '--webhook-url', `${receiver.url}/hooks`]);
  });
  afterAll(async () => {
    await sim?.stop();
    await receiver?.close();
  });

  it('lists every scenario with a one-line description', async () => {
    const { code, stdout } = await cli(['scenarios']);
    expect(code).toBe(0);
    for (const s of listScenarios()) expect(stdout).toMatch(new RegExp(`^${s.name}\\s+\\S`, 'm'));
  });

  for (const { name } of listScenarios()) {
    it(`plays "${name}" green with paxos-sim demo`, async () => {
      const { code, stdout, stderr } = await cli(['demo', name, '--url', sim.url, '--pace', '0', '--seed', '7']);
      expect(code, `${stdout}\n${stderr}`).toBe(0);
      expect(stdout).toContain(`PASSED: ${name}`);
      expect(stdout).toMatch(/\[#+\.*\] step 1\//);
      if (name === 'approved-person') expect(stdout).toMatch(/webhook identity\.approved → 204 in [\d.]+ ms \(succeeded, attempt 1\)/);
    });
  }

  it('seeds a scenario and prints the identities it created', async () => {
    const { code, stdout } = await cli(['seed', 'approved-person', '--url', sim.url, '--seed', '3']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PERSON [0-9a-f-]{36} \(ref_id /);
  });

  it('names the valid scenarios for an unknown one', async () => {
    const { code, stderr } = await cli(['demo', 'no-such-scenario', '--url', sim.url]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown scenario "no-such-scenario"');
    expect(stderr).toContain('approved-person');
  });

  it('says so and exits non-zero when no simulator is running', async () => {
    const port = await freePort();
    const { code, stderr } = await cli(['seed', 'approved-person', '--url', `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toContain(`no simulator is running at http://127.0.0.1:${port}`);
  });
});
