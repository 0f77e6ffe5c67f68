/**
 * Dashboard change streams: the fingerprint follows the collections' change
 * counters (no hashing of rows), and at most dashboard.max_streams streams are
 * open at once; one more gets a 503 Problem, and a closed stream frees its slot.
 */
import { describe, expect, it } from 'vitest';
import { stateFingerprint } from '../../../simulator/dashboard/change-stream.js';
import { createTestSandbox } from '../../support/sandbox.js';

describe('change stream cap', () => {
  it('answers 503 with a Problem beyond dashboard.max_streams, and frees a slot when a stream closes', async () => {
    const sb = await createTestSandbox({ config: { dashboard: { maxStreams: 2, streamPollMs: 10 } } });
    try {
      const a = await sb.raw('/_sim/api/stream');
      const b = await sb.raw('/_sim/api/stream');
      expect([a.status, b.status]).toEqual([200, 200]);
      const refused = await sb.request('/_sim/api/stream');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.body).toMatchObject({ type: 'about:blank', title: 'Service Unavailable', status: 503, meta: { max_streams: 2 } });
      expect(refused.body.detail).toContain('dashboard.max_streams');
      const reader = a.body!.getReader();
      await reader.read(); // ready
      await reader.cancel();
      let again = await sb.raw('/_sim/api/stream');
      for (let i = 0; again.status === 503 && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 10)); // the stream notices the disconnect on its next poll
        again = await sb.raw('/_sim/api/stream');
      }
      expect(again.status).toBe(200);
      await again.body!.cancel();
      await b.body!.cancel();
    } finally {
      await sb.close();
    }
  });

  it('with max_streams 0 serves no stream', async () => {
    const sb = await createTestSandbox({ config: { dashboard: { maxStreams: 0, streamPollMs: 250 } } });
    try {
      expect((await sb.request('/_sim/api/stream')).status).toBe(503);
    } finally {
      await sb.close();
    }
  });
});

describe('stateFingerprint', () => {
  it('changes with any watched collection and after a reset, and not otherwise', async () => {
    const sb = await createTestSandbox();
    try {
      const start = stateFingerprint(sb.sim.store, sb.clock);
      expect(stateFingerprint(sb.sim.store, sb.clock)).toBe(start);
      await sb.sim.store.transact((tx) => tx.jobs.put('j', { id: 'j', kind: 'decide', identity_id: 'i', client_id: 'c', due_at: '2030-01-01T00:00:00.000Z', seq: 1 }));
      const withJob = stateFingerprint(sb.sim.store, sb.clock);
      expect(withJob).not.toBe(start);
      await sb.sim.store.transact((tx) => tx.tokens.put('t', { token: 't', client_id: 'c', scopes: [], expires_at: '2030-01-01T00:00:00.000Z' }));
      expect(stateFingerprint(sb.sim.store, sb.clock)).toBe(withJob); // tokens are not on the page
      await sb.sim.reset();
      expect(stateFingerprint(sb.sim.store, sb.clock)).not.toBe(withJob);
    } finally {
      await sb.close();
    }
  });
});
