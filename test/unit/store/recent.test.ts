/**
 * RecentKeys (store/recent.ts): a key noted within the last `window` new keys
 * is found; one noted more than 2 × `window` new keys ago is not; clear()
 * forgets every key.
 */
import { describe, expect, it } from 'vitest';
import { KeptValues, RecentKeys } from '../../../simulator/store/recent.js';

const keys = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('RecentKeys', () => {
  it('finds a key noted within the window, not one never noted', () => {
    const recent = new RecentKeys(100);
    expect(recent.seen('a')).toBe(false);
    expect(recent.seen('a')).toBe(true);
    for (const k of keys(99)) recent.seen(k);
    expect(recent.seen('a')).toBe(true);
    expect(recent.seen('never-noted')).toBe(false);
  });

  it('forgets keys after twice the window of other new keys (but for a few hash collisions)', () => {
    const recent = new RecentKeys(100);
    const first = keys(100, 'first');
    for (const k of first) recent.seen(k);
    for (const k of keys(200)) recent.seen(k);
    expect(first.filter((k) => recent.seen(k)).length).toBeLessThan(10);
  });

  it('finds few of many keys each noted once per pass over more than twice the window', () => {
    const recent = new RecentKeys(1000);
    const many = keys(5000);
    for (const k of many) recent.seen(k);
    // a hash collision may make an unseen key look seen; the table is sized to keep that rare
    const found = many.filter((k) => recent.seen(k)).length;
    expect(found).toBeLessThan(many.length * 0.1);
  });

  it('forgets every key on clear()', () => {
    const recent = new RecentKeys(10);
    recent.seen('a');
    recent.clear();
    expect(recent.seen('a')).toBe(false);
  });

  it('refuses a window below 1', () => {
    expect(() => new RecentKeys(0)).toThrow(RangeError);
  });
});

describe('KeptValues', () => {
  it('keeps every value while the total fits, the oldest leaving first at the limit', () => {
    const kept = new KeptValues<number>(3);
    for (const [i, k] of keys(4).entries()) kept.offer(k, i, 3);
    expect(kept.size).toBe(3);
    expect(kept.get('k-0')).toBeUndefined();
    expect([kept.get('k-1'), kept.get('k-2'), kept.get('k-3')]).toEqual([1, 2, 3]);
  });

  it('beyond the limit keeps a value only on its key\'s second offer while recent, and replaces a kept one at once', () => {
    const kept = new KeptValues<string>(10);
    kept.offer('a', 'first', 11);
    expect(kept.get('a')).toBeUndefined();
    kept.offer('a', 'second', 11);
    expect(kept.get('a')).toBe('second');
    kept.offer('a', 'third', 11);
    expect(kept.get('a')).toBe('third');
    kept.delete('a');
    expect(kept.get('a')).toBeUndefined();
  });

  it('clear() drops the values but remembers what was offered recently', () => {
    const kept = new KeptValues<string>(10);
    kept.offer('a', 'x', 11);
    kept.offer('a', 'y', 11);
    kept.clear();
    expect(kept.size).toBe(0);
    kept.offer('a', 'z', 11);
    expect(kept.get('a')).toBe('z');
  });
});
