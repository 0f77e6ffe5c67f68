/**
 * CI proof of the contract kit: the committed pacts are what the consumer
 * tests generate; they verify against a fresh simulator (HTTP and webhook
 * pacts); and the sandbox target, given only the four PAXOS_* variables,
 * verifies them against a simulator running as a separate process. verify.ts
 * runs in process through its exported main (its command line is exercised
 * as a child process in verify-cli.test.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetResults } from '../../contracts/verify/results.js';
import { cleanEnv, ROOT, startSimulatorProcess, verifyInProcess, type SimulatorProcess } from './support.js';

const readResults = (dir: string, target: string) => JSON.parse(readFileSync(join(dir, `${target}.json`), 'utf8')) as TargetResults;
const countBy = (results: TargetResults) =>
  results.interactions.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.provider]: (acc[i.provider] ?? 0) + 1 }), {});

describe('contract verification targets', () => {
  it('the committed pacts are checked against what the consumer tests generate, in the same run', async () => {
    // Each consumer pact suite compares the pact it generates with the committed copy (checkPactFile in
    // its afterAll, which fails the suite on a difference) and npm test runs those suites; running them
    // again here in a nested vitest repeated that work. This checks that the arrangement holds.
    const config = (await import('../../vitest.config.js')).default as { test?: { include?: string[] } };
    expect(config.test?.include).toContain('contracts/**/*.test.ts');
    const suites = {
      'contracts/consumer/oauth.pact.test.ts': 'oauth',
      'contracts/consumer/identity-api.pact.test.ts': 'api',
      'contracts/messages/identity-webhooks.pact.test.ts': 'webhooks',
    };
    for (const [file, provider] of Object.entries(suites)) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, file).toMatch(new RegExp(`afterAll\\([\\s\\S]*checkPactFile\\(\\{ provider: PROVIDERS\\.${provider}, generatedDir: dir, update: updateRequested\\(process\\.env\\) \\}\\);\\s*expect\\(check\\.ok, check\\.message\\)\\.toBe\\(true\\)`));
    }
  });

  it('verify.ts --target simulator verifies every HTTP and message interaction', async () => {
    const results = mkdtempSync(join(tmpdir(), 'contract-results-'));
    const run = await verifyInProcess(['--target', 'simulator', '--results', results]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = readResults(results, 'simulator');
    expect(report.ok).toBe(true);
    expect(countBy(report)).toEqual({ 'paxos-oauth': 2, 'paxos-identity-api': 19, 'paxos-identity-webhooks': 9 });
    expect(report.interactions.filter((i) => i.status !== 'passed')).toEqual([]);
    expect(readFileSync(join(results, 'simulator.md'), 'utf8')).toContain('30 interactions passed, 0 failed');
  }, 150_000);

  describe('the sandbox target against a simulator in its own process', () => {
    let sim: SimulatorProcess;
    beforeAll(async () => {
      sim = await startSimulatorProcess();
    }, 60_000);
    afterAll(async () => {
      await sim?.stop();
    });

    it('verifies every HTTP interaction with only the four PAXOS_* variables', async () => {
      const results = mkdtempSync(join(tmpdir(), 'contract-results-'));
      const env = cleanEnv({
        PAXOS_BASE_URL: `${sim.url}/v2`,
        PAXOS_TOKEN_URL: `${sim.url}/oauth2/token`,
        PAXOS_CLIENT_ID: 'paxos-sim-client',
        PAXOS_CLIENT_SECRET: 'paxos-sim-secret',
      });
      const run = await verifyInProcess(['--target', 'sandbox', '--results', results], { env });
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      const report = readResults(results, 'sandbox');
      expect(report.baseUrl).toBe(`${sim.url}/v2`);
      expect(countBy(report)).toEqual({ 'paxos-oauth': 2, 'paxos-identity-api': 19 });
      expect(report.interactions.every((i) => i.status === 'passed')).toBe(true);
      // The credentials were injected at verification time, never written into the pacts.
      const pacts = ['paxos-oauth', 'paxos-identity-api'].map((p) => readFileSync(join('contracts/pacts', `paxos-identity-sandbox-client-${p}.json`), 'utf8'));
      expect(pacts.join('\n')).not.toContain('paxos-sim-secret');
    }, 150_000);
  });
});
