/**
 * @module routes/sim-webhooks
 * Simulator-only control routes for webhooks, mounted at /_sim/webhooks behind
 * the control-API auth (not upstream; see docs/webhooks.md): manage consumers,
 * inspect deliveries and their attempts, resend an event, send a test event,
 * and drain the outbox now.
 */
import { Hono } from 'hono';
import type { IdentityEventType } from '../../src/types.js';
import type { Clock } from '../clock.js';
import type { EntityDirectory } from '../domain/entities.js';
import type { Ids } from '../ids.js';
import { readJsonBody, readOptionalJsonObject } from '../http/body.js';
import { alreadyExists, badRequest, notFound } from '../http/problem.js';
import { specEnum } from '../services/spec-enums.js';
import type { RequestValidator } from '../http/validate.js';
import type { ConsumerRecord, DeliveryRecord } from '../store/shape.js';
import type { Store } from '../store/store.js';
import { appendEvent } from '../services/events-log.js';
import { parseConsumerInput } from '../webhooks/consumer-input.js';
import type { Dispatcher } from '../webhooks/dispatcher.js';
import { consumerWants, enqueueDeliveries, registerConsumer, removeConsumer } from '../webhooks/outbox.js';
import { testEventObject } from '../webhooks/test-event.js';

export interface SimWebhookDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  dispatcher: Dispatcher;
  /** when given, synthetic test events are checked against the spec's Event schema */
  validator?: RequestValidator;
  /** the configured entities: consumers and test events belong to one (default: the first) */
  entities: EntityDirectory;
}

const STATUSES: DeliveryRecord['status'][] = ['pending', 'succeeded', 'failed'];

/** The spec's IdentityEventType enum: the event types a consumer may subscribe to. */
export function identityEventTypes(): IdentityEventType[] {
  return specEnum('IdentityEventType') as IdentityEventType[];
}

/** Secrets never leave the simulator through the control API. */
function redact(c: ConsumerRecord): ConsumerRecord {
  if (c.auth.type === 'api_key') return { ...c, auth: { ...c.auth, value: '<redacted>' } };
  if (c.auth.type === 'oauth') return { ...c, auth: { ...c.auth, client_secret: '<redacted>' } };
  return c;
}


/**
 * @example
 * app.route('/_sim/webhooks', createSimWebhookRoutes({ store, clock, ids, dispatcher }));
 */
export function createSimWebhookRoutes(deps: SimWebhookDeps): Hono {
  const { store, clock, ids, dispatcher } = deps;
  const eventTypes = identityEventTypes();
  const app = new Hono();

  app.get('/consumers', (c) => c.json({ consumers: store.read((db) => db.consumers.all()).map(redact) }));

  /** The entity named by entity_id or client_id (400 if neither is configured), else the first entity. */
  const entityFrom = (entityId: string | undefined, clientId: string | undefined): string => {
    if (entityId !== undefined) {
      if (!deps.entities.ids.includes(entityId)) throw badRequest(`entity_id "${entityId}" is not a configured entity (${deps.entities.ids.join(', ')})`);
      if (clientId !== undefined && deps.entities.of(clientId) !== entityId) throw badRequest(`client_id "${clientId}" does not belong to entity "${entityId}"`);
      return entityId;
    }
    if (clientId !== undefined) {
      if (!deps.entities.knows(clientId)) throw badRequest(`client_id "${clientId}" is not a configured client`);
      return deps.entities.of(clientId);
    }
    return deps.entities.defaultId;
  };

  app.post('/consumers', async (c) => {
    const parsed = parseConsumerInput(await readJsonBody(c), eventTypes);
    const input = { ...parsed, entity_id: entityFrom(parsed.entity_id, parsed.client_id) };
    const consumer = await store.transact((tx) => {
      const name = input.name ?? input.url;
      const clash = tx.consumers.find((x) => x.name === name);
      if (clash) throw alreadyExists(`a webhook consumer named "${name}" already exists`, { consumer_id: clash.id });
      return registerConsumer(tx, input, { now: clock.now(), ids });
    });
    return c.json(redact(consumer), 201);
  });

  app.delete('/consumers/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await store.transact((tx) => removeConsumer(tx, id)))) throw notFound(`webhook consumer ${id} does not exist`);
    return c.body(null, 204);
  });

  app.get('/deliveries', (c) => {
    const q = c.req.query();
    const unknown = Object.keys(q).find((k) => !['event_id', 'consumer_id', 'status'].includes(k));
    if (unknown) throw badRequest(`unknown query parameter ${unknown}`);
    if (q.status !== undefined && !STATUSES.includes(q.status as DeliveryRecord['status'])) {
      throw badRequest(`status must be one of ${STATUSES.join(', ')}`);
    }
    const deliveries = store.read((db) =>
      db.deliveries
        .filter((d) => (!q.event_id || d.event_id === q.event_id) && (!q.consumer_id || d.consumer_id === q.consumer_id) && (!q.status || d.status === q.status))
        .map((d) => ({ ...d, event_type: db.events.get(d.event_id)?.type })),
    );
    deliveries.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.seq - a.seq);
    return c.json({ deliveries });
  });

  app.get('/deliveries/:id', (c) => {
    const delivery = store.read((db) => db.deliveries.get(c.req.param('id')));
    if (!delivery) throw notFound(`webhook delivery ${c.req.param('id')} does not exist`);
    return c.json(delivery);
  });

  app.post('/events/:eventId/resend', async (c) => {
    const eventId = c.req.param('eventId');
    const body = await readOptionalJsonObject(c);
    const extra = Object.keys(body).find((k) => k !== 'consumer_id');
    if (extra) throw badRequest(`unknown field ${extra}`);
    if (body.consumer_id !== undefined && typeof body.consumer_id !== 'string') throw badRequest('consumer_id must be a string');
    const consumerId = body.consumer_id as string | undefined;
    const deliveries = await store.transact((tx) => {
      const event = tx.events.get(eventId);
      if (!event) throw notFound(`event ${eventId} does not exist`);
      if (consumerId !== undefined) {
        const consumer = tx.consumers.get(consumerId);
        if (!consumer) throw notFound(`webhook consumer ${consumerId} does not exist`);
        if (!consumerWants(consumer, event)) throw badRequest(`consumer_id ${consumerId} is not subscribed to this event (event_types or entity)`);
      }
      return enqueueDeliveries(tx, event, { now: clock.now(), ids }, { consumerId });
    });
    dispatcher.kick();
    return c.json({ deliveries }, 202);
  });

  app.post('/test', async (c) => {
    const body = await readJsonBody(c);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('request body must be an object');
    const { type, client_id, entity_id, ...rest } = body as Record<string, unknown>;
    if (Object.keys(rest).length) throw badRequest(`unknown field ${Object.keys(rest)[0]}`);
    if (type === undefined) throw badRequest('type is required');
    if (typeof type !== 'string' || !eventTypes.includes(type as IdentityEventType)) throw badRequest(`type must be one of ${eventTypes.join(', ')}`);
    if (client_id !== undefined && (typeof client_id !== 'string' || client_id === '')) throw badRequest('client_id must be a non-empty string');
    if (entity_id !== undefined && (typeof entity_id !== 'string' || entity_id === '')) throw badRequest('entity_id must be a non-empty string');
    const entityId = entityFrom(entity_id as string | undefined, client_id as string | undefined);
    const clientId = (client_id as string | undefined) ?? deps.entities.clientsOf(entityId)[0] ?? entityId;
    const result = await store.transact((tx) => {
      const identity = tx.identities.filter((i) => i._sim.entity_id === entityId).sort((a, b) => b._sim.seq - a._sim.seq)[0];
      const payload = testEventObject(type as IdentityEventType, identity?.id ?? ids.uuid(), clock.now(), ids.uuid());
      const appended = appendEvent(tx, { clock, ids }, { type, ...payload, client_id: clientId, entity_id: entityId, identity_id: identity?.id, is_test: true });
      const { _sim, ...event } = tx.events.get(appended.id)!;
      const invalid = deps.validator?.response('GetEvent', 200, event);
      if (invalid) throw new Error(`synthetic test event does not match the spec: ${invalid}`);
      return { event, deliveries: tx.deliveries.by('event', event.id) };
    });
    dispatcher.kick();
    return c.json(result, 201);
  });

  app.post('/drain', async (c) => c.json(await dispatcher.drainOnce()));

  return app;
}
