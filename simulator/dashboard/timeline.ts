/**
 * @module dashboard/timeline
 * One identity's history for the dashboard, merged from three sources: the
 * in-memory request log (API calls naming the identity), the event log (each
 * event with its webhook deliveries and every attempt), and the status
 * transitions that the status-change events record. Pure over a store view.
 */
import { timeKey } from '../domain/timestamps.js';
import type { RequestEntry } from '../services/request-log.js';
import type { DeliveryAttempt, EventRecord, IdentityRecord } from '../store/shape.js';
import type { StoreView } from '../store/store.js';
import { consumerWants } from '../webhooks/outbox.js';

export interface TimelineDelivery {
  id: string;
  consumer_id: string;
  consumer_name?: string;
  consumer_url?: string;
  status: 'pending' | 'succeeded' | 'failed';
  created_at: string;
  /** when the dispatcher tries again (pending deliveries only): the retry schedule */
  next_attempt_at?: string;
  attempts: DeliveryAttempt[];
}

export type TimelineItem =
  | { kind: 'created'; at: string; status: string }
  | { kind: 'request'; at: string; method: string; path: string; status: number; latency_ms: number; client_id?: string; fault?: string }
  | { kind: 'transition'; at: string; from: string; to: string; event_id: string }
  | {
      kind: 'event';
      at: string;
      event_id: string;
      type: string;
      object_type: string;
      is_test: boolean;
      deliveries: TimelineDelivery[];
      /** how many active consumers a re-send would deliver to now (0: the dashboard offers no re-send) */
      resend_consumers: number;
    };

/** Tie order when a frozen clock gives several items the same instant. */
const KIND_ORDER: Record<TimelineItem['kind'], number> = { created: 0, request: 1, transition: 2, event: 3 };

function eventsOf(view: StoreView, identityId: string): EventRecord[] {
  // the identity's own events, and events about it filed under another identity (indexes, not every event)
  const own = view.events.by('identity', identityId);
  const about = view.events.by('about_identity', identityId).filter((e) => e._sim.identity_id !== identityId);
  return [...own, ...about].sort((a, b) => a._sim.seq - b._sim.seq);
}

function deliveriesOf(view: StoreView, eventId: string): TimelineDelivery[] {
  return view.deliveries
    .by('event', eventId)
    .sort((a, b) => a.seq - b.seq)
    .map((d) => {
      const consumer = view.consumers.get(d.consumer_id);
      const out: TimelineDelivery = { id: d.id, consumer_id: d.consumer_id, status: d.status, created_at: d.created_at, attempts: d.attempts };
      if (consumer) Object.assign(out, { consumer_name: consumer.name, consumer_url: consumer.url });
      if (d.status === 'pending' && d.next_attempt_at) out.next_attempt_at = d.next_attempt_at;
      return out;
    });
}

/**
 * Build the merged timeline, oldest first.
 * @example
 * const items = store.read((db) => buildTimeline(db, db.identities.get(id)!, requests.forIdentity(id)));
 */
export function buildTimeline(view: StoreView, rec: IdentityRecord, requests: readonly RequestEntry[]): TimelineItem[] {
  const items: TimelineItem[] = [{ kind: 'created', at: rec.created_at ?? '', status: 'PENDING' }];
  for (const r of requests) {
    items.push({ kind: 'request', at: r.at, method: r.method, path: r.path, status: r.status, latency_ms: r.latency_ms, client_id: r.client_id, ...(r.fault !== undefined && { fault: r.fault }) });
  }
  const consumers = view.consumers.all();
  for (const e of eventsOf(view, rec.id)) {
    const object = e.object as { old_summary_status?: string; new_summary_status?: string } | undefined;
    if (e.object_type === 'identity_summary_status_change' && object?.old_summary_status && object.new_summary_status && !e.is_test) {
      items.push({ kind: 'transition', at: e.created_at, from: object.old_summary_status, to: object.new_summary_status, event_id: e.id });
    }
    items.push({ kind: 'event', at: e.created_at, event_id: e.id, type: e.type ?? '', object_type: e.object_type ?? '', is_test: e.is_test ?? false, deliveries: deliveriesOf(view, e.id), resend_consumers: consumers.filter((c) => consumerWants(c, e)).length });
  }
  // A stable sort keeps each source's own order among items of one kind and instant.
  const key = (at: string) => (timeKey(at) ?? at).slice(0, 23); // millisecond resolution, as the request log has
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => key(a.item.at).localeCompare(key(b.item.at)) || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || a.index - b.index)
    .map((x) => x.item);
}
