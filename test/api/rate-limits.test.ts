/**
 * Paxos's rate limits, switched on by configuration (REFERENCE.md §7.5):
 * averaged over a window per source and endpoint group; going over answers 429
 * Problems with Retry-After and throttles every request from that source.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator/app.js';
import { createClock } from '../../simulator/clock.js';
import { loadConfig, testConfig } from '../../simulator/config.js';
import { groupOf } from '../../simulator/http/rate-limit.js';
import { createPaxosClient, unwrap } from '../../src/index.js';
import { T0 } from '../support/time.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(rateLimits = { windowMs: 10_000, throttleMs: 30_000, perSecond: { token: 0.2, identity: 0.5, other: 1 } }) {
  sim = await createSimulator({ config: testConfig({ rateLimits }), clock: createClock({ initial: { frozen: true, frozenAtMs: T0, offsetMs: 0 } }) });
  return sim;
}

const tokenRequest = (s: Simulator) =>
  s.app.request('/oauth2/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret', scope: 'identity:read_identity events:read_event' }) });

describe('rate limits', () => {
  it('are off by default', async () => {
    sim = await createSimulator({ config: testConfig() });
    for (let i = 0; i < 20; i++) expect((await tokenRequest(sim)).status).toBe(200);
  });

  it('answer 429 with Retry-After once a group goes over its average, then throttle the source until the period ends', async () => {
    const s = await start();
    // token: 0.2/s over 10 s = 2 requests per window
    expect((await tokenRequest(s)).status).toBe(200);
    const token = ((await (await tokenRequest(s)).json()) as { access_token: string }).access_token;
    const limited = await tokenRequest(s);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(await limited.json()).toEqual({ type: 'about:blank', title: 'Too Many Requests', status: 429, detail: 'Too many requests' });
    // every endpoint from the same source is throttled now
    const other = await s.app.request('/v2/events', { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(429);
    await s.advance(20_000);
    expect((await tokenRequest(s)).headers.get('retry-after')).toBe('10');
    await s.advance(10_000);
    expect((await tokenRequest(s)).status).toBe(200);
    // the control API is never limited
    expect((await s.app.request('/_sim/health')).status).toBe(200);
  });

  it('count identity endpoints apart from the rest', async () => {
    const s = await start();
    const token = ((await (await tokenRequest(s)).json()) as { access_token: string }).access_token;
    const auth = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 5; i++) expect((await s.app.request('/v2/identity/identities', { headers: auth })).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await s.app.request('/v2/events', { headers: auth })).status).toBe(200);
    expect((await s.app.request('/v2/identity/identities', { headers: auth })).status).toBe(429);
  });

  it('let the typed client wait for Retry-After and succeed', async () => {
    const s = await start({ windowMs: 10_000, throttleMs: 3_000, perSecond: { token: 10, identity: 0.1, other: 10 } });
    const waits: number[] = [];
    const paxos = createPaxosClient({
      baseUrl: 'http://sim/v2',
      tokenUrl: 'http://sim/oauth2/token',
      clientId: 'paxos-sim-client',
      clientSecret: 'paxos-sim-secret',
      fetch: (input, init) => s.app.request(input, init),
      now: () => s.clock.nowMs(),
      sleep: async (ms) => {
        waits.push(ms);
        await s.advance(ms);
      },
      random: () => 0.5,
    });
    unwrap(await paxos.listIdentities());
    const page = unwrap(await paxos.listIdentities());
    expect(page.items).toEqual([]);
    expect(waits.some((w) => w >= 3_000)).toBe(true);
  });

  it('are configured by --rate-limits (Paxos numbers) or a rate_limits block', () => {
    expect(loadConfig({ argv: ['--rate-limits'] }).rateLimits).toEqual({ windowMs: 300_000, throttleMs: 300_000, perSecond: { token: 1, identity: 10, other: 50 } });
    const custom = loadConfig({ argv: ['--config', 'c.yaml'], readFile: () => 'rate_limits: {window: 1s, identity: 2}\n' }).rateLimits;
    expect(custom).toMatchObject({ windowMs: 1000, perSecond: { identity: 2, token: 1 } });
    expect(() => loadConfig({ argv: ['--config', 'c.yaml'], readFile: () => 'rate_limits: {identity: 0}\n' })).toThrow(/rate_limits.identity must be a number/);
    expect(() => loadConfig({ argv: ['--config', 'c.yaml'], readFile: () => 'rate_limits: [1]\n' })).toThrow(/rate_limits must be true or an object/);
  });

  it('group paths as Paxos does', () => {
    expect(groupOf('/oauth2/token')).toBe('token');
    expect(groupOf('/v2/identity/identities/x/documents')).toBe('identity');
    expect(groupOf('/v2/events')).toBe('other');
    expect(groupOf('/_sim/health')).toBeUndefined();
  });
});
