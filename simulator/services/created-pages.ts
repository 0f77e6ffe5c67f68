/**
 * @module services/created-pages
 * A list page walked through a collection's `created` ordered index (keys
 * "<entity>|<created ms>|<seq>", shape.ts ORDERED_INDEXES): the page reads the
 * rows it returns plus those its filters skip, never the whole collection.
 */
import { createdRange, cursorOf, pageLimit, pageOfWalk, type LimitBounds, type PageRow, type SortOrder } from '../domain/paging.js';
import { seqKey } from '../store/shape.js';
import type { Collection } from '../store/store.js';

/**
 * One page of the rows under `prefix` (an entity's: `${entityId}|`) that match,
 * in the query's order from its cursor on; same answer as paging() the filtered rows.
 */
export function walkCreated<T>(
  rows: Collection<T>,
  prefix: string,
  matches: (row: T) => boolean,
  keyOf: (row: T) => PageRow,
  q: { limit?: number; order?: SortOrder; page_cursor?: string },
  bounds: LimitBounds,
): { items: T[]; next_page_cursor?: string } {
  const limit = pageLimit(q.limit, bounds);
  const order = q.order ?? 'DESC';
  const range = createdRange(prefix, cursorOf(q), order, seqKey);
  return pageOfWalk(rows.scan('created', range), matches, keyOf, limit, order);
}
