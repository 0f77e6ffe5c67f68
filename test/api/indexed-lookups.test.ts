/**
 * Lookups that read a secondary index instead of every row of a collection
 * (rows are parsed on read, so a whole-collection read costs the store's
 * size): each answers exactly what the full scan answered, edge cases included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../simulator/dashboard/timeline.js';
import { appendEvent } from '../../simulator/services/events-log.js';
import type { IdentityRecord } from '../../simulator/store/shape.js';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, OTHER_CLIENT, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

const createPerson = async (n: number, client?: typeof OTHER_CLIENT) => {
  const res = client
    ? await sb.request('/v2/identity/identities', { method: 'POST', json: personBody(n), token: await sb.token(undefined, client) })
    : await sb.api('POST', '/identity/identities', personBody(n));
  expect(res.status).toBe(200);
  return res.body.id as string;
};

describe('POST /_sim/webhooks/test', () => {
  it("names the entity's most recently created identity, not another entity's newer one (frozen clock: same millisecond)", async () => {
    await createPerson(1);
    const latest = await createPerson(2);
    await createPerson(3, OTHER_CLIENT);
    const sent = await sb.request('/_sim/webhooks/test', { method: 'POST', json: { type: 'identity.approved' } });
    expect(sent.status).toBe(201);
    expect(sent.body.event.object.identity_id).toBe(latest);
  });
});

describe('profile nicknames', () => {
  it('are unique among active profiles of one entity: a deactivated profile frees its nickname; another entity may use it', async () => {
    const first = await sb.api('POST', '/profiles', { nickname: 'Spare' });
    expect(first.status).toBe(200);
    expect((await sb.api('POST', '/profiles', { nickname: 'Spare' })).status).toBe(409);
    const elsewhere = await sb.request('/v2/profiles', { method: 'POST', json: { nickname: 'Spare' }, token: await sb.token(undefined, OTHER_CLIENT) });
    expect(elsewhere.status).toBe(200);
    expect((await sb.api('PUT', `/profiles/${first.body.id}/deactivate`)).status).toBe(200);
    const again = await sb.api('POST', '/profiles', { nickname: 'Spare' });
    expect(again.status).toBe(200);
    expect(again.body.id).not.toBe(first.body.id);
  });
});

describe('DELETE /v2/identity/controls for a control with no history row (a data file from before the history)', () => {
  it("finds the identity holding it among the entity's identities with controls, and 404s for another entity's", async () => {
    const id = await createPerson(1);
    const control = { id: '00000000-0000-4000-8000-00000000c0de', type: 'DORMANT', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'INACTIVITY', created_at: '2026-01-01T00:00:00.000Z' } as const;
    await sb.sim.store.transact((tx) => {
      const rec = tx.identities.get(id)!;
      tx.identities.put(id, { ...rec, _sim: { ...rec._sim, controls: [control] } });
    });
    expect(sb.sim.store.read((db) => db.controls.get(control.id))).toBeUndefined();
    const other = await sb.request(`/v2/identity/controls?control_id=${control.id}`, { method: 'DELETE', token: await sb.token(undefined, OTHER_CLIENT) });
    expect(other.status).toBe(404);
    const removed = await sb.api('DELETE', `/identity/controls?control_id=${control.id}`);
    expect(removed.status).toBe(200);
    expect(sb.sim.store.read((db) => db.identities.get(id)!._sim.controls)).toEqual([]);
  });
});

describe('the dashboard timeline', () => {
  it("holds the identity's own events and events about it filed under no identity, in sequence order", async () => {
    const id = await createPerson(1);
    await sb.sim.advance(10_000); // the decision: the identity's own events
    const about = await sb.sim.store.transact((tx) =>
      appendEvent(tx, sb.sim.ctx, { type: 'identity.approved', object_type: 'identity_summary_status_change', client_id: 'paxos-sim-client', entity_id: 'team-a', object: { identity_id: id, old_summary_status: 'PENDING', new_summary_status: 'APPROVED' }, is_test: true }),
    );
    const unrelated = await sb.sim.store.transact((tx) =>
      appendEvent(tx, sb.sim.ctx, { type: 'identity.approved', object_type: 'identity_summary_status_change', client_id: 'paxos-sim-client', entity_id: 'team-a', object: { identity_id: 'someone-else' }, is_test: true }),
    );
    const items = sb.sim.store.read((db) => buildTimeline(db, db.identities.get(id) as IdentityRecord, []));
    const eventIds = items.flatMap((i) => (i.kind === 'event' ? [i.event_id] : []));
    const own = sb.sim.store.read((db) => db.events.by('identity', id).map((e) => e.id));
    expect(own.length).toBeGreaterThan(0);
    expect(eventIds).toEqual([...own, about.id]);
    expect(eventIds).not.toContain(unrelated.id);
  });
});
