/**
 * Regression tests for the hardening pass (issue 12) on inputs: webhook
 * consumer API-key headers are checked the same way through the control API,
 * the config file and the CLI flag; a rule matching metadata `constructor`
 * reads own properties only, end to end.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../simulator/config.js';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const consumer = (header: string, value: string) => ({ url: 'http://127.0.0.1:9/hook', auth: { type: 'api_key', header, value } });

describe('webhook consumer headers', () => {
  it('through the control API: CR/LF and control characters in a value, and reserved names, are 400s', async () => {
    sb = await createTestSandbox();
    const cases: Array<[string, string, RegExp]> = [
      ['X-Api-Key', 'abc\r\nX-Injected: 1', /control characters/],
      ['X-Api-Key', 'abc\ndef', /control characters/],
      ['X-Api-Key', 'abc\u0000', /control characters/],
      ['Content-Type', 'text/plain', /would replace the simulator's own Content-Type/],
      ['user-agent', 'evil', /would replace the simulator's own user-agent/],
      ['X-Paxos-Sim-Delivery-Id', 'x', /would replace/],
      ['Host', 'x', /would replace/],
    ];
    for (const [header, value, detail] of cases) {
      const res = await sb.request('/_sim/webhooks/consumers', { method: 'POST', json: consumer(header, value) });
      expect(res.status, `${header}: ${JSON.stringify(value)}`).toBe(400);
      expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
      expect(res.body.detail).toMatch(detail);
    }
    expect((await sb.request('/_sim/webhooks/consumers', { method: 'GET' })).body.consumers).toEqual([]);
    const ok = await sb.request('/_sim/webhooks/consumers', { method: 'POST', json: consumer('X-Api-Key', 'abc def') });
    expect(ok.status).toBe(201);
  });

  it('in the config file and on the CLI, the same rules give a ConfigError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-h12-cfg-'));
    const file = join(dir, 'sim.json');
    writeFileSync(file, JSON.stringify({ webhooks: { consumers: [consumer('X-Api-Key', 'abc\r\nX-Injected: 1')] } }));
    expect(() => loadConfig({ argv: ['--memory', '--config', file] })).toThrow(ConfigError);
    expect(() => loadConfig({ argv: ['--memory', '--config', file] })).toThrow(/webhooks\.consumers\[0\]\.auth: .*control characters/);
    writeFileSync(file, JSON.stringify({ webhooks: { consumers: [consumer('Content-Type', 'text/plain')] } }));
    expect(() => loadConfig({ argv: ['--memory', '--config', file] })).toThrow(/would replace/);
    const flags = (header: string) => loadConfig({ argv: ['--memory', '--webhook-url', 'http://127.0.0.1:9/hook', '--webhook-header', header] });
    expect(() => flags('User-Agent: evil')).toThrow(/--webhook-header: .*would replace/);
    expect(() => flags('X-Api-Key: a\u0001b')).toThrow(/control characters/);
    expect(flags('X-Api-Key: secret').webhooks.consumers[0].auth).toEqual({ type: 'api_key', header: 'X-Api-Key', value: 'secret' });
  });
});

describe('clock start', () => {
  it('outside the clock range is a ConfigError naming the range', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paxos-h12-cfg-')), 'sim.json');
    writeFileSync(file, JSON.stringify({ clock: { start: '+275760-09-13T00:00:00.000Z' } }));
    expect(() => loadConfig({ argv: ['--memory', '--config', file] })).toThrow(/clock\.start must lie within 1970-01-01T00:00:00\.000Z \.\. 9999-12-31T23:59:59\.999Z/);
  });
});

describe('rules match own properties only', () => {
  it('a rule on metadata {"constructor": "*"} does not match an identity that merely has metadata', async () => {
    sb = await createTestSandbox({ config: { rules: [{ name: 'ctor', match: { metadata: { constructor: '*' } }, outcome: 'DENIED' }] as never } });
    const res = await sb.api('POST', '/identity/identities', { ...personBody(7), metadata: { segment: 'retail' } });
    expect(res.status).toBe(200);
    await sb.sim.advance(2_000);
    const got = await sb.api('GET', `/identity/identities/${res.body.id}`);
    expect(got.body.summary_status).toBe('APPROVED');
  });
});
