/**
 * CI proof of the contract kit: the committed pacts are what the consumer
 * tests generate; they verify against a fresh simulator (HTTP and webhook
 * pacts); and the sandbox target, given only the four PAXOS_* variables,
 * verifies them against a simulator running as a separate process.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetResults } from '../../contracts/verify/results.js';
import { cleanEnv, runScript, startSimulatorProcess, type SimulatorProcess } from './support.js';

const readResults = (dir: string, target: string) => JSON.parse(readFileSync(join(dir, `${target}.json`), 'utf8')) as TargetResults;
const countBy = (results: TargetResults) =>
  results.interactions.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.provider]: (acc[i.provider] ?? 0) + 1 }), {});

describe('contract verification targets', () => {
  it('the committed pacts are exactly what the consumer tests generate', async () => {
    const run = await runScript('node_modules/vitest/vitest.mjs', ['run', 'contracts/consumer', 'contracts/messages'], { timeoutMs: 120_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/30 passed/);
  }, 150_000);

  it('verify.ts --target simulator verifies every HTTP and message interaction', async () => {
    const results = mkdtempSync(join(tmpdir(), 'contract-results-'));
    const run = await runScript('contracts/verify.ts', ['--target', 'simulator', '--results', results]);
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
      const run = await runScript('contracts/verify.ts', ['--target', 'sandbox', '--results', results], { env });
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
