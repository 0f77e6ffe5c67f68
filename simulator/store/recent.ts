/**
 * @module store/recent
 * "Was this key asked for recently?" in a fixed amount of memory, with no
 * allocation per key: the caches of reads (the store's parsed rows,
 * GET Identity's kept answers) keep a value only for a key asked for a second
 * time within a window, so a pass over more keys than a cache holds (a GET of
 * each of 100k identities in turn) does not fill it with values that are never
 * asked for again. Such values lived long enough for V8 to move them to the
 * old generation, which then grew by megabytes a second until the next full
 * collection (RSS at 100k identities: issue 11).
 *
 * Two generations of hash bits: a key is noted in the current one; once
 * `window` new keys were noted, the current generation becomes the previous
 * one and a new one starts. A key noted within the last `window` to
 * `2 × window` new keys is found; one noted before that is not. A hash
 * collision makes an unseen key look seen (then the value is kept, as it was
 * before this filter existed), never the other way round.
 */

/**
 * A read cache of at most `limit` values (the oldest kept leaves first) with
 * RecentKeys as its door: while everything it could hold fits (`total` ≤
 * `limit`) every value offered is kept; beyond that, a value only when its
 * key was offered recently before. The store's shared parsed rows and GET
 * Identity's kept answers are both this.
 */
export class KeptValues<V> {
  private readonly values = new Map<string, V>();
  private recent: RecentKeys | undefined;
  constructor(readonly limit: number) {}
  get(key: string): V | undefined {
    return this.values.get(key);
  }
  delete(key: string): void {
    this.values.delete(key);
  }
  /** Drop every value (what was offered recently is still remembered). */
  clear(): void {
    this.values.clear();
  }
  get size(): number {
    return this.values.size;
  }
  /** Keep `value` for `key` (replacing what was kept), if `total` fits or `key` was offered recently. */
  offer(key: string, value: V, total: number): void {
    if (!this.values.has(key)) {
      if (total > this.limit && !(this.recent ??= new RecentKeys(this.limit)).seen(key)) return;
      if (this.values.size >= this.limit) this.values.delete(this.values.keys().next().value!);
    }
    this.values.set(key, value);
  }
}

export class RecentKeys {
  private current: Uint32Array;
  private previous: Uint32Array;
  private noted = 0;
  private readonly mask: number;
  /**
   * @param window keys noted per generation
   * @param bitsPerKey hash bits per key of a generation (32: an unseen key looks seen about once in 16 to 32 times, when both generations are full)
   */
  constructor(
    readonly window: number,
    bitsPerKey = 32,
  ) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError('a window of at least 1 key');
    let bits = 64;
    while (bits < window * bitsPerKey) bits *= 2;
    this.mask = bits - 1;
    this.current = new Uint32Array(bits / 32);
    this.previous = new Uint32Array(bits / 32);
  }

  /** Whether `key` was noted recently (see the module); notes it either way. */
  seen(key: string): boolean {
    const h = hash(key) & this.mask;
    const word = h >>> 5;
    const bit = 1 << (h & 31);
    if (this.current[word] & bit) return true;
    const before = (this.previous[word] & bit) !== 0;
    this.current[word] |= bit;
    if (++this.noted >= this.window) {
      const old = this.previous;
      this.previous = this.current;
      this.current = old.fill(0);
      this.noted = 0;
    }
    return before;
  }

  /** Forget every key. */
  clear(): void {
    this.current.fill(0);
    this.previous.fill(0);
    this.noted = 0;
  }
}

/** FNV-1a over the string's UTF-16 code units, then mixed (so the low bits spread). */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
