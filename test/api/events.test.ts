/**
 * ListEvents and GetEvent (REFERENCE.md §5.1, §5.2): the log that status
 * changes write, limit bounds with Paxos's text, event id parsing, 404
 * without detail.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

async function listEvents(query = '') {
  const res = await sb.api('GET', `/events${query}`);
  expect(specError('ListEvents', res)).toBeUndefined();
  return res;
}
async function getEvent(id: string, query = '') {
  const res = await sb.api('GET', `/events/${id}${query}`);
  expect(specError('GetEvent', res)).toBeUndefined();
  return res;
}

describe('ListEvents', () => {
  it('lists status-change events oldest first and filters by type and created_at', async () => {
    const a = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
    await sb.sim.advance(60_000);
    const b = (await sb.api('POST', '/identity/identities', { ...personBody(2), ref_id: 'sim_deny_sanctions-2' })).body.id;
    await sb.sim.advance(60_000);
    const all = (await listEvents()).body.events;
    expect(all.map((e: { type: string; object: { identity_id: string } }) => [e.type, e.object.identity_id])).toEqual([
      ['identity.approved', a],
      ['identity.denied', b],
    ]);
    expect(all[0]).toMatchObject({ object_type: 'identity_summary_status_change', object: { old_summary_status: 'PENDING', new_summary_status: 'APPROVED' } });
    expect((await listEvents('?type=identity.denied')).body.events).toHaveLength(1);
    expect((await listEvents(`?created_at.gt=${encodeURIComponent(all[0].created_at)}`)).body.events.map((e: { id: string }) => e.id)).toEqual([all[1].id]);
    expect((await listEvents('?limit=1')).body.events.map((e: { id: string }) => e.id)).toEqual([all[0].id]);
    expect((await listEvents('?is_test=true')).body.events).toEqual([]);
  });

  it.each(['0', '101', 'abc', '-1', '1.5', ''])('answers 400 "limit must be between 1 and 100" for limit=%s', async (limit) => {
    const res = await listEvents(`?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'limit must be between 1 and 100', meta: { errors: [{ field: expect.any(String), message: 'limit must be between 1 and 100' }] } });
  });

  it('accepts limit=1 and limit=100', async () => {
    expect((await listEvents('?limit=1')).status).toBe(200);
    expect((await listEvents('?limit=100')).status).toBe(200);
  });
});

describe('GetEvent', () => {
  // Get Event returns the same object as the list, for every event: test/decisions/events-api.test.ts

  it('answers 400 "error parsing event id" for an id that is not a UUID', async () => {
    const res = await getEvent('not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'error parsing event id', meta: { errors: [{ field: expect.any(String), message: 'error parsing event id' }] } });
  });

  it('answers 404 without detail for an unknown UUID', async () => {
    const res = await getEvent('6f1c0e2a-7d4b-4c3e-9a8f-0b1c2d3e4f50');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('answers 404 for a real event asked for with is_test=true', async () => {
    await sb.api('POST', '/identity/identities', personBody(1));
    await sb.sim.advance(sb.config.reviewDelayMs);
    const [listed] = (await listEvents()).body.events;
    expect((await getEvent(listed.id, '?is_test=true')).status).toBe(404);
  });
});
