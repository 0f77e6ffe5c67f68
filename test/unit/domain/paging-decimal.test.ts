/**
 * Pure helpers of the account, profile and control services: keyset pages
 * (domain/paging.ts) and exact decimal balances (domain/decimal.ts).
 */
import { describe, expect, it } from 'vitest';
import { addDecimal, decimalPlaces, fromUnits, isZero, toUnits } from '../../../simulator/domain/decimal.js';
import { DomainError } from '../../../simulator/domain/errors.js';
import { page, timeFilters } from '../../../simulator/domain/paging.js';

const rows = [0, 1, 2, 3, 4].map((i) => ({ name: `r${i}`, created_at: `2026-01-15T10:00:0${i < 3 ? 0 : 1}.000Z`, seq: i + 1 }));
const key = (r: (typeof rows)[number]) => r;

describe('page', () => {
  it('walks every row once in either order, ties broken by seq', () => {
    for (const order of ['ASC', 'DESC'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const p = page(rows, key, { limit: 2, order, page_cursor: cursor });
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
    [{ order: 'ASC' as const, page_cursor: page(rows, key, { limit: 1 }).next_page_cursor }, 'page_cursor was issued for a different order'],
  ])('rejects %j as a DomainError', (q, message) => {
    expect(() => page(rows, key, q)).toThrow(new DomainError('invalid', message));
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
