/**
 * Pure helpers of the account, profile and control services: keyset pages
 * (domain/paging.ts) and exact decimal balances (domain/decimal.ts).
 */
import { describe, expect, it } from 'vitest';
import { addDecimal, decimalPlaces, fromUnits, isZero, toUnits } from '../../../simulator/domain/decimal.js';
import { DomainError } from '../../../simulator/domain/errors.js';
import { page, pageLimit, timeFilters } from '../../../simulator/domain/paging.js';
import { QUERY_BOUNDS } from '../../../simulator/spec/generated/spec-bounds.js';

const BOUNDS = QUERY_BOUNDS.ListAccounts.limit;

const rows = [0, 1, 2, 3, 4].map((i) => ({ name: `r${i}`, created_at: `2026-01-15T10:00:0${i < 3 ? 0 : 1}.000Z`, seq: i + 1 }));
const key = (r: (typeof rows)[number]) => r;

describe('page', () => {
  it('walks every row once in either order, ties broken by seq', () => {
    for (const order of ['ASC', 'DESC'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const p = page(rows, key, { limit: 2, order, page_cursor: cursor }, BOUNDS);
        seen.push(...p.items.map((r) => r.name));
        cursor = p.next_page_cursor;
      } while (cursor);
      expect(seen).toEqual(order === 'ASC' ? ['r0', 'r1', 'r2', 'r3', 'r4'] : ['r4', 'r3', 'r2', 'r1', 'r0']);
    }
  });

  it.each([
    [{ limit: 0 }, 'limit must be between 1 and 1000'],
    [{ limit: 1001 }, 'limit must be between 1 and 1000'],
    [{ page_cursor: 'not a cursor' }, 'page_cursor token cannot be parsed'],
    [{ order: 'ASC' as const, page_cursor: page(rows, key, { limit: 1 }, BOUNDS).next_page_cursor }, 'page_cursor was issued for a different order'],
  ])('rejects %j as a DomainError', (q, message) => {
    expect(() => page(rows, key, q, BOUNDS)).toThrow(new DomainError('invalid', message));
  });

  it('takes the default page size and the bounds it is given (the spec\'s, for each operation)', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ created_at: '2026-01-15T10:00:00.000Z', seq: i + 1 }));
    expect(page(many, (r) => r, {}, BOUNDS).items).toHaveLength(100);
    expect(pageLimit(undefined, { minimum: 1, maximum: 5, default: 3 })).toBe(3);
    expect(pageLimit(5, { minimum: 1, maximum: 5, default: 3 })).toBe(5);
    expect(() => pageLimit(6, { minimum: 1, maximum: 5, default: 3 })).toThrow(new DomainError('invalid', 'limit must be between 1 and 5'));
    expect(() => pageLimit(2.5, { minimum: 1, maximum: 5, default: 3 })).toThrow(/limit must be between 1 and 5/);
  });

  it('filters by created_at with the documented operators and rejects a non-date', () => {
    const f = timeFilters<(typeof rows)[number]>({ 'created_at.gte': '2026-01-15T10:00:01Z' }, ['created_at'], (r) => r.created_at);
    expect(rows.filter((r) => f.every((p) => p(r))).map((r) => r.name)).toEqual(['r3', 'r4']);
    expect(() => timeFilters({ 'created_at.lt': 'soon' }, ['created_at'], () => '')).toThrow(/created_at\.lt must be an RFC 3339 date-time/);
  });
});

describe('decimal', () => {
  it.each([
    ['0.1', '0.2', '0.3'],
    ['10000', '250.50', '10250.5'],
    ['.5', '0.000000000000000001', '0.500000000000000001'],
    ['999999999999999999999', '1', '1000000000000000000000'],
  ])('%s + %s = %s exactly', (a, b, sum) => {
    expect(addDecimal(a, b)).toBe(sum);
  });

  it('knows zero, counts decimal places and round-trips units', () => {
    expect(isZero('0.000')).toBe(true);
    expect(isZero('0.001')).toBe(false);
    expect(decimalPlaces('1.250')).toBe(3);
    expect(fromUnits(toUnits('42.42'))).toBe('42.42');
    expect(() => toUnits('1e5')).toThrow(/not a decimal/);
  });
});
