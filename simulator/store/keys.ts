/**
 * @module store/keys
 * The index keys of a row, worked out once: each collection's secondary
 * indexes (shape.ts INDEXES) and ordered indexes (ORDERED_INDEXES) as one
 * list, so a row's keys are an array in that order. The store keeps each
 * row's keys (to take the row out of its indexes without reading it again),
 * a data file's index file (index-file.ts) saves them, and start-up with a
 * matching index file builds the indexes from them without parsing any row.
 */
import { crc32 } from 'node:zlib';
import { INDEXES, ORDERED_INDEXES, type CollectionName } from './shape.js';

export interface KeyDef {
  name: string;
  /** an ordered index (sorted keys) rather than a key → ids map */
  ordered: boolean;
  keyOf: (row: unknown) => string | undefined;
}

/**
 * A row's index keys as filed, in the order of keyDefs(collection): a
 * secondary index's key, an ordered index's full key "<sort key>\u0000<id>"
 * (the string the sorted index holds); undefined: the row is not in that index.
 */
export type Keys = ReadonlyArray<string | undefined>;

/** The keys of a row of a collection without indexes. */
export const NO_KEYS: Keys = Object.freeze([]);

const cache = new Map<string, KeyDef[]>();

/** The indexes of a collection: secondary ones first, then ordered ones. */
export function keyDefs(collection: string): KeyDef[] {
  let defs = cache.get(collection);
  if (!defs) {
    const by = (INDEXES[collection as CollectionName] ?? {}) as Record<string, (row: unknown) => string | undefined>;
    const ordered = (ORDERED_INDEXES[collection as CollectionName] ?? {}) as Record<string, (row: unknown) => string | undefined>;
    defs = [
      ...Object.entries(by).map(([name, keyOf]) => ({ name, ordered: false, keyOf })),
      ...Object.entries(ordered).map(([name, keyOf]) => ({ name, ordered: true, keyOf })),
    ];
    cache.set(collection, defs);
  }
  return defs;
}

/** The keys of one parsed row, as filed (see Keys). */
export function keysOf(defs: KeyDef[], row: unknown, id: string): Keys {
  if (!defs.length) return NO_KEYS;
  const keys = new Array<string | undefined>(defs.length);
  for (let i = 0; i < defs.length; i++) {
    const key = defs[i].keyOf(row);
    keys[i] = key === undefined ? key : flat(defs[i].ordered ? `${key}\u0000${id}` : key);
  }
  return keys;
}

/**
 * `text` as one flat string. A key built by joining pieces (`${entity}|${ref_id}`,
 * the CIP key's four parts) is a V8 rope: a node of 32 bytes per join, holding
 * each piece, about 200 bytes for a CIP key instead of one string of about 60,
 * and the indexes keep every key for as long as its row is stored (issue 11:
 * RSS at 100k identities). Reading a character makes V8 flatten the rope in
 * place; the garbage collector then drops the rope's nodes.
 */
export function flat(text: string): string {
  // (kept in a variable, so the optimising compiler cannot drop the read as unused)
  if (text.length > 12) flatRead = text.charCodeAt(0);
  return text;
}
let flatRead = 0;

/**
 * A fingerprint of the index definitions (names and the source of each key
 * function): an index file written with other definitions is not used.
 * Bump KEYS_FORMAT when a helper a key function calls changes what it returns.
 */
const KEYS_FORMAT = 1;
export function keysSignature(collections: readonly string[]): string {
  const text = collections.map((c) => `${c}:${keyDefs(c).map((d) => `${d.ordered ? 'o' : 'i'}/${d.name}/${String(d.keyOf)}`).join(';')}`).join('\n');
  return `${KEYS_FORMAT}-${crc32(text).toString(16)}`;
}

/**
 * The index keys of the rows loaded from an index file (index-file.ts), held
 * as columns: the ids in the file's order and one array per index (keyDefs
 * order) with each row's key at the same position. Holding them so costs a
 * slot per row and index; a Map of a Keys array per row cost about twice as
 * much, all of it garbage once the store had filed the rows (issue 11: RSS
 * at 100k identities). A row changed after loading (journal replay) is
 * deleted here: its keys are worked out again from the row.
 *
 * Has the Map methods the loaders use (get, set, delete); the store files the
 * rows straight from the columns (IndexedCollection).
 */
export class KeyColumns {
  /** ids whose keys here no longer hold (the row was put or deleted after loading) */
  readonly dropped = new Set<string>();
  /** keys set for a row after loading (none in practice: the journal drops, it does not set) */
  readonly extra = new Map<string, Keys>();
  private positions?: Map<string, number>;
  /**
   * @param ids each row's id, in the file's order
   * @param columns per index, each row's key at the row's position (undefined: not in that index);
   *   a string: every row has that key; null: no row is in that index
   */
  constructor(
    readonly ids: string[],
    readonly columns: Array<Array<string | undefined> | string | null>,
  ) {}
  /** The key of the row at position `i` in index `k`. */
  keyAt(k: number, i: number): string | undefined {
    const column = this.columns[k];
    return typeof column === 'string' ? column : column === null ? undefined : column[i];
  }
  get(id: string): Keys | undefined {
    const extra = this.extra.get(id);
    if (extra !== undefined || this.dropped.has(id)) return extra;
    // built only if asked (the store reads the columns by position)
    if (!this.positions) {
      this.positions = new Map();
      for (let i = 0; i < this.ids.length; i++) this.positions.set(this.ids[i], i);
    }
    const at = this.positions.get(id);
    if (at === undefined) return undefined;
    return this.columns.length ? this.columns.map((_, k) => this.keyAt(k, at)) : NO_KEYS;
  }
  set(id: string, keys: Keys): this {
    this.dropped.add(id);
    this.extra.set(id, keys);
    return this;
  }
  delete(id: string): boolean {
    this.extra.delete(id);
    this.dropped.add(id);
    return true;
  }
}

/** The offset of the first key >= `key` in sorted keys (their length if there is none): a binary search. */
export function offsetIn(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
