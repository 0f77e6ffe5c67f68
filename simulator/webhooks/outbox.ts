/**
 * @module webhooks/outbox
 * The transactional outbox: delivery records are written in the SAME
 * `store.transact` as the event they announce, so a state change and its
 * webhooks cannot be separated by a crash. The dispatcher sends them later.
 *
 * Also keeps `undelivered_webhooks` on each event right (REFERENCE.md §5.3).
 */
import type { Ids } from '../ids.js';
import type { StoreTx } from '../store/store.js';
import type { ConsumerRecord, DeliveryRecord, EventRecord } from '../store/shape.js';

export { configConsumerId, registerConsumer, removeConsumer, syncConfigConsumers, type ConsumerCtx } from './consumers.js';

/**
 * Does this consumer receive this event? (active, subscribed type, owning
 * entity). The simulator gives every consumer an entity; a consumer without
 * one (built by hand) filters by client_id, or takes everything.
 */
export function consumerWants(consumer: ConsumerRecord, event: Pick<EventRecord, 'type' | '_sim'>): boolean {
  if (!consumer.active) return false;
  if (consumer.event_types.length > 0 && !consumer.event_types.includes(event.type ?? '')) return false;
  if (consumer.entity_id !== undefined) return consumer.entity_id === event._sim.entity_id;
  return consumer.client_id === undefined || consumer.client_id === event._sim.client_id;
}

/**
 * Queue one pending delivery per interested consumer (or only `only.consumerId`)
 * and update the event's `undelivered_webhooks`. Call inside the transaction
 * that appends the event; if the event is not stored yet it is stored here.
 *
 * @example
 * await store.transact((tx) => {
 *   tx.events.put(event.id, event);
 *   enqueueDeliveries(tx, event, { now: clock.now(), ids });
 * });
 * dispatcher.kick();
 */
export function enqueueDeliveries(
  tx: StoreTx,
  event: EventRecord,
  ctx: { now: Date; ids: Ids },
  only: { consumerId?: string } = {},
): DeliveryRecord[] {
  const at = ctx.now.toISOString();
  const consumers = tx.consumers
    .filter((c) => (only.consumerId === undefined || c.id === only.consumerId) && consumerWants(c, event))
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const created = consumers.map((consumer): DeliveryRecord => {
    const delivery: DeliveryRecord = {
      id: ctx.ids.uuid(),
      event_id: event.id,
      consumer_id: consumer.id,
      client_id: event._sim.client_id,
      entity_id: event._sim.entity_id,
      status: 'pending',
      is_test: event.is_test === true,
      created_at: at,
      next_attempt_at: at,
      attempts: [],
      seq: tx.nextSeq(),
    };
    tx.deliveries.put(delivery.id, delivery);
    return delivery;
  });
  if (!tx.events.has(event.id)) tx.events.put(event.id, event);
  refreshUndelivered(tx, event.id);
  return created;
}

/**
 * Webhooks of an event not yet delivered: the number of consumers it was
 * queued for that have no succeeded delivery of it. Counting per consumer (not
 * per record) means a successful resend clears an earlier failure.
 */
export function countUndelivered(tx: Pick<StoreTx, 'deliveries'>, eventId: string): number {
  const delivered = new Map<string, boolean>();
  for (const d of tx.deliveries.by('event', eventId)) {
    delivered.set(d.consumer_id, delivered.get(d.consumer_id) === true || d.status === 'succeeded');
  }
  return [...delivered.values()].filter((ok) => !ok).length;
}

/** Write countUndelivered() onto the stored event (call after every attempt). */
export function refreshUndelivered(tx: StoreTx, eventId: string): void {
  const event = tx.events.get(eventId);
  if (!event) return;
  const count = countUndelivered(tx, eventId);
  if (event.undelivered_webhooks !== count) tx.events.put(eventId, { ...event, undelivered_webhooks: count });
}
