/**
 * walkCreated (pages through a collection's `created` index) answers exactly
 * what page() answers over the whole filtered collection: every page, both
 * orders, ties on the millisecond, rows of other entities, skipped rows.
 */
import { describe, expect, it } from 'vitest';
import { page, timeFilters, type SortOrder } from '../../../simulator/domain/paging.js';
import { walkCreated } from '../../../simulator/services/created-pages.js';
import { createStore } from '../../../simulator/store/lowdb-store.js';
import type { ProfileRecord } from '../../../simulator/store/shape.js';

const BOUNDS = { minimum: 1, maximum: 1000, default: 100 };

/** a seeded sequence (no Math.random) */
function numbers(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

async function profiles(n: number) {
  const store = await createStore({ storage: 'memory' });
  const next = numbers(7);
  await store.transact((tx) => {
    for (let i = 0; i < n; i++) {
      // few distinct milliseconds, so many rows tie and the seq decides; created_at not in seq order
      const ms = Date.UTC(2026, 0, 1) + Math.floor(next() * 6) * 1000 + (next() < 0.3 ? 1 : 0);
      const row: ProfileRecord = {
        id: `p-${String(i).padStart(3, '0')}`,
        nickname: `n${i}`,
        type: 'NORMAL',
        client_id: 'c',
        entity_id: next() < 0.8 ? 'team-a' : 'team-a|b',
        created_at: new Date(ms).toISOString(),
        seq: i + 1,
        balances: {},
        ...(next() < 0.2 && { deactivated_at: '2026-02-01T00:00:00.000Z' }),
      };
      tx.profiles.put(row.id, row);
    }
  });
  return store;
}

describe('walkCreated', () => {
  it.each(['DESC', 'ASC'] as SortOrder[])('gives every page that page() gives (%s, limits 1–7, a filter and a time filter)', async (order) => {
    const store = await profiles(60);
    const queries = [{}, { 'created_at.gte': '2026-01-01T00:00:02Z' }];
    for (const extra of queries) {
      const filters = [(r: ProfileRecord) => r.entity_id === 'team-a' && !r.deactivated_at, ...timeFilters<ProfileRecord>(extra, ['created_at'], (r) => r.created_at)];
      const matches = (r: ProfileRecord) => filters.every((f) => f(r));
      for (let limit = 1; limit <= 7; limit++) {
        let cursor: string | undefined;
        let pages = 0;
        const seen: string[] = [];
        do {
          const q = { limit, order, ...(cursor && { page_cursor: cursor }) };
          const [walked, paged] = store.read((db) => [
            walkCreated(db.profiles, 'team-a|', matches, (r) => r, q, BOUNDS),
            page(db.profiles.all().filter(matches), (r) => r, q, BOUNDS),
          ]);
          expect(walked).toEqual(paged);
          seen.push(...walked.items.map((r) => r.id));
          cursor = walked.next_page_cursor;
          pages++;
        } while (cursor && pages < 100);
        const expected = store.read((db) => db.profiles.all().filter(matches)).length;
        expect(new Set(seen).size).toBe(expected);
        expect(seen).toHaveLength(expected);
      }
    }
  });

  it('refuses a cursor issued for the other order, and a limit out of bounds', async () => {
    const store = await profiles(5);
    const first = store.read((db) => walkCreated(db.profiles, 'team-a|', () => true, (r) => r, { limit: 1 }, BOUNDS));
    expect(first.next_page_cursor).toEqual(expect.any(String));
    expect(() => store.read((db) => walkCreated(db.profiles, 'team-a|', () => true, (r) => r, { limit: 1, order: 'ASC', page_cursor: first.next_page_cursor }, BOUNDS))).toThrow('page_cursor was issued for a different order');
    expect(() => store.read((db) => walkCreated(db.profiles, 'team-a|', () => true, (r) => r, { limit: 0 }, BOUNDS))).toThrow('limit must be between 1 and 1000');
  });
});
