/**
 * The control API under /_sim/ can be disabled or put behind a token by
 * configuration; the Paxos surface and the upload URL are unaffected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator/app.js';
import { testConfig } from '../../simulator/config.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function tokenStatus(s: Simulator): Promise<number> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret' });
  return (await s.app.request('/oauth2/token', { method: 'POST', body: form })).status;
}

describe('control API access', () => {
  it('is open by default', async () => {
    sim = await createSimulator({ config: testConfig() });
    const res = await sim.app.request('/_sim/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', store: 'memory' });
  });

  it('answers 404 Problems for every /_sim route when disabled, while /v2 keeps working', async () => {
    const base = testConfig();
    sim = await createSimulator({ config: { ...base, control: { enabled: false } } });
    for (const [method, path] of [['GET', '/_sim/health'], ['POST', '/_sim/clock/advance'], ['GET', '/_sim/webhooks/consumers'], ['GET', '/_sim/']]) {
      const res = await sim.app.request(path, { method });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    }
    expect(await tokenStatus(sim)).toBe(200);
  });

  it('requires its token (X-Sim-Token, Bearer or ?token=) when one is configured', async () => {
    const base = testConfig();
    sim = await createSimulator({ config: { ...base, control: { enabled: true, token: 's3cret' } } });
    const denied = await sim.app.request('/_sim/health');
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await sim.app.request('/_sim/health', { headers: { 'x-sim-token': 'wrong' } })).status).toBe(401);
    expect((await sim.app.request('/_sim/health', { headers: { 'x-sim-token': 's3cret' } })).status).toBe(200);
    expect((await sim.app.request('/_sim/health', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    expect((await sim.app.request('/_sim/health?token=s3cret')).status).toBe(200);
    // moving the clock without the token changes nothing
    const before = sim.clock.nowMs();
    const refused = await sim.app.request('/_sim/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"duration":"1h"}' });
    expect(refused.status).toBe(401);
    expect(sim.clock.nowMs() - before).toBeLessThan(3_600_000);
    expect(await tokenStatus(sim)).toBe(200);
  });
});
