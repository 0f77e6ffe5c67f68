/**
 * @module store/store
 * The one interface every part of the simulator uses to read and change state.
 *
 * `read(fn)` and `transact(fn)` hand `fn` a view over typed collections. A
 * transaction is synchronous (decide everything, then persist once), runs one at
 * a time, rolls back every change if `fn` throws, and resolves only once the
 * change is durable. Values leaving the store are copies.
 */
import { defaultData, INDEXES, ORDERED_INDEXES, type CollectionName, type DbShape } from './shape.js';

type Row<C extends CollectionName> = DbShape[C][string];

export interface Collection<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
  all(): T[];
  find(predicate: (row: T) => boolean): T | undefined;
  filter(predicate: (row: T) => boolean): T[];
  count(): number;
  /** Rows whose secondary index `index` (declared in shape.ts INDEXES) has `key`. */
  by(index: string, key: string): T[];
  /** A number that changes whenever the collection changes. */
  version(): number;
  /**
   * Rows of the ordered index `index` (declared in shape.ts ORDERED_INDEXES)
   * in key order, stopping at the first row whose key, cut to the length of
   * `upTo`, is greater than `upTo` (so `upTo: isoTime` takes every row due by
   * then), or after `limit` rows. Costs O(rows returned).
   */
  ordered(index: string, options?: { upTo?: string; limit?: number }): T[];
  /**
   * Walk the ordered index `index` lazily, from `above` up to `below` (both
   * exclusive, compared with the full index key "<sort key>\u0000<row id>"),
   * or backwards with `reverse`. Finding the start costs O(log n); stop
   * iterating when you have enough. Do not change the collection while walking.
   */
  scan(index: string, options?: { above?: string; below?: string; reverse?: boolean }): IterableIterator<T>;
}

export interface MutableCollection<T> extends Collection<T> {
  put(id: string, row: T): void;
  delete(id: string): void;
}

export type StoreView = { [C in CollectionName]: Collection<Row<C>> } & {
  settings: Readonly<DbShape['settings']>;
};

export type StoreTx = { [C in CollectionName]: MutableCollection<Row<C>> } & {
  settings: Readonly<DbShape['settings']>;
  setSetting<K extends keyof DbShape['settings']>(key: K, value: DbShape['settings'][K]): void;
  /** A monotonic sequence number, persisted, for total ordering. */
  nextSeq(): number;
};

export interface Store {
  read<T>(fn: (view: StoreView) => T): T;
  /**
   * Like read, but hands back the result as JSON text, serialised straight
   * from the live rows: the copy leaving the store is the text, so the deep
   * copy `read` makes is skipped (the GET paths answer with this).
   */
  readJson(fn: (view: StoreView) => unknown): string;
  transact<T>(fn: (tx: StoreTx) => T): Promise<T>;
  /** Remove everything (control API reset, `--reset`). */
  reset(): Promise<void>;
  /** A deep copy of the whole persisted document (export, benchmarks, debugging). */
  snapshot(): DbShape;
  /** Wait for pending writes. */
  flush(): Promise<void>;
  readonly kind: 'memory' | 'file';
  readonly location?: string;
}

/** Persistence behind a Store: the only part that differs between lowdb file and memory. */
export interface Persistence {
  data: DbShape;
  write(): Promise<void>;
  /**
   * Optional: the store hands over a serializer that reuses each unchanged
   * record's JSON from the previous write, so a write costs little more than
   * the records that changed (a full JSON.stringify of 10,000 identities
   * blocks the event loop for hundreds of milliseconds).
   */
  useSerializer?(serialize: () => string): void;
}

const COLLECTIONS: CollectionName[] = [
  'identities', 'documents', 'members', 'events', 'deliveries', 'jobs', 'tokens', 'consumers',
];

/** A collection over one map of the persisted document, with its secondary indexes kept in memory. */
/** Sorted keys ("<sort key>\u0000<id>") with binary-search insert and remove. */
class SortedKeys {
  readonly keys: string[] = [];
  /** index of the first key >= `key` */
  search(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  add(key: string): void {
    this.keys.splice(this.search(key), 0, key);
  }
  remove(key: string): void {
    const i = this.search(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }
}

class IndexedCollection<T> implements Collection<T> {
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly sorted = new Map<string, SortedKeys>();
  /** the ordered-index key each row was filed under */
  private readonly sortedKeys = new Map<string, Array<[string, string]>>();
  /** the keys each row was indexed under, so removal is right even if the row was changed in place */
  private readonly indexedKeys = new Map<string, Array<[string, string]>>();
  constructor(
    private readonly map: Record<string, T>,
    private readonly defs: Record<string, (row: T) => string | undefined>,
    private readonly orderedDefs: Record<string, (row: T) => string | undefined> = {},
  ) {
    for (const name of Object.keys(defs)) this.indexes.set(name, new Map());
    for (const name of Object.keys(orderedDefs)) this.sorted.set(name, new SortedKeys());
    for (const [id, row] of Object.entries(map)) {
      this.addKeys(id, row);
      this.rows++;
    }
    // built in one go: sorting once beats n binary inserts
    for (const s of this.sorted.values()) s.keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.loaded = true;
  }
  private loaded = false;
  private addKeys(id: string, row: T): void {
    const sortedKeys: Array<[string, string]> = [];
    for (const [name, keyOf] of Object.entries(this.orderedDefs)) {
      const key = keyOf(row);
      if (key === undefined) continue;
      const full = `${key}\u0000${id}`;
      if (this.loaded) this.sorted.get(name)!.add(full);
      else this.sorted.get(name)!.keys.push(full);
      sortedKeys.push([name, full]);
    }
    if (sortedKeys.length) this.sortedKeys.set(id, sortedKeys);
    const keys: Array<[string, string]> = [];
    for (const [name, keyOf] of Object.entries(this.defs)) {
      const key = keyOf(row);
      if (key === undefined) continue;
      const byKey = this.indexes.get(name)!;
      let ids = byKey.get(key);
      if (!ids) byKey.set(key, (ids = new Set()));
      ids.add(id);
      keys.push([name, key]);
    }
    if (keys.length) this.indexedKeys.set(id, keys);
  }
  private removeKeys(id: string): void {
    for (const [name, full] of this.sortedKeys.get(id) ?? []) this.sorted.get(name)!.remove(full);
    this.sortedKeys.delete(id);
    for (const [name, key] of this.indexedKeys.get(id) ?? []) {
      const byKey = this.indexes.get(name)!;
      const ids = byKey.get(key);
      ids?.delete(id);
      if (ids && !ids.size) byKey.delete(key);
    }
    this.indexedKeys.delete(id);
  }
  /** JSON text of each row as last written; dropped whenever the row is replaced. */
  private readonly json = new Map<string, string>();
  /** The collection as a JSON object, reusing the text of unchanged rows. */
  serialize(): string {
    const parts: string[] = [];
    for (const id in this.map) {
      let text = this.json.get(id);
      if (text === undefined) this.json.set(id, (text = `${JSON.stringify(id)}:${JSON.stringify(this.map[id])}`));
      parts.push(text);
    }
    return `{${parts.join(',')}}`;
  }
  /** Changes whenever a row is put or deleted (cheap cache invalidation for callers). */
  private changes = 0;
  version = () => this.changes;
  /** Replace (or remove, with undefined) one row, keeping the indexes right. */
  set(id: string, row: T | undefined): void {
    this.changes++;
    this.json.delete(id);
    this.removeKeys(id);
    const had = Object.hasOwn(this.map, id);
    this.rows += (row === undefined ? 0 : 1) - (had ? 1 : 0);
    if (row === undefined) delete this.map[id];
    else {
      this.map[id] = row;
      this.addKeys(id, row);
    }
  }
  get = (id: string) => (Object.hasOwn(this.map, id) ? this.map[id] : undefined);
  has = (id: string) => Object.hasOwn(this.map, id);
  all = () => Object.values(this.map);
  find = (p: (row: T) => boolean) => Object.values(this.map).find(p);
  filter = (p: (row: T) => boolean) => Object.values(this.map).filter(p);
  /** rows held, kept as rows come and go (Object.keys would cost O(n) per call) */
  private rows = 0;
  count = () => this.rows;
  ordered = (index: string, options: { upTo?: string; limit?: number } = {}): T[] => {
    const sorted = this.sorted.get(index);
    if (!sorted) throw new Error(`no ordered index "${index}"`);
    const out: T[] = [];
    const limit = options.limit ?? Infinity;
    for (const full of sorted.keys) {
      if (out.length >= limit) break;
      const cut = full.lastIndexOf('\u0000');
      if (options.upTo !== undefined && full.slice(0, Math.min(cut, options.upTo.length)) > options.upTo) break;
      out.push(this.map[full.slice(cut + 1)]);
    }
    return out;
  };
  scan = (index: string, options: { above?: string; below?: string; reverse?: boolean } = {}): IterableIterator<T> => {
    const sorted = this.sorted.get(index);
    if (!sorted) throw new Error(`no ordered index "${index}"`);
    const { keys } = sorted;
    // [start, end): keys strictly between `above` and `below`
    let start = options.above === undefined ? 0 : sorted.search(options.above);
    if (options.above !== undefined && keys[start] === options.above) start++;
    const end = options.below === undefined ? keys.length : sorted.search(options.below);
    const map = this.map;
    const idOf = (full: string) => full.slice(full.lastIndexOf('\u0000') + 1);
    function* walk(): Generator<T> {
      if (options.reverse) for (let i = end - 1; i >= start; i--) yield map[idOf(keys[i])];
      else for (let i = start; i < end; i++) yield map[idOf(keys[i])];
    }
    return walk();
  };
  by = (index: string, key: string): T[] => {
    const byKey = this.indexes.get(index);
    if (!byKey) throw new Error(`no index "${index}"`);
    return [...(byKey.get(key) ?? [])].map((id) => this.map[id]);
  };
}

/** Build a Store over any persistence (see lowdb-store.ts for the lowdb one). */
export function createStoreOver(persistence: Persistence, meta: { kind: 'memory' | 'file'; location?: string }): Store {
  const db = () => persistence.data;

  // Collections (and their indexes) are rebuilt only when the document is replaced (load, reset).
  let collections: Record<CollectionName, IndexedCollection<unknown>> | undefined;
  const open = () => {
    if (collections) return collections;
    const built = {} as Record<CollectionName, IndexedCollection<unknown>>;
    for (const c of COLLECTIONS) {
      const defs = (INDEXES[c] ?? {}) as Record<string, (row: unknown) => string | undefined>;
      const orderedDefs = (ORDERED_INDEXES[c] ?? {}) as Record<string, (row: unknown) => string | undefined>;
      built[c] = new IndexedCollection(db()[c] as Record<string, unknown>, defs, orderedDefs);
    }
    return (collections = built);
  };
  let cachedView: StoreView | undefined;
  const view = (): StoreView => {
    if (cachedView) return cachedView;
    const v = { settings: db().settings } as StoreView;
    for (const c of COLLECTIONS) (v as Record<string, unknown>)[c] = open()[c];
    return (cachedView = v);
  };

  persistence.useSerializer?.(() => {
    const data = db();
    const cols = open();
    const fields = Object.keys(data).map((key) => {
      const col = (cols as Record<string, IndexedCollection<unknown> | undefined>)[key];
      return `${JSON.stringify(key)}:${col ? col.serialize() : JSON.stringify(data[key as keyof DbShape])}`;
    });
    return `{${fields.join(',')}}`;
  });

  const runTx = <T>(fn: (tx: StoreTx) => T): T => {
    const undo: Array<() => void> = [];
    const data = db();
    const tx = { settings: data.settings } as StoreTx;
    for (const c of COLLECTIONS) {
      const col = open()[c];
      const restore = (id: string) => {
        const before = col.get(id);
        undo.push(() => col.set(id, before));
      };
      (tx as Record<string, unknown>)[c] = {
        get: col.get,
        has: col.has,
        all: col.all,
        find: col.find,
        filter: col.filter,
        count: col.count,
        by: col.by,
        version: col.version,
        ordered: col.ordered,
        scan: col.scan,
        put(id: string, row: unknown) {
          restore(id);
          col.set(id, row);
        },
        delete(id: string) {
          if (!col.has(id)) return;
          restore(id);
          col.set(id, undefined);
        },
      } satisfies MutableCollection<unknown>;
    }
    tx.setSetting = (key, value) => {
      const before = data.settings[key];
      undo.push(() => ((data.settings as Record<string, unknown>)[key] = before));
      (data.settings as Record<string, unknown>)[key] = value;
    };
    tx.nextSeq = () => {
      const before = data.seq;
      undo.push(() => (data.seq = before));
      return ++data.seq;
    };
    try {
      return fn(tx);
    } catch (err) {
      for (const step of undo.reverse()) step();
      throw err;
    }
  };

  return {
    kind: meta.kind,
    location: meta.location,
    read: (fn) => structuredClone(fn(view())),
    readJson: (fn) => JSON.stringify(fn(view())),
    async transact<T>(fn: (tx: StoreTx) => T): Promise<T> {
      // fn runs synchronously, so it sees and changes state atomically; the
      // durable write after it is shared with any transactions that overlap it.
      const value = structuredClone(runTx(fn));
      await persistence.write();
      return value;
    },
    async reset() {
      Object.assign(persistence.data, defaultData());
      cachedView = undefined;
      collections = undefined;
      await persistence.write();
    },
    snapshot: () => structuredClone(persistence.data),
    flush: () => persistence.write(),
  };
}
