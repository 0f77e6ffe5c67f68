/**
 * The request log is a ring buffer: it keeps the newest `retention.request_log`
 * entries, oldest first, and drops the oldest as new ones arrive.
 */
import { describe, expect, it } from 'vitest';
import { createRequestLog, Ring, type LoggedRequest } from '../../../simulator/services/request-log.js';
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

describe('request log entries (held in columns)', () => {
  const entry = (n: number, over: Partial<LoggedRequest> = {}): LoggedRequest => ({
    atMs: Date.UTC(2026, 0, 1) + n,
    method: 'GET',
    path: `/v2/identity/identities/00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 200,
    client_id: 'client-a',
    identity_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    latency_ms: n / 10,
    ...over,
  });
  const read = ({ atMs, ...rest }: LoggedRequest) => ({ at: new Date(atMs).toISOString(), ...rest });

  it('gives back every field as recorded, oldest first, once it wraps', () => {
    const log = createRequestLog(3);
    const entries = [0, 1, 2, 3, 4].map((n) => entry(n, { status: 200 + n }));
    for (const e of entries) log.record(e);
    expect(log.size()).toBe(3);
    expect(log.recent()).toEqual(entries.slice(2).map(read));
    expect(log.recent(1)).toEqual([read(entries[4])]);
  });

  it('keeps what does not fit a slot: a long or non-ASCII path, an odd method, a long identity id, a fault, no client', () => {
    const log = createRequestLog(10);
    const odd = [
      entry(1, { path: `/v2/${'x'.repeat(300)}` }),
      entry(2, { path: `/v2/identity/identities/${'é'.repeat(60)}`, identity_id: undefined }),
      // as many characters as the slot has bytes, one of them two bytes long: it does not fit either
      entry(2, { path: `/é${'a'.repeat(110)}`, identity_id: undefined }),
      entry(3, { method: 'PROPFIND', status: 405 }),
      entry(4, { identity_id: 'i'.repeat(80) }),
      entry(5, { fault: 'fault-1: status 503', status: 503 }),
      entry(6, { client_id: undefined, identity_id: undefined, path: '/oauth2/token', method: 'POST' }),
      entry(7, { path: '/v2/identity/identities', method: 'POST', identity_id: 'created-id-7' }),
    ];
    for (const e of odd) log.record(e);
    expect(log.recent(10)).toEqual(odd.map(read));
    expect(log.recent(10).map((e) => Object.keys(e))[5]).toContain('fault');
    expect(log.recent(10).map((e) => Object.keys(e))[0]).not.toContain('fault');
  });

  it('finds an identity\'s entries, by the identity id recorded whether or not it is in the path', () => {
    const log = createRequestLog(10);
    log.record(entry(1));
    log.record(entry(2, { path: '/v2/identity/identities', method: 'POST', identity_id: entry(1).identity_id }));
    log.record(entry(3));
    log.record(entry(4, { identity_id: 'i'.repeat(80) }));
    expect(log.forIdentity(entry(1).identity_id!).map((e) => e.path)).toEqual([entry(1).path, '/v2/identity/identities']);
    expect(log.forIdentity('i'.repeat(80))).toHaveLength(1);
    expect(log.forIdentity('none')).toEqual([]);
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
