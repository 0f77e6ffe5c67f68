/**
 * SortedKeys (the store's ordered indexes, kept in chunks): after any mix of
 * loads, inserts and removals it holds exactly the keys a plain sorted array
 * would, and `between` walks the same keys as a filter of that array, both
 * ways, across chunk boundaries and emptied chunks.
 */
import { describe, expect, it } from 'vitest';
import { SortedKeys } from '../../../simulator/store/store.js';

/** a seeded sequence (no Math.random) */
function numbers(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const keyOf = (n: number) => `k${String(n).padStart(6, '0')}\u0000id${n}`;

describe('SortedKeys', () => {
  it('matches a sorted array through loads, inserts at the front, middle and end, and removals', () => {
    const next = numbers(3);
    const sorted = new SortedKeys();
    const reference = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const key = keyOf(Math.floor(next() * 100_000));
      sorted.load(key);
      reference.add(key);
    }
    // duplicates are not loaded twice in the store (one key per row): drop them here as well
    const loaded = new SortedKeys();
    for (const key of reference) loaded.load(key);
    loaded.finishLoad();
    const expected = () => [...reference].sort();
    expect([...loaded]).toEqual(expected());
    for (let i = 0; i < 3000; i++) {
      const r = next();
      if (r < 0.4) {
        // front inserts: earlier than every loaded key, as a job due before all others
        const key = `a${String(i).padStart(6, '0')}\u0000x`;
        loaded.add(key);
        reference.add(key);
      } else if (r < 0.7) {
        const key = keyOf(Math.floor(next() * 100_000) * 10 + 1);
        if (!reference.has(key)) {
          loaded.add(key);
          reference.add(key);
        }
      } else {
        const held = [...reference];
        const key = held[Math.floor(next() * held.length)];
        loaded.remove(key);
        reference.delete(key);
        loaded.remove('not there');
      }
    }
    expect([...loaded]).toEqual(expected());
    const all = expected();
    for (let i = 0; i < 200; i++) {
      const a = all[Math.floor(next() * all.length)];
      const b = all[Math.floor(next() * all.length)];
      const [above, below] = a < b ? [a, b] : [b, a];
      const inRange = all.filter((k) => k > above && k < below);
      expect([...loaded.between(above, below)]).toEqual(inRange);
      expect([...loaded.between(above, below, true)]).toEqual([...inRange].reverse());
      const prefix = above.slice(0, 4);
      expect([...loaded.between(prefix, `${prefix}\uffff`)]).toEqual(all.filter((k) => k > prefix && k < `${prefix}\uffff`));
    }
    expect([...loaded.between(undefined, undefined)]).toEqual(all);
    expect([...loaded.between(undefined, undefined, true)]).toEqual([...all].reverse());
  });

  it('empties and fills again; an empty index walks nothing', () => {
    const keys = new SortedKeys();
    keys.finishLoad();
    expect([...keys]).toEqual([]);
    expect([...keys.between('a', 'z')]).toEqual([]);
    for (let i = 0; i < 2500; i++) keys.add(keyOf(i));
    for (let i = 0; i < 2500; i++) keys.remove(keyOf(i));
    expect([...keys]).toEqual([]);
    expect([...keys.between(undefined, undefined, true)]).toEqual([]);
    keys.add(keyOf(7));
    expect([...keys.between(undefined, keyOf(8))]).toEqual([keyOf(7)]);
    expect([...keys.between(keyOf(7), undefined)]).toEqual([]);
  });

  it('keys added in increasing order (pushed onto the last chunk) split into chunks and stay in order beside inserts and removals', () => {
    const next = numbers(11);
    const keys = new SortedKeys();
    keys.finishLoad();
    const reference: string[] = [];
    for (let i = 0; i < 5000; i++) {
      keys.add(keyOf(i * 2));
      reference.push(keyOf(i * 2));
      // now and then one that sorts between existing keys, or a removal, as a due time moved or a row deleted
      if (i % 97 === 0) {
        const key = keyOf(Math.floor(next() * i) * 2 + 1);
        if (!reference.includes(key)) {
          keys.add(key);
          reference.push(key);
        }
      }
      if (i % 89 === 0 && i) {
        const key = reference[Math.floor(next() * reference.length)];
        keys.remove(key);
        reference.splice(reference.indexOf(key), 1);
      }
    }
    reference.sort();
    expect([...keys]).toEqual(reference);
    const seen: string[] = [];
    keys.each((key) => (seen.push(key), seen.length < 1500));
    expect(seen).toEqual(reference.slice(0, 1500));
    const mid = reference[2500];
    expect([...keys.between(mid, undefined)]).toEqual(reference.slice(2501));
  });

  it('a run of increasing keys inserted before later ones (new jobs due before loaded ones) stays in order beside other changes', () => {
    const next = numbers(5);
    const keys = new SortedKeys();
    const reference: string[] = [];
    // loaded: keys far in the future (a year's KYC refreshes) and a few early ones
    for (let i = 0; i < 3000; i++) {
      const key = `z${String(i).padStart(6, '0')}\u0000kyc${i}`;
      keys.load(key);
      reference.push(key);
    }
    for (let i = 0; i < 100; i++) {
      const key = `a${String(i).padStart(6, '0')}\u0000early${i}`;
      keys.load(key);
      reference.push(key);
    }
    keys.finishLoad();
    for (let i = 0; i < 4000; i++) {
      const key = `m${String(i).padStart(6, '0')}\u0000job${i}`;
      keys.add(key);
      reference.push(key);
      if (i % 50 === 0) {
        // now and then a key between the run's keys, or before every one, or a removal from anywhere
        const between = `m${String(Math.floor(next() * i)).padStart(6, '0')}\u0001x${i}`;
        keys.add(between);
        reference.push(between);
        const front = `a${String(i).padStart(6, '0')}\u0001front`;
        keys.add(front);
        reference.push(front);
        const gone = reference.splice(Math.floor(next() * reference.length), 1)[0];
        keys.remove(gone);
      }
    }
    reference.sort();
    expect([...keys]).toEqual(reference);
    expect([...keys.between(undefined, undefined, true)]).toEqual([...reference].reverse());
    const from = reference[1234];
    const to = reference[5678];
    expect([...keys.between(from, to)]).toEqual(reference.slice(1235, 5678));
    for (const key of [...reference]) keys.remove(key);
    expect([...keys]).toEqual([]);
  });
});
