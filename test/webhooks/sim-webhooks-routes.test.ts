/**
 * /_sim/webhooks control routes, in process (app.request) with a real
 * receiver for the deliveries they cause.
 */
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/app.js';
import { testConfig } from '../../simulator/config.js';
import { entityDirectory } from '../../simulator/domain/entities.js';
import { silentLogger } from '../../simulator/logger.js';
import { createErrorBoundary } from '../../simulator/http/problem.js';
import { createRequestValidator } from '../../simulator/http/validate.js';
import { createSimWebhookRoutes, identityEventTypes } from '../../simulator/routes/sim-webhooks.js';
import type { DeliveryRecord } from '../../simulator/store/shape.js';
import { createKit, emitEvent, startReceiver, type Kit, type Receiver } from './support.js';

let receiver: Receiver;
let kit: Kit;
let app: Hono;

beforeEach(async () => {
  receiver = await startReceiver();
  kit = await createKit();
  app = new Hono();
  app.onError(createErrorBoundary(silentLogger));
  app.route('/_sim/webhooks', createSimWebhookRoutes({ ...kit, validator: createRequestValidator(), entities: entityDirectory([{ id: 'team-a', clients: ['client-a'] }, { id: 'team-b', clients: ['client-b'] }], ['client-a', 'client-b']) }));
});
afterEach(async () => {
  await receiver.close();
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const call = async (path: string, init?: RequestInit) => {
  const res = await app.request(`/_sim/webhooks${path}`, init);
  return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as any) };
};
const consumerCount = () => kit.store.read((db) => db.consumers.count());

describe('POST /consumers', () => {
  it.each([
    ['a non-http url', { url: 'ftp://127.0.0.1/x' }, 'url must be an http(s) URL'],
    ['a missing url', { name: 'x' }, 'url is required'],
    ['an unknown event type', { url: 'http://127.0.0.1:9/x', event_types: ['identity.approved', 'identity.created'] }, 'event_types[1] must be one of'],
    ['a bad auth type', { url: 'http://127.0.0.1:9/x', auth: { type: 'hmac' } }, 'auth.type must be one of api_key, oauth'],
    ['an api key without value', { url: 'http://127.0.0.1:9/x', auth: { type: 'api_key', header: 'X-Key' } }, 'auth.value is required'],
    ['an oauth token_url that is not http', { url: 'http://127.0.0.1:9/x', auth: { type: 'oauth', token_url: 'nope', client_id: 'a', client_secret: 'b' } }, 'auth.token_url must be an http(s) URL'],
    ['an unknown field', { url: 'http://127.0.0.1:9/x', secret: 'x' }, 'unknown field secret'],
  ])('rejects %s with a 400 Problem naming the field and stores nothing', async (_label, body, detail) => {
    const res = await call('/consumers', json(body));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
    expect(res.body.detail).toContain(detail);
    expect(consumerCount()).toBe(0);
  });

  it('rejects invalid JSON with a 400 Problem', async () => {
    const res = await call('/consumers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/not valid JSON/);
    expect(consumerCount()).toBe(0);
  });

  it('accepts the enum values from the spec, lists the consumer with its secret redacted, and deletes it', async () => {
    expect(identityEventTypes()).toContain('identity.kyc_refresh.expired');
    const created = await call('/consumers', json({ name: 'ops', url: `${receiver.url}/hooks`, event_types: ['identity.denied'], auth: { type: 'api_key', header: 'X-Key', value: 'secret' } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ops', event_types: ['identity.denied'], source: 'api', auth: { type: 'api_key', header: 'X-Key', value: '<redacted>' } });
    const duplicate = await call('/consumers', json({ name: 'ops', url: `${receiver.url}/other` }));
    expect(duplicate.status).toBe(409);

    const list = await call('/consumers');
    expect(list.body.consumers.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect(kit.store.read((db) => db.consumers.get(created.body.id))!.auth).toMatchObject({ value: 'secret' });

    expect((await call(`/consumers/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    const again = await call(`/consumers/${created.body.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ title: 'Not Found', status: 404 });
    expect(consumerCount()).toBe(0);
  });
});

describe('deliveries, resend and drain', () => {
  it('lists deliveries newest first with filters, resends an event and drains on request', async () => {
    const consumer = (await call('/consumers', json({ url: `${receiver.url}/hooks` }))).body;
    const first = await emitEvent(kit);
    kit.clock.advanceBy(1_000);
    const second = await emitEvent(kit);

    const drained = await call('/drain', { method: 'POST' });
    expect(drained.body).toMatchObject({ attempted: 2, succeeded: 2 });

    const all = (await call('/deliveries')).body.deliveries as DeliveryRecord[];
    expect(all.map((d) => d.event_id)).toEqual([second.event.id, first.event.id]);
    expect(all[0].attempts).toHaveLength(1);
    const filtered = (await call(`/deliveries?event_id=${first.event.id}&consumer_id=${consumer.id}&status=succeeded`)).body.deliveries;
    expect(filtered.map((d: DeliveryRecord) => d.id)).toEqual([first.deliveries[0].id]);
    expect((await call('/deliveries?status=lost')).status).toBe(400);
    expect((await call(`/deliveries/${first.deliveries[0].id}`)).body.status).toBe('succeeded');
    expect((await call('/deliveries/nope')).status).toBe(404);

    const resent = await call(`/events/${first.event.id}/resend`, { method: 'POST' });
    expect(resent.status).toBe(202);
    expect(resent.body.deliveries).toHaveLength(1);
    await call('/drain', { method: 'POST' });
    expect(receiver.to('/hooks').map((r) => JSON.parse(r.body).id)).toEqual([first.event.id, second.event.id, first.event.id]);
  });

  it('answers 404 for an unknown event or consumer on resend', async () => {
    const { event } = await emitEvent(kit);
    const unknownEvent = await call('/events/00000000-0000-4000-8000-ffffffffffff/resend', { method: 'POST' });
    expect(unknownEvent.status).toBe(404);
    const unknownConsumer = await call(`/events/${event.id}/resend`, json({ consumer_id: 'nope' }));
    expect(unknownConsumer.status).toBe(404);
    expect(kit.store.read((db) => db.deliveries.count())).toBe(0);
  });
});

describe('POST /test', () => {
  it('stores an is_test event of the type and delivers it with is_test true', async () => {
    await call('/consumers', json({ url: `${receiver.url}/hooks` }));

    const res = await call('/test', json({ type: 'identity.documents_required' }));
    await call('/drain', { method: 'POST' });

    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ type: 'identity.documents_required', object_type: 'identity_documents_required', is_test: true });
    expect(res.body.event.object.required_documents.length).toBeGreaterThan(0);
    const stored = kit.store.read((db) => db.events.get(res.body.event.id))!;
    expect(stored).toMatchObject({ is_test: true, _sim: { client_id: 'client-a' }, undelivered_webhooks: 0 });
    expect(JSON.parse(receiver.to('/hooks')[0].body)).toMatchObject({ id: stored.id, type: 'identity.documents_required', is_test: true });
  });

  it('rejects an unknown type with a 400 Problem and stores no event', async () => {
    const res = await call('/test', json({ type: 'identity.created' }));
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^type must be one of identity\.approved/);
    expect(kit.store.read((db) => db.events.count())).toBe(0);
  });
});

describe('POST /test through the whole simulator', () => {
  it('is listed by GET /v2/events?is_test=true and not by the default listing', async () => {
    const sim = await createSimulator({ config: testConfig(), clock: kit.clock, ids: kit.ids, logger: silentLogger });
    try {
      const sent = await sim.app.request('/_sim/webhooks/test', json({ type: 'identity.approved' }));
      expect(sent.status).toBe(201);
      const { event } = (await sent.json()) as { event: { id: string } };
      const tokenRes = await sim.app.request('/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret', scope: 'events:read_event' }).toString(),
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const list = async (query: string) => {
        const res = await sim.app.request(`/v2/events${query}`, { headers: { authorization: `Bearer ${access_token}` } });
        return ((await res.json()) as { events: Array<{ id: string; is_test?: boolean }> }).events;
      };
      expect((await list('?is_test=true')).map((e) => e.id)).toEqual([event.id]);
      expect((await list('')).map((e) => e.id)).not.toContain(event.id);
    } finally {
      await sim.close();
    }
  });
});
