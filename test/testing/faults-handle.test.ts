/**
 * startSimulator({ faults }) and the running simulator's `faults` handle:
 * rules from the options, added and removed at run time, refused with a
 * TypeError naming the reason; revokeTokens(); reset() brings the option rules back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/testing.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('startSimulator().faults', () => {
  it('applies rules from the options and from add(), and lists them with counters', async () => {
    sim = await startSimulator({ faults: [{ operation: 'ListEvents', nth: 1, status: 503 }] });
    expect((await sim.client.listEvents()).response.status).toBe(200); // the client retried the 503
    expect(sim.faults.list()).toMatchObject([{ id: 'fault-1', seen: 1, fired: 1, exhausted: true }]); // a used-up rule stops counting;
    const added = sim.faults.add({ id: 'deny-all', operation: 'ListEvents', status: 500 });
    expect(added.action).toBe('status 500');
    expect((await sim.createClient({ retry: { retries: 0 } }).listEvents()).response.status).toBe(500);
    expect(sim.faults.remove('deny-all')).toBe(true);
    expect(sim.faults.remove('deny-all')).toBe(false);
    sim.faults.set([{ latency: 1 }]);
    expect(sim.faults.list().map((f) => f.action)).toEqual(['latency 1 ms']);
    sim.faults.clear();
    expect(sim.faults.list()).toEqual([]);
    await sim.reset();
    expect(sim.faults.list()).toMatchObject([{ id: 'fault-1', fired: 0 }]);
  });

  it('refuses a bad rule with a TypeError naming the reason', async () => {
    await expect(startSimulator({ faults: [{ status: 503, nth: 0 }] })).rejects.toThrow(/startSimulator: faults\[0\]: nth must be a whole number/);
    sim = await startSimulator();
    expect(() => sim!.faults.add({ status: 503, latency: 5 })).toThrow(TypeError);
    expect(() => sim!.faults.set([{ drop: 'later' as 'reset' }])).toThrow(/faults: faults\[0\]: drop must be/);
  });

  it('revokeTokens() revokes the first client’s live tokens; the ready client fetches a new one', async () => {
    sim = await startSimulator();
    expect((await sim.client.listEvents()).response.status).toBe(200);
    expect(await sim.faults.revokeTokens()).toBe(1);
    expect(await sim.faults.revokeTokens()).toBe(0);
    expect((await sim.client.listEvents()).response.status).toBe(200);
    expect(sim.faults.injected().map((f) => f.action)).toEqual(['1 token(s) revoked', '0 token(s) revoked']);
  });
});
