/**
 * contracts/drift.ts and compareResults(): two targets disagree when an
 * interaction passed on one and failed on the other, or failed on both for
 * different reasons; run-specific ids do not count as a difference.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResults, maskVolatile } from '../../contracts/verify/drift-compare.js';
import type { InteractionResult, TargetResults } from '../../contracts/verify/results.js';
import { runScript } from './support.js';

const interaction = (description: string, status: 'passed' | 'failed', mismatches: string[] = [], provider = 'paxos-identity-api'): InteractionResult => ({
  provider,
  description,
  states: [],
  status,
  mismatches,
});

const results = (target: string, interactions: InteractionResult[]): TargetResults => ({
  target,
  baseUrl: `https://${target}.example/v2`,
  tokenUrl: `https://${target}.example/oauth2/token`,
  startedAt: '2025-01-07T14:30:00.000Z',
  durationMs: 1000,
  ok: interactions.every((i) => i.status === 'passed'),
  interactions,
  stateFailures: [],
  errors: [],
});

const simulator = results('simulator', [
  interaction('a request to get an identity', 'passed'),
  interaction('a request to list events', 'passed'),
  interaction('a request to create an identity with a ref_id that is taken', 'failed', ["$.detail: Expected 'duplicate ref_id' to match '.*ref_id.*'"]),
  interaction('a request with an invalid access token', 'failed', ['$.title: Expected 3a0c9f1e-1111-4222-8333-444455556666 at 2025-01-07T14:30:02.123Z']),
  interaction('a webhook notification of an identity.approved event', 'passed', [], 'paxos-identity-webhooks'),
]);
const sandbox = results('sandbox', [
  interaction('a request to get an identity', 'failed', ["$.summary_status: Expected 'FROZEN' to match '^(PENDING|ERROR|APPROVED|DENIED|DISABLED)$'"]),
  interaction('a request to list events', 'passed'),
  interaction('a request to create an identity with a ref_id that is taken', 'failed', ['$.meta: Actual map is missing the following keys: existing']),
  interaction('a request with an invalid access token', 'failed', ['$.title: Expected 9b8a7c6d-aaaa-4bbb-8ccc-ddddeeeeffff at 2025-02-01T00:00:00Z']),
]);

describe('compareResults', () => {
  it('lists pass/fail splits and different mismatches, and ignores volatile values', () => {
    const drift = compareResults(simulator, sandbox);
    expect(drift.disagreements.map((d) => [d.description, d.a.status, d.b.status])).toEqual([
      ['a request to get an identity', 'passed', 'failed'],
      ['a request to create an identity with a ref_id that is taken', 'failed', 'failed'],
    ]);
    expect(drift.agreeing).toBe(2);
    expect(drift.onlyA).toEqual(['paxos-identity-webhooks: a webhook notification of an identity.approved event']);
    expect(drift.onlyB).toEqual([]);
  });

  it('finds no drift between a result and itself', () => {
    expect(compareResults(simulator, simulator).disagreements).toEqual([]);
  });

  it('masks ids, instants and run-specific ref_ids', () => {
    expect(maskVolatile("Expected 'contract-get-person-k3x9q2-14' at 2025-01-07T14:30:02.648489333Z for 3a0c9f1e-1111-4222-8333-444455556666")).toBe(
      "Expected 'contract-get-person-<run>' at <time> for <uuid>",
    );
  });
});

describe('contracts/drift.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-drift-'));
  const write = (name: string, value: TargetResults) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it('prints each disagreement with both sides and exits 1', async () => {
    const run = await runScript('contracts/drift.ts', [write('simulator.json', simulator), write('sandbox.json', sandbox)], { timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('simulator and sandbox disagree on 2 interaction(s) (2 agree)');
    expect(run.stdout).toContain('paxos-identity-api: a request to get an identity');
    expect(run.stdout).toContain("$.summary_status: Expected 'FROZEN'");
    expect(run.stdout).toContain('$.meta: Actual map is missing the following keys: existing');
    expect(run.stdout).toContain('Verified on simulator only (not compared): 1');
  }, 90_000);

  it('exits 0 when the two agree', async () => {
    const run = await runScript('contracts/drift.ts', [write('a.json', simulator), write('b.json', { ...simulator, target: 'sandbox' })], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('simulator and sandbox agree on all 5 interactions');
  }, 90_000);

  it('exits 2 for a file that is not a verification result', async () => {
    const bogus = join(dir, 'bogus.json');
    writeFileSync(bogus, '{"hello":"world"}');
    const run = await runScript('contracts/drift.ts', [bogus, write('c.json', simulator)], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a verification result');
  }, 90_000);
});
