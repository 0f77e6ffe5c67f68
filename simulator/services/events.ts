/**
 * @module services/events
 * List Events and Get Event over the same log the webhooks are sent from
 * (REFERENCE.md §5): ascending by created_at, `limit` 1..100 (default 100),
 * `created_at.*`, `type`, `is_test` (default false); each client sees the
 * events of its entity only.
 */
import type { Event, ListEventsQuery, ListEventsResponse } from '../../src/types.js';
import { limitRule, pageLimit, timeFilters } from '../domain/paging.js';
import { QUERY_BOUNDS } from '../spec/generated/spec-bounds.js';
import { invalid, missing } from '../domain/errors.js';
import { eventFeedKey, type EventRecord } from '../store/shape.js';
import type { SimContext } from './context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query of List Events, as the spec declares it (time filters included). */
export type { ListEventsQuery };

/** Paxos's exact text for an out-of-range `limit` (1 to 100, 100 when omitted: REFERENCE.md §5.1, held by the spec). */
export const EVENTS_LIMIT_RULE = limitRule(QUERY_BOUNDS.ListEvents.limit);

export function presentEvent(e: EventRecord): Event {
  const { _sim, ...wire } = e;
  void _sim;
  return wire;
}

export function listEvents(ctx: SimContext, clientId: string, q: ListEventsQuery): ListEventsResponse {
  const limit = pageLimit(q.limit, QUERY_BOUNDS.ListEvents.limit);
  const isTest = q.is_test ?? false;
  const entityId = ctx.entities.of(clientId);
  const filters: Array<(e: EventRecord) => boolean> = [];
  if (q.type) filters.push((e) => e.type === q.type);
  filters.push(...timeFilters<EventRecord>(q, ['created_at'], (e) => e.created_at));
  // the entity's (test) events in order (created_at, then sequence) from the `feed` index, up to the limit
  const prefix = eventFeedKey(entityId, isTest);
  return ctx.store.read((db) => {
    const events: Event[] = [];
    for (const e of db.events.scan('feed', { above: prefix, below: `${prefix}\uffff` })) {
      if (!filters.every((f) => f(e))) continue;
      events.push(presentEvent(e));
      if (events.length >= limit) break;
    }
    return { events };
  });
}

export function getEvent(ctx: SimContext, clientId: string, id: string, isTest = false): Event {
  if (!UUID.test(id)) throw invalid('error parsing event id');
  const event = ctx.store.read((db) => db.events.get(id));
  // 404 without detail, as Paxos documents it (REFERENCE.md §5.2).
  if (!event || event._sim.entity_id !== ctx.entities.of(clientId) || (event.is_test ?? false) !== isTest) throw missing();
  return presentEvent(event);
}
