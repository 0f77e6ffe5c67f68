/**
 * @module webhooks/payload
 * The body of every webhook POST: Paxos's reduced ("thin") notification that
 * only names the event (REFERENCE.md §6.1). Consumers fetch the full event with
 * Get Event. The dispatcher and the Pact message tests both use this builder.
 */
import type { Event, WebhookEventNotification } from '../../src/types.js';

/** The fields of a stored event the payload needs. */
export type PayloadSource = Pick<Event, 'type' | 'is_test'> & { id: string; created_at: string };

/**
 * Build the thin payload for an event: `{id, type, source, time, object, is_test}`.
 *
 * @example
 * buildWebhookPayload({ id: 'd99a…', type: 'identity.approved', created_at: '2025-01-07T14:30:02Z' })
 * // → { id: 'd99a…', type: 'identity.approved', source: 'com.paxos',
 * //     time: '2025-01-07T14:30:02Z', object: 'event', is_test: false }
 */
export function buildWebhookPayload(event: PayloadSource): WebhookEventNotification {
  return {
    id: event.id,
    type: event.type ?? '',
    source: 'com.paxos',
    time: event.created_at,
    object: 'event',
    is_test: event.is_test === true,
  };
}
