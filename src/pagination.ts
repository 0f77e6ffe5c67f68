/**
 * @module pagination
 * Async iterators over List Identities (opaque `page_cursor`) and List Events
 * (no cursor: REFERENCE.md §5.1 says to re-query with `created_at.gt` set to the
 * last `created_at` seen).
 *
 * Events that share a timestamp are the trap of `created_at.gt`: when a page
 * is full, more events may share its last timestamp, and `gt` would skip them.
 * So after a full page the next query uses `created_at.gte` and drops the ids
 * already seen at that timestamp; after a short page `gt` is enough. If more
 * than `limit` events share one instant, only the first `limit` of them can be
 * read at all (the API has no cursor); the pager then moves past that instant.
 */
import { QUERY_BOUNDS } from '../simulator/spec/generated/spec-bounds.js';
import { PaxosPaginationError, unwrap } from './errors.js';
import type { CallOptions } from './result.js';
import type { PaxosClient } from './client.js';
import type {
  Account, Event, Identity, IdentityControl, ListAccountsQuery, ListEventsQuery, ListIdentitiesQuery, ListIdentityControlsQuery,
  ListProfilesQuery, Profile,
} from './types.js';

/** Default and maximum page size of List Events, as the spec declares it. */
export const EVENTS_PAGE_LIMIT: number = QUERY_BOUNDS.ListEvents.limit.maximum;

/**
 * @example
 * for await (const identity of iterateIdentities(client, { identity_type: 'PERSON' })) console.log(identity.id);
 */
export async function* iterateIdentities(
  client: Pick<PaxosClient, 'listIdentities'>,
  query: ListIdentitiesQuery = {},
  init?: CallOptions,
): AsyncGenerator<Identity> {
  let cursor = query.page_cursor;
  const seenCursors = new Set<string>();
  for (;;) {
    const page = unwrap(await client.listIdentities({ ...query, page_cursor: cursor }, init));
    yield* page.items ?? [];
    cursor = page.next_page_cursor || undefined;
    if (!cursor) return;
    if (seenCursors.has(cursor)) throw new PaxosPaginationError(`List Identities returned the cursor "${cursor}" twice`);
    seenCursors.add(cursor);
  }
}

/** Pages of `{ items, next_page_cursor }` until the cursor runs out (accounts, profiles, controls). */
async function* iterateCursorPages<T>(
  what: string,
  fetchPage: (cursor: string | undefined) => Promise<{ items?: T[]; next_page_cursor?: string }>,
  first: string | undefined,
): AsyncGenerator<T> {
  let cursor = first;
  const seenCursors = new Set<string>();
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.items ?? [];
    cursor = page.next_page_cursor || undefined;
    if (!cursor) return;
    if (seenCursors.has(cursor)) throw new PaxosPaginationError(`${what} returned the cursor "${cursor}" twice`);
    seenCursors.add(cursor);
  }
}

export function iterateAccounts(client: Pick<PaxosClient, 'listAccounts'>, query: ListAccountsQuery = {}, init?: CallOptions): AsyncGenerator<Account> {
  return iterateCursorPages('List Accounts', async (page_cursor) => unwrap(await client.listAccounts({ ...query, page_cursor }, init)), query.page_cursor);
}

export function iterateProfiles(client: Pick<PaxosClient, 'listProfiles'>, query: ListProfilesQuery = {}, init?: CallOptions): AsyncGenerator<Profile> {
  return iterateCursorPages('List Profiles', async (page_cursor) => unwrap(await client.listProfiles({ ...query, page_cursor }, init)), query.page_cursor);
}

export function iterateIdentityControls(
  client: Pick<PaxosClient, 'listIdentityControls'>,
  query: ListIdentityControlsQuery,
  init?: CallOptions,
): AsyncGenerator<IdentityControl> {
  return iterateCursorPages('List Identity Controls', async (page_cursor) => unwrap(await client.listIdentityControls({ ...query, page_cursor }, init)), query.page_cursor);
}

/** One step of an event pager: the new events, and whether the page was full. */
export interface EventPage {
  events: Event[];
  full: boolean;
}

/**
 * Stateful forward pager over List Events. Each next() returns the events not
 * returned before; call it again later to pick up newer events (polling).
 * `overlap: true` always re-queries the last timestamp with `gte`, for pollers
 * that must not miss an event created in the same instant as the last one seen.
 */
export function createEventPager(
  client: Pick<PaxosClient, 'listEvents'>,
  query: ListEventsQuery = {},
  options: { overlap?: boolean; signal?: AbortSignal } = {},
): { next(): Promise<EventPage> } {
  const limit = query.limit ?? EVENTS_PAGE_LIMIT;
  let boundary: string | undefined;
  let seenAtBoundary = new Set<string>();
  let useGte = false;

  return {
    async next() {
      const { 'created_at.gt': gt, 'created_at.gte': gte, ...rest } = query;
      const from = boundary === undefined ? { 'created_at.gt': gt, 'created_at.gte': gte }
        : useGte ? { 'created_at.gte': boundary } : { 'created_at.gt': boundary };
      const page = unwrap(await client.listEvents({ ...rest, ...from, limit }, { signal: options.signal })).events ?? [];
      const fresh = page.filter((e) => !e.id || !seenAtBoundary.has(e.id));
      const full = page.length >= limit;
      if (full && fresh.length === 0) {
        // A full page of events already seen, all at `boundary`: at least `limit` events share
        // that instant. Without a cursor nothing more at that instant can be read, so move past it.
        // Paxos stamps events in nanoseconds, so in practice this needs `limit` events in one nanosecond.
        useGte = false;
        return { events: [], full: true };
      }
      const last = page.at(-1)?.created_at;
      if (last !== undefined) {
        if (last !== boundary) seenAtBoundary = new Set();
        boundary = last;
        for (const e of page) if (e.created_at === last && e.id) seenAtBoundary.add(e.id);
      }
      useGte = full || options.overlap === true;
      return { events: fresh, full };
    },
  };
}

/**
 * @example
 * for await (const event of iterateEvents(client, { type: 'identity.approved' })) console.log(event.id);
 */
export async function* iterateEvents(
  client: Pick<PaxosClient, 'listEvents'>,
  query: ListEventsQuery = {},
  init?: CallOptions,
): AsyncGenerator<Event> {
  const pager = createEventPager(client, query, { signal: init?.signal });
  for (;;) {
    const { events, full } = await pager.next();
    yield* events;
    if (!full) return;
  }
}
