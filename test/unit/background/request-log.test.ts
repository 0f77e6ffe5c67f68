/**
 * The request log is a ring buffer: it keeps the newest `retention.request_log`
 * entries, oldest first, and drops the oldest as new ones arrive.
 */
import { describe, expect, it } from 'vitest';
import { Ring } from '../../../simulator/services/request-log.js';
import { createTestSandbox } from '../../support/sandbox.js';

describe('Ring', () => {
  it('keeps the newest items, oldest first, once it wraps', () => {
    const ring = new Ring<number>(3);
    expect(ring.last()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.last()).toEqual([1, 2]);
    for (const n of [3, 4, 5, 6, 7]) ring.push(n);
    expect(ring.size).toBe(3);
    expect(ring.last()).toEqual([5, 6, 7]);
    expect(ring.last(2)).toEqual([6, 7]);
    expect(ring.last(0)).toEqual([]);
    expect(ring.last(10)).toEqual([5, 6, 7]);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});

describe('request log retention', () => {
  it('holds at most retention.request_log entries and keeps the newest', async () => {
    const sb = await createTestSandbox({ config: { retention: { deliveriesMs: 7 * 86_400_000, requestLog: 4 } } });
    try {
      const token = await sb.token();
      for (let i = 0; i < 6; i++) await sb.request(`/v2/identity/identities?limit=${i + 1}`, { token });
      expect(sb.sim.requests.size()).toBe(4);
      const recent = sb.sim.requests.recent(10);
      expect(recent.map((e) => e.path)).toEqual(Array(4).fill('/v2/identity/identities'));
      expect(recent.every((e) => e.status === 200 && e.method === 'GET' && e.client_id === 'paxos-sim-client')).toBe(true);
      expect(recent[0].at).toBe(new Date(sb.clock.nowMs()).toISOString());
    } finally {
      await sb.close();
    }
  });

  it('ties an identity request to its identity', async () => {
    const sb = await createTestSandbox();
    try {
      const token = await sb.token();
      const id = '00000000-0000-4000-8000-000000000001';
      await sb.request(`/v2/identity/identities/${id}`, { token });
      expect(sb.sim.requests.forIdentity(id)).toEqual([expect.objectContaining({ path: `/v2/identity/identities/${id}`, status: 404, identity_id: id })]);
      expect(sb.sim.requests.forIdentity('00000000-0000-4000-8000-000000000002')).toEqual([]);
    } finally {
      await sb.close();
    }
  });
});
