/**
 * @module services/identity-list
 * List Identities with every filter of the spec and keyset cursors over
 * (created_at, seq): a cursor names the last row seen, so identities created
 * between pages never shift or repeat rows (REFERENCE.md §2.11, §7.3).
 *
 * SANDBOX: Paxos documents no default or maximum `limit` for identities; the
 * simulator uses 100 and 1000, as our spec declares them (QUERY_BOUNDS).
 */
import type { ListIdentitiesQuery, ListIdentitiesResponse } from '../../src/types.js';
import { createdRange, cursorOf, encodeCursor, pageLimit, timeFilters } from '../domain/paging.js';
import { QUERY_BOUNDS } from '../spec/generated/spec-bounds.js';
import { invalid } from '../domain/errors.js';
import { createdKey, seqKey, type IdentityRecord } from '../store/shape.js';
import type { SimContext } from './context.js';
import { presentIdentityJson } from './records.js';

/** The query of List Identities, as the spec declares it (time filters included). */
export type { ListIdentitiesQuery };

/**
 * The active-control filter: `active_control_type` (preview) and `control_type` (dormancy guide)
 * name the same filter; with a reason code, one active control must match both.
 */
function activeControlFilter(q: ListIdentitiesQuery): ((r: IdentityRecord) => boolean) | undefined {
  if (q.active_control_type && q.control_type && q.active_control_type !== q.control_type) {
    throw invalid('active_control_type and control_type name the same filter and must not differ');
  }
  const type = q.active_control_type ?? q.control_type;
  const reason = q.active_control_reason_code;
  if (!type && !reason) return undefined;
  return (r) =>
    (r.status_details?.active_controls ?? []).some(
      (c) => (!type || c.type === type) && (!reason || c.reason_code === reason),
    );
}

export function listIdentities(ctx: SimContext, clientId: string, q: ListIdentitiesQuery): ListIdentitiesResponse {
  return JSON.parse(listIdentitiesJson(ctx, clientId, q)) as ListIdentitiesResponse;
}

/** One page as JSON text, serialised straight from the store (the route's answer). */
export function listIdentitiesJson(ctx: SimContext, clientId: string, q: ListIdentitiesQuery): string {
  const limit = pageLimit(q.limit, QUERY_BOUNDS.ListIdentities.limit);
  const order = q.order ?? 'DESC';
  const entityId = ctx.entities.of(clientId);
  const filters: Array<(r: IdentityRecord) => boolean> = [];
  if (q.summary_status) filters.push((r) => r.status === q.summary_status);
  if (q.identity_type) filters.push((r) => r.type === q.identity_type);
  const controlFilter = activeControlFilter(q);
  if (controlFilter) filters.push(controlFilter);
  filters.push(...timeFilters<IdentityRecord>(q, ['created_at', 'updated_at'], (r, field) => r[field]));
  const cursor = cursorOf(q);
  // Walk the client's identities in list order (the store's "created" ordered index: created_at to
  // the millisecond, then creation sequence), from the cursor on, and stop once the page is full:
  // a page costs what it returns (plus the rows its filters skip), not the size of the store.
  const range = createdRange(`${entityId}|`, cursor, order, seqKey);
  return ctx.store.read((db) => {
    const page: IdentityRecord[] = [];
    let more = false;
    for (const r of db.identities.scan('created', range)) {
      if (!filters.every((f) => f(r))) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(r);
    }
    const last = page.at(-1);
    // JSON.stringify of { items, next_page_cursor? }, each item's text from the summary cache
    const items = page.map((r) => presentIdentityJson(db, r)).join(',');
    const cursor = more && last ? `,"next_page_cursor":${JSON.stringify(encodeCursor({ t: createdKey(last), s: last._sim.seq, o: order }))}` : '';
    return `{"items":[${items}]${cursor}}`;
  });
}
