/**
 * @module domain/paging
 * Keyset pages over rows ordered by (created_at to the millisecond, seq), as
 * List Identities pages: a cursor names the last row seen, so rows created
 * between pages never shift or repeat. Pure; bad input is a DomainError.
 */
import type { ListIdentitiesQuery } from '../../src/types.js';
import { invalid } from './errors.js';
import { compareTime, timeKey } from './timestamps.js';

/** A `limit` parameter's bounds and default, as the spec declares them (spec/generated/spec-bounds.ts). */
export interface LimitBounds {
  readonly minimum: number;
  readonly maximum: number;
  readonly default: number;
}

/** The sentence for a `limit` outside its bounds (the request validator words it the same way). */
export const limitRule = (b: LimitBounds): string => `limit must be between ${b.minimum} and ${b.maximum}`;

/**
 * The page size of a query: its `limit`, or the spec's default when omitted. A value outside
 * the spec's bounds is a DomainError (HTTP requests are stopped earlier by the validator; this
 * guards the services' other callers).
 */
export function pageLimit(limit: number | undefined, bounds: LimitBounds): number {
  const n = limit ?? bounds.default;
  if (!Number.isInteger(n) || n < bounds.minimum || n > bounds.maximum) throw invalid(limitRule(bounds));
  return n;
}
export const TIME_OPS = ['lt', 'lte', 'eq', 'gte', 'gt'] as const;
export type TimeOp = (typeof TIME_OPS)[number];
/** The time filters as the spec declares them (List Identities takes every one). */
export type TimeFilters = Pick<ListIdentitiesQuery, `${'created_at' | 'updated_at'}.${TimeOp}`>;
/** The spec's sort directions. */
export type SortOrder = NonNullable<ListIdentitiesQuery['order']>;

export interface PageRow {
  created_at?: string;
  seq: number;
}

/** A keyset cursor: created_at of the last row (to the millisecond), its seq, and the order. */
export interface Cursor {
  t: string;
  s: number;
  o: SortOrder;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.t === 'string' && typeof c.s === 'number' && (c.o === 'ASC' || c.o === 'DESC')) return c;
  } catch {
    /* fall through */
  }
  throw invalid('page_cursor token cannot be parsed');
}

/** Row predicates for `created_at.*` / `updated_at.*` filters; 400 for a value that is no date-time. */
export function timeFilters<T>(q: TimeFilters, fields: ReadonlyArray<'created_at' | 'updated_at'>, valueOf: (row: T, field: 'created_at' | 'updated_at') => string | undefined): Array<(row: T) => boolean> {
  const out: Array<(row: T) => boolean> = [];
  for (const field of fields) {
    for (const op of TIME_OPS) {
      const value = q[`${field}.${op}`];
      if (value === undefined) continue;
      const key = timeKey(value);
      if (!key) throw invalid(`${field}.${op} must be an RFC 3339 date-time such as 2006-01-02T15:04:05Z`);
      out.push((row) => compareTime(valueOf(row, field) ?? '', op, key));
    }
  }
  return out;
}

/** One page of `rows` (already filtered) and the cursor of the next page, if there is one. */
export function page<T>(rows: T[], key: (row: T) => PageRow, q: { limit?: number; order?: SortOrder; page_cursor?: string }, bounds: LimitBounds): { items: T[]; next_page_cursor?: string } {
  const limit = pageLimit(q.limit, bounds);
  const order = q.order ?? 'DESC';
  const cursor = q.page_cursor ? decodeCursor(q.page_cursor) : undefined;
  if (cursor && cursor.o !== order) throw invalid('page_cursor was issued for a different order');
  const sortKey = (r: T) => (timeKey(key(r).created_at ?? '') ?? '').slice(0, 23);
  const after = (r: T) => {
    if (!cursor) return true;
    const k = sortKey(r);
    const s = key(r).seq;
    return order === 'DESC' ? k < cursor.t || (k === cursor.t && s < cursor.s) : k > cursor.t || (k === cursor.t && s > cursor.s);
  };
  const sorted = rows.filter(after).sort((a, b) => {
    const diff = sortKey(a).localeCompare(sortKey(b)) || key(a).seq - key(b).seq;
    return order === 'DESC' ? -diff : diff;
  });
  const items = sorted.slice(0, limit);
  if (sorted.length <= limit) return { items };
  const last = items[items.length - 1];
  const next: Cursor = { t: sortKey(last), s: key(last).seq, o: order };
  return { items, next_page_cursor: encodeCursor(next) };
}

/** A range of a store's ordered index (see Collection.scan): keys strictly between `above` and `below`, walked backwards with `reverse`. */
export interface IndexRange {
  above: string;
  below: string;
  reverse?: boolean;
}

/**
 * The part of a `created` ordered index (keys "<prefix><created ms>|<seq key>")
 * that a page walks: the prefix's rows after the cursor's row, in `order`.
 * `seqKey` writes a seq as the index does.
 */
export function createdRange(prefix: string, cursor: Cursor | undefined, order: SortOrder, seqKey: (seq: number) => string): IndexRange {
  const at = cursor ? `${prefix}${cursor.t}|${seqKey(cursor.s)}` : undefined;
  return order === 'DESC'
    ? { reverse: true, above: prefix, below: at ?? `${prefix}\uffff` }
    : { above: at ? `${at}\u0000\uffff` : prefix, below: `${prefix}\uffff` };
}

/**
 * One page from rows walked in page order (a `createdRange` of an ordered
 * index): the first `limit` rows (pageLimit) that match, and a cursor when one more
 * matches. Stops there, so a page costs the rows it returns plus those the
 * filters skip. Same answer as `page()` over the filtered rows.
 */
export function pageOfWalk<T>(
  walk: Iterable<T>,
  matches: (row: T) => boolean,
  key: (row: T) => PageRow,
  limit: number,
  order: SortOrder,
): { items: T[]; next_page_cursor?: string } {
  const items: T[] = [];
  for (const row of walk) {
    if (!matches(row)) continue;
    if (items.length === limit) {
      const last = key(items[items.length - 1]);
      return { items, next_page_cursor: encodeCursor({ t: (timeKey(last.created_at ?? '') ?? '').slice(0, 23), s: last.seq, o: order }) };
    }
    items.push(row);
  }
  return { items };
}

/** The cursor of a query, checked against its order (400 when it was issued for the other order). */
export function cursorOf(q: { order?: SortOrder; page_cursor?: string }): Cursor | undefined {
  const cursor = q.page_cursor ? decodeCursor(q.page_cursor) : undefined;
  if (cursor && cursor.o !== (q.order ?? 'DESC')) throw invalid('page_cursor was issued for a different order');
  return cursor;
}
