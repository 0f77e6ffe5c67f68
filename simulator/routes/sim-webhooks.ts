/**
 * @module routes/sim-webhooks
 * Simulator-only control routes for webhooks, mounted at /_sim/webhooks behind
 * the control-API auth (not upstream; see docs/webhooks.md): manage consumers,
 * inspect deliveries and their attempts, resend an event, send a test event,
 * and drain the outbox now. A thin parser: the work is in
 * services/webhook-consumers.ts.
 */
import { Hono } from 'hono';
import type { IdentityEventType } from '../../src/types.js';
import type { Clock } from '../clock.js';
import type { EntityDirectory } from '../domain/entities.js';
import type { Ids } from '../ids.js';
import { readJsonBody, readOptionalJsonObject } from '../http/body.js';
import { badRequest } from '../http/problem.js';
import type { RequestValidator } from '../http/validate.js';
import type { DeliveryRecord } from '../store/shape.js';
import type { Store } from '../store/store.js';
import {
  addConsumer,
  DELIVERY_STATUSES,
  deleteConsumer,
  getDelivery,
  identityEventTypes,
  listConsumers,
  listDeliveries,
  resendEvent,
  sendTestEvent,
  type WebhookConsumerDeps,
} from '../services/webhook-consumers.js';
import { parseConsumerInput } from '../webhooks/consumer-input.js';
import type { Dispatcher } from '../webhooks/dispatcher.js';

export { identityEventTypes };

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

/**
 * @example
 * app.route('/_sim/webhooks', createSimWebhookRoutes({ store, clock, ids, dispatcher }));
 */
export function createSimWebhookRoutes(deps: SimWebhookDeps): Hono {
  const { dispatcher } = deps;
  const eventTypes = identityEventTypes();
  const service: WebhookConsumerDeps = {
    store: deps.store,
    clock: deps.clock,
    ids: deps.ids,
    entities: deps.entities,
    kick: () => dispatcher.kick(),
    checkEvent: deps.validator ? (event) => deps.validator!.response('GetEvent', 200, event) : undefined,
  };
  const app = new Hono();

  app.get('/consumers', (c) => c.json({ consumers: listConsumers(service) }));

  app.post('/consumers', async (c) => {
    const consumer = await addConsumer(service, parseConsumerInput(await readJsonBody(c), eventTypes));
    return c.json(consumer, 201);
  });

  app.delete('/consumers/:id', async (c) => {
    await deleteConsumer(service, c.req.param('id'));
    return c.body(null, 204);
  });

  app.get('/deliveries', (c) => {
    const q = c.req.query();
    const unknown = Object.keys(q).find((k) => !['event_id', 'consumer_id', 'status'].includes(k));
    if (unknown) throw badRequest(`unknown query parameter ${unknown}`);
    if (q.status !== undefined && !DELIVERY_STATUSES.includes(q.status as DeliveryRecord['status'])) {
      throw badRequest(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    }
    return c.json({ deliveries: listDeliveries(service, { event_id: q.event_id, consumer_id: q.consumer_id, status: q.status as DeliveryRecord['status'] | undefined }) });
  });

  app.get('/deliveries/:id', (c) => c.json(getDelivery(service, c.req.param('id'))));

  app.post('/events/:eventId/resend', async (c) => {
    const eventId = c.req.param('eventId');
    const body = await readOptionalJsonObject(c);
    const extra = Object.keys(body).find((k) => k !== 'consumer_id');
    if (extra) throw badRequest(`unknown field ${extra}`);
    if (body.consumer_id !== undefined && typeof body.consumer_id !== 'string') throw badRequest('consumer_id must be a string');
    const deliveries = await resendEvent(service, eventId, body.consumer_id as string | undefined);
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
    const result = await sendTestEvent(service, { type: type as IdentityEventType, client_id: client_id as string | undefined, entity_id: entity_id as string | undefined });
    return c.json(result, 201);
  });

  app.post('/drain', async (c) => c.json(await dispatcher.drainOnce()));

  return app;
}
