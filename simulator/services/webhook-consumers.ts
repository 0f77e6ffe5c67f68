/**
 * @module services/webhook-consumers
 * The simulator's webhook consumers and deliveries, as the control API
 * (/_sim/webhooks) manages them: register a consumer (names are unique),
 * remove one, list deliveries, resend an event, send a synthetic test event.
 * No HTTP here: the route parses requests and the error boundary maps the
 * DomainErrors thrown here to Problems. Secrets never leave through here.
 */
import type { IdentityEventType } from '../../src/types.js';
import type { Clock } from '../clock.js';
import type { WebhookConsumerConfig } from '../config.js';
import type { EntityDirectory } from '../domain/entities.js';
import { conflict, invalid, missing } from '../domain/errors.js';
import type { Ids } from '../ids.js';
import type { ConsumerRecord, DeliveryRecord, EventRecord, IdentityRecord } from '../store/shape.js';
import type { Store, StoreTx } from '../store/store.js';
import { appendEvent } from './events-log.js';
import { specEnum } from './spec-enums.js';
import { consumerWants, enqueueDeliveries, registerConsumer, removeConsumer } from '../webhooks/outbox.js';
import { testEventObject } from '../webhooks/test-event.js';

export interface WebhookConsumerDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  /** wake the dispatcher: new deliveries are due */
  kick(): void;
  /** the configured entities: consumers and test events belong to one (default: the first) */
  entities: EntityDirectory;
  /** when given, a synthetic test event is checked against the spec's Event schema: a description of what is wrong, or undefined */
  checkEvent?: (event: unknown) => string | undefined;
}

export const DELIVERY_STATUSES: readonly DeliveryRecord['status'][] = ['pending', 'succeeded', 'failed'];

/** The spec's IdentityEventType enum: the event types a consumer may subscribe to. */
export function identityEventTypes(): IdentityEventType[] {
  return specEnum('IdentityEventType') as IdentityEventType[];
}

/** Secrets never leave the simulator through the control API. */
export function redactConsumer(c: ConsumerRecord): ConsumerRecord {
  if (c.auth.type === 'api_key') return { ...c, auth: { ...c.auth, value: '<redacted>' } };
  if (c.auth.type === 'oauth') return { ...c, auth: { ...c.auth, client_secret: '<redacted>' } };
  return c;
}

export function listConsumers(deps: WebhookConsumerDeps): ConsumerRecord[] {
  return deps.store.read((db) => db.consumers.all()).map(redactConsumer);
}

/** The entity named by entity_id or client_id (invalid if neither is configured), else the first entity. */
export function entityFor(entities: EntityDirectory, entityId: string | undefined, clientId: string | undefined): string {
  if (entityId !== undefined) {
    if (!entities.ids.includes(entityId)) throw invalid(`entity_id "${entityId}" is not a configured entity (${entities.ids.join(', ')})`);
    if (clientId !== undefined && entities.of(clientId) !== entityId) throw invalid(`client_id "${clientId}" does not belong to entity "${entityId}"`);
    return entityId;
  }
  if (clientId !== undefined) {
    if (!entities.knows(clientId)) throw invalid(`client_id "${clientId}" is not a configured client`);
    return entities.of(clientId);
  }
  return entities.defaultId;
}

/** Register a consumer from the control API; its name (default: its url) must be unused. Returns it redacted. */
export async function addConsumer(deps: WebhookConsumerDeps, parsed: WebhookConsumerConfig): Promise<ConsumerRecord> {
  const input = { ...parsed, entity_id: entityFor(deps.entities, parsed.entity_id, parsed.client_id) };
  const consumer = await deps.store.transact((tx) => {
    const name = input.name ?? input.url;
    const clash = tx.consumers.find((x) => x.name === name);
    if (clash) throw conflict(`a webhook consumer named "${name}" already exists`, { consumer_id: clash.id });
    return registerConsumer(tx, input, { now: deps.clock.now(), ids: deps.ids });
  });
  return redactConsumer(consumer);
}

export async function deleteConsumer(deps: WebhookConsumerDeps, id: string): Promise<void> {
  if (!(await deps.store.transact((tx) => removeConsumer(tx, id)))) throw missing(`webhook consumer ${id} does not exist`);
}

export interface DeliveryFilter {
  event_id?: string;
  consumer_id?: string;
  status?: DeliveryRecord['status'];
}

/** Deliveries matching the filter, newest first, each with its event's type. */
export function listDeliveries(deps: WebhookConsumerDeps, q: DeliveryFilter): Array<DeliveryRecord & { event_type: string | undefined }> {
  const deliveries = deps.store.read((db) =>
    (q.event_id ? db.deliveries.by('event', q.event_id) : db.deliveries.all())
      .filter((d) => (!q.event_id || d.event_id === q.event_id) && (!q.consumer_id || d.consumer_id === q.consumer_id) && (!q.status || d.status === q.status))
      .map((d) => ({ ...d, event_type: db.events.get(d.event_id)?.type })),
  );
  deliveries.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.seq - a.seq);
  return deliveries;
}

export function getDelivery(deps: WebhookConsumerDeps, id: string): DeliveryRecord {
  const delivery = deps.store.read((db) => db.deliveries.get(id));
  if (!delivery) throw missing(`webhook delivery ${id} does not exist`);
  return delivery;
}

/** Deliver an event again: to every consumer that wants it, or to one that must. Returns the new deliveries. */
export async function resendEvent(deps: WebhookConsumerDeps, eventId: string, consumerId: string | undefined): Promise<DeliveryRecord[]> {
  const deliveries = await deps.store.transact((tx) => {
    const event = tx.events.get(eventId);
    if (!event) throw missing(`event ${eventId} does not exist`);
    if (consumerId !== undefined) {
      const consumer = tx.consumers.get(consumerId);
      if (!consumer) throw missing(`webhook consumer ${consumerId} does not exist`);
      if (!consumerWants(consumer, event)) throw invalid(`consumer_id ${consumerId} is not subscribed to this event (event_types or entity)`);
    }
    return enqueueDeliveries(tx, event, { now: deps.clock.now(), ids: deps.ids }, { consumerId });
  });
  deps.kick();
  return deliveries;
}

export interface TestEventRequest {
  type: IdentityEventType;
  client_id?: string;
  entity_id?: string;
}

/**
 * The entity's most recently created identity: the last of its rows in the
 * identities' `created` index (created_at, then creation sequence), so the
 * store is not read whole. The clock never moves backwards, so this is also
 * the one created last.
 */
function latestIdentity(tx: StoreTx, entityId: string): IdentityRecord | undefined {
  const prefix = `${entityId}|`;
  for (const r of tx.identities.scan('created', { reverse: true, above: prefix, below: `${prefix}\uffff` })) {
    if (r._sim.entity_id === entityId) return r;
  }
  return undefined;
}

/**
 * Append a synthetic event (`is_test`) of the given type for the entity's
 * latest identity (or a made-up id) and deliver it like any other.
 */
export async function sendTestEvent(deps: WebhookConsumerDeps, request: TestEventRequest): Promise<{ event: Omit<EventRecord, '_sim'>; deliveries: DeliveryRecord[] }> {
  const { store, clock, ids } = deps;
  const { type } = request;
  const entityId = entityFor(deps.entities, request.entity_id, request.client_id);
  const clientId = request.client_id ?? deps.entities.clientsOf(entityId)[0] ?? entityId;
  const result = await store.transact((tx) => {
    const identity = latestIdentity(tx, entityId);
    const payload = testEventObject(type, identity?.id ?? ids.uuid(), clock.now(), ids.uuid());
    const appended = appendEvent(tx, { clock, ids }, { type, ...payload, client_id: clientId, entity_id: entityId, identity_id: identity?.id, is_test: true });
    const { _sim, ...event } = tx.events.get(appended.id)!;
    const wrong = deps.checkEvent?.(event);
    if (wrong) throw new Error(`synthetic test event does not match the spec: ${wrong}`);
    return { event, deliveries: tx.deliveries.by('event', event.id) };
  });
  deps.kick();
  return result;
}
