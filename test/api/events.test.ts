/**
 * ListEvents and GetEvent (REFERENCE.md §5.1, §5.2): the log that status
 * changes write, limit bounds with Paxos's text, event id parsing, 404
 * without detail. Successful calls go through the generated client, each answer
 * checked against the spec; error paths use raw HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap, type CreateIdentityRequest, type ListEventsQuery } from '../../src/index.js';
import { personBody } from '../support/bodies.js';
import { conforming, createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

const create = async (body: CreateIdentityRequest) => unwrap(conforming(await sb.client.createIdentity(body)));
const events = async (query?: ListEventsQuery) => unwrap(conforming(await sb.client.listEvents(query))).events ?? [];

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
    const a = (await create(personBody(1))).id;
    await sb.sim.advance(60_000);
    const b = (await create({ ...personBody(2), ref_id: 'sim_deny_sanctions-2' })).id;
    await sb.sim.advance(60_000);
    const all = await events();
    expect(all.map((e) => [e.type, (e.object as { identity_id?: string }).identity_id])).toEqual([
      ['identity.approved', a],
      ['identity.denied', b],
    ]);
    expect(all[0]).toMatchObject({ object_type: 'identity_summary_status_change', object: { old_summary_status: 'PENDING', new_summary_status: 'APPROVED' } });
    expect(await events({ type: 'identity.denied' })).toHaveLength(1);
    expect((await events({ 'created_at.gt': all[0].created_at })).map((e) => e.id)).toEqual([all[1].id]);
    expect((await events({ limit: 1 })).map((e) => e.id)).toEqual([all[0].id]);
    expect(await events({ is_test: true })).toEqual([]);
  });

  it.each(['0', '101', 'abc', '-1', '1.5', ''])('answers 400 "limit must be between 1 and 100" for limit=%s', async (limit) => {
    const res = await listEvents(`?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'limit must be between 1 and 100', meta: { errors: [{ field: expect.any(String), message: 'limit must be between 1 and 100' }] } });
  });

  it('accepts limit=1 and limit=100', async () => {
    for (const limit of [1, 100]) expect(conforming(await sb.client.listEvents({ limit })).response.status, String(limit)).toBe(200);
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
    await create(personBody(1));
    await sb.sim.advance(sb.config.reviewDelayMs);
    const [listed] = await events();
    expect((await getEvent(listed.id!, '?is_test=true')).status).toBe(404);
  });
});
