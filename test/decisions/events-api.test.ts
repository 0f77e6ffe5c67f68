/**
 * The Events API over HTTP (REFERENCE.md §5): ascending order, created_at.*
 * and type filters, is_test, the limit, per-client visibility, Get Event and
 * the events:read_event scope.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import type { Event } from '../../src/types.js';
import { specError } from '../support/sandbox.js';
import { apiFor, create, events, NO_EVENTS_CLIENT, OTHER_CLIENT, personBody, startDecisionSandbox, T0, type Api } from './support.js';

let sim: Simulator;
let api: Api;

beforeEach(async () => {
  sim = await startDecisionSandbox({
    rules: [
      { match: { ref_id_prefix: 'a-' }, outcome: 'APPROVED', delay: '30s' },
      { match: { ref_id_prefix: 'd-' }, outcome: 'DENIED', delay: '10s' },
      { match: { ref_id_prefix: 'e-' }, outcome: 'EDD', delay: '20s' },
    ],
  });
  api = await apiFor(sim);
});
afterEach(async () => {
  await sim.close();
});

/** Three events: denied (+10 s), documents_required (+20 s), approved (+30 s). */
async function threeEvents(): Promise<Event[]> {
  await create(api, personBody({ ref_id: 'a-1' }));
  await create(api, personBody({ ref_id: 'd-1' }));
  await create(api, personBody({ ref_id: 'e-1' }));
  await sim.advance(60_000);
  return events(api);
}

describe('GET /v2/events', () => {
  it('lists events in ascending created_at order', async () => {
    const list = await threeEvents();
    expect(list.map((e) => e.type)).toEqual(['identity.denied', 'identity.documents_required', 'identity.approved']);
    expect(list.map((e) => Date.parse(e.created_at!) - T0)).toEqual([10_000, 20_000, 30_000]);
    for (const e of list) expect(e).toMatchObject({ id: expect.any(String), object: { id: expect.any(String) }, undelivered_webhooks: 0, is_test: false });
  });

  it.each([
    ['created_at.gt', 0, ['identity.documents_required', 'identity.approved']],
    ['created_at.gte', 1, ['identity.documents_required', 'identity.approved']],
    ['created_at.lt', 1, ['identity.denied']],
    ['created_at.lte', 1, ['identity.denied', 'identity.documents_required']],
    ['created_at.eq', 1, ['identity.documents_required']],
  ] as const)('filters with %s against event %i', async (param, index, want) => {
    const list = await threeEvents();
    const filtered = await events(api, `?${param}=${encodeURIComponent(list[index].created_at!)}`);
    expect(filtered.map((e) => e.type)).toEqual(want);
  });

  it('accepts seconds precision in filters', async () => {
    await threeEvents();
    const after = await events(api, `?created_at.gte=${encodeURIComponent('2026-01-15T10:00:15Z')}`);
    expect(after.map((e) => e.type)).toEqual(['identity.documents_required', 'identity.approved']);
  });

  it('answers 400 for a filter that is not a date-time', async () => {
    const res = await api.get('/v2/events?created_at.gt=yesterday');
    expect(res.status).toBe(400);
  });

  it('filters by type', async () => {
    await threeEvents();
    expect((await events(api, '?type=identity.approved')).map((e) => e.type)).toEqual(['identity.approved']);
    expect(await events(api, '?type=identity.disabled')).toEqual([]);
  });

  it('lists real events by default and test events only with is_test=true', async () => {
    await threeEvents();
    const test = await api.post('/_sim/webhooks/test', { type: 'identity.approved' });
    expect(test.status).toBe(201);
    const testId = test.body.event.id as string;
    expect((await events(api)).map((e) => e.id)).not.toContain(testId);
    expect((await events(api, '?is_test=false')).length).toBe(3);
    expect((await events(api, '?is_test=true')).map((e) => [e.id, e.is_test])).toEqual([[testId, true]]);
    expect((await api.get(`/v2/events/${testId}`)).status).toBe(404);
    expect((await api.get(`/v2/events/${testId}?is_test=true`)).status).toBe(200);
  });

  it('returns at most 100 events by default, and pages on with created_at.gt', async () => {
    for (let i = 0; i < 150; i++) await create(api, personBody({ ref_id: `p-${i}` }));
    await sim.advance(2000);
    const first = await events(api);
    expect(first).toHaveLength(100);
    const rest = await events(api, `?created_at.gt=${encodeURIComponent(first.at(-1)!.created_at!)}`);
    expect(rest).toHaveLength(50);
    const ids = new Set([...first, ...rest].map((e) => e.id));
    expect(ids.size).toBe(150);
    expect(await events(api, '?limit=7')).toEqual(first.slice(0, 7));
  });

  it.each(['0', '101', 'ten', '-1'])('answers 400 "limit must be between 1 and 100" for limit=%s', async (limit) => {
    const res = await api.get(`/v2/events?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'limit must be between 1 and 100' });
  });

  it('shows each client only the events of its own entity', async () => {
    const mine = await threeEvents();
    const other = await apiFor(sim, OTHER_CLIENT);
    expect(await events(other)).toEqual([]);
    await create(other, personBody({ ref_id: 'd-other' }));
    await sim.advance(10_000);
    expect((await events(other)).map((e) => e.type)).toEqual(['identity.denied']);
    expect(await events(api)).toEqual(mine);
    expect((await other.get(`/v2/events/${mine[0].id}`)).status).toBe(404);
  });
});

describe('GET /v2/events/{id}', () => {
  it('returns the same object as the list', async () => {
    const list = await threeEvents();
    for (const e of list) {
      const res = await api.get<Event>(`/v2/events/${e.id}`);
      expect(res).toEqual({ status: 200, body: e });
      expect(specError('GetEvent', res)).toBeUndefined();
    }
  });

  // 400 for an id that is not a UUID, 404 without detail for an unknown one: test/api/events.test.ts
});

describe('events:read_event scope', () => {
  it('answers 403 with the insufficient-scopes text without it', async () => {
    const list = await threeEvents();
    const limited = await apiFor(sim, NO_EVENTS_CLIENT);
    for (const path of ['/v2/events', `/v2/events/${list[0].id}`]) {
      const res = await limited.get(path);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: "insufficient scopes: found 'identity:read_identity identity:write_identity', required one of '[events:read_event]'",
      });
    }
  });
});
