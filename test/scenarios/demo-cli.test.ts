/**
 * `paxos-sim scenarios | seed | demo`. One real child process per command
 * (against a separately started `paxos-sim` process: frozen clock, memory
 * store, webhooks to a real receiver); every scenario and the failure paths
 * are played in process through the same command code (`runScenarioCommand`)
 * against a real server on a real port.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listScenarios } from '../../fixtures/scenarios/registry.js';
import { runScenarioCommand } from '../../simulator/cli-scenarios.js';
import { loadConfig } from '../../simulator/config.js';
import { startServer, type RunningServer } from '../../simulator/server.js';
import { freePort, runCli, startCli, stopAllCli, type CliProcess } from '../support/cli-process.js';
import { startReceiver, type Receiver } from '../webhooks/support.js';

const SIM_ARGS = (receiver: Receiver) => ['--memory', '--frozen', '--log-level', 'warn', '--webhook-url', `${receiver.url}/hooks`];

/** `paxos-sim <command> ...args` in this process, with its stdout and stderr captured. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runScenarioCommand(args[0] as 'scenarios' | 'seed' | 'demo', args, {});
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('paxos-sim scenarios / seed / demo as child processes', () => {
  let sim: CliProcess;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await startCli(SIM_ARGS(receiver));
  });
  afterAll(async () => {
    await sim?.stop();
    stopAllCli();
    await receiver?.close();
  });

  it('lists every scenario with a one-line description', async () => {
    const { code, stdout } = await runCli(['scenarios']);
    expect(code).toBe(0);
    for (const s of listScenarios()) expect(stdout).toMatch(new RegExp(`^${s.name}\\s+\\S`, 'm'));
  });

  it('plays "approved-person" green with paxos-sim demo, showing its webhook delivery', async () => {
    const { code, stdout, stderr } = await runCli(['demo', 'approved-person', '--url', sim.url, '--pace', '0', '--seed', '7']);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toContain('PASSED: approved-person');
    expect(stdout).toMatch(/\[#+\.*\] step 1\//);
    expect(stdout).toMatch(/webhook identity\.approved → 204 in [\d.]+ ms \(succeeded, attempt 1\)/);
  });

  it('seeds a scenario and prints the identities it created', async () => {
    const { code, stdout } = await runCli(['seed', 'approved-person', '--url', sim.url, '--seed', '3']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PERSON [0-9a-f-]{36} \(ref_id /);
  });
});

describe('paxos-sim demo, every scenario, in process', () => {
  let server: RunningServer;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    // the same options the child process above gets, on a port the OS picks
    server = await startServer({ config: loadConfig({ argv: [...SIM_ARGS(receiver), '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'] }) });
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  for (const { name } of listScenarios()) {
    it(`plays "${name}" green with paxos-sim demo`, async () => {
      const { code, stdout, stderr } = await inProcess(['demo', name, '--url', server.url, '--pace', '0', '--seed', '7']);
      expect(code, `${stdout}\n${stderr}`).toBe(0);
      expect(stdout).toContain(`PASSED: ${name}`);
      expect(stdout).toMatch(/\[#+\.*\] step 1\//);
      if (name === 'approved-person') expect(stdout).toMatch(/webhook identity\.approved → 204 in [\d.]+ ms \(succeeded, attempt 1\)/);
    });
  }

  it('names the valid scenarios for an unknown one', async () => {
    const { code, stderr } = await inProcess(['demo', 'no-such-scenario', '--url', server.url]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown scenario "no-such-scenario"');
    expect(stderr).toContain('approved-person');
  });

  it('says so and exits non-zero when no simulator is running', async () => {
    const port = await freePort();
    const { code, stderr } = await inProcess(['seed', 'approved-person', '--url', `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toContain(`no simulator is running at http://127.0.0.1:${port}`);
  });
});
