/**
 * contracts/publish.ts: without a broker it explains what to set and sends
 * nothing; with one (a loopback stand-in) it publishes every committed pact
 * and a target's verification outcome per pact.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TargetResults } from '../../contracts/verify/results.js';
import { cleanEnv, runScript, startRecordingServer, type RecordingServer } from './support.js';

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('contracts/publish.ts', () => {
  it('explains what to set and exits 0 when no broker is configured', async () => {
    const run = await runScript('contracts/publish.ts', [], { env: cleanEnv(), timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing published (PACT_BROKER_BASE_URL is not set)');
    expect(run.stdout).toContain('PACT_BROKER_TOKEN');
  }, 90_000);

  it('publishes the pacts and the verification result of a target', async () => {
    const broker = await startRecordingServer((req) => {
      if (req.method === 'GET') {
        return { status: 200, body: { _links: { 'pb:publish-verification-results': { href: `http://${req.headers.host}${req.url}/verification-results` } } } };
      }
      return { status: req.method === 'POST' ? 201 : 200, body: {} };
    });
    servers.push(broker);
    const results: TargetResults = {
      target: 'sandbox', baseUrl: 'x', tokenUrl: 'y', startedAt: '2025-01-07T14:30:00Z', durationMs: 1, ok: false, stateFailures: [], errors: [],
      interactions: [
        { provider: 'paxos-oauth', description: 'token', states: [], status: 'passed', mismatches: [] },
        { provider: 'paxos-identity-api', description: 'get', states: [], status: 'failed', mismatches: ['$.id: missing'] },
      ],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'publish-')), 'sandbox.json');
    writeFileSync(file, JSON.stringify(results));
    const env = cleanEnv({ PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: 'broker-token', PACT_CONSUMER_VERSION: '1.2.3', PACT_PROVIDER_VERSION: 'paxos-sandbox-7' });
    const run = await runScript('contracts/publish.ts', ['--results', file], { env, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const calls = broker.requests.map((r) => `${r.method} ${r.url}`);
    expect(calls.filter((c) => c.startsWith('PUT')).sort()).toEqual([
      'PUT /pacts/provider/paxos-identity-api/consumer/paxos-identity-sandbox-client/version/1.2.3',
      'PUT /pacts/provider/paxos-identity-webhooks/consumer/paxos-identity-sandbox-client/version/1.2.3',
      'PUT /pacts/provider/paxos-oauth/consumer/paxos-identity-sandbox-client/version/1.2.3',
    ]);
    const verifications = broker.requests.filter((r) => r.method === 'POST').map((r) => [r.url.split('/')[3], JSON.parse(r.body)]);
    expect(verifications.sort()).toEqual([
      ['paxos-identity-api', { success: false, providerApplicationVersion: 'paxos-sandbox-7' }],
      ['paxos-oauth', { success: true, providerApplicationVersion: 'paxos-sandbox-7' }],
    ]);
  }, 90_000);
});
