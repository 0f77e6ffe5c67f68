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
  /** The distinct keys of the secondary index `index` (no row is read). */
  keys(index: string): string[];
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
  /**
   * Wait for pending writes; a file store then also folds its journal into
   * the snapshot (compaction), so the data file alone holds everything.
   */
  flush(): Promise<void>;
  /** flush(), then release the data file (its lock); the store must not be used afterwards. */
  close(): Promise<void>;
  /** Record where the process holding the store listens (written into the data file's lock). */
  announce(listener: { port: number; url: string }): void;
  readonly kind: 'memory' | 'file';
  readonly location?: string;
}

/**
 * A change could not be made durable (disk full, no permission, I/O error).
 * Every transaction that was not yet durable has been rolled back in memory,
 * so memory and disk agree; the caller sees this error instead of a result.
 */
export class StoreWriteError extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`the change could not be saved${code ? ` (${code})` : ''}: ${(cause as Error | undefined)?.message ?? String(cause)}`);
    this.name = 'StoreWriteError';
    this.code = code;
    this.cause = cause;
  }
}

/**
 * What changed since the last write, for an append-only journal: each row as
 * its JSON text (`"id":{...}`) or as deleted, the settings set or unset, and
 * the sequence counter. `full` means the document was replaced (reset): every
 * row is listed and the line replaces everything before it.
 */
export interface StoreChanges {
  full: boolean;
  seq: number;
  put: Array<[collection: CollectionName, pairs: string[]]>;
  del: Array<[collection: CollectionName, ids: string[]]>;
  settings: Array<[key: string, json: string | undefined]>;
  empty: boolean;
}

/** Handed by the store to a persistence that writes changes rather than whole documents. */
export interface ChangeSource {
  /** The changes since the last call (synchronous, so a write holds exactly what was committed before it). */
  takeChanges(): StoreChanges;
  /** The whole document as JSON text, reusing each unchanged row's text. */
  serialize(): string;
  /**
   * The document as it is now, to be written in pieces while changes go on
   * (compaction without stalling requests): rows changed after this call are
   * written as they were at it. Call release() when done.
   */
  freeze(): FrozenSnapshot;
}

/** A document frozen by ChangeSource.freeze(). */
export interface FrozenSnapshot {
  /** The document's JSON text in pieces of about `rowsPerPiece` rows, each built when asked for. */
  pieces(rowsPerPiece?: number): Generator<string>;
  /** Stop keeping old row texts (after the snapshot was written or given up). */
  release(): void;
}

/** Rows loaded from a data file, as JSON text by collection and id. */
export type RowTexts = Map<string, Map<string, string>>;

/** Persistence behind a Store: the only part that differs between lowdb file and memory. */
export interface Persistence {
  data: DbShape;
  /** Make every change so far durable (group commit); rejects if it could not. */
  write(): Promise<void>;
  /** Optional: rows loaded from disk as text (taken once, when the collections are built; else they come from `data`). */
  takeRows?(): RowTexts | undefined;
  /** Optional: checks each loaded row (shape); throws to refuse the data. */
  checkRow?(collection: string, id: string, row: unknown): void;
  /** Optional: the store hands over its change tracking (see ChangeSource). */
  trackChanges?(source: ChangeSource): void;
  /** Optional: write pending changes, then fold them into the snapshot. */
  compact?(): Promise<void>;
  /** Optional: compact and release the data file. */
  close?(): Promise<void>;
  /** Optional: note where this process listens (for the data file's lock). */
  announce?(listener: { port: number; url: string }): void;
}

const COLLECTIONS: CollectionName[] = [
  'identities', 'documents', 'members', 'events', 'deliveries', 'jobs', 'tokens', 'consumers',
  'accounts', 'account_members', 'profiles', 'controls',
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

/**
 * A collection: each row held only as its compact JSON text (one byte per
 * character for ASCII), parsed when it is read, so a row costs about its
 * size in the data file; secondary and ordered indexes hold ids and keys.
 * Values leaving the collection are always fresh copies.
 */
class IndexedCollection<T> implements Collection<T> {
  /** index → key → the one id with that key, or a set of them (most keys are unique: no set for those) */
  private readonly indexes = new Map<string, Map<string, string | Set<string>>>();
  private readonly sorted = new Map<string, SortedKeys>();
  private readonly defEntries: Array<[string, Map<string, string | Set<string>>, (row: T) => string | undefined]>;
  private readonly orderedEntries: Array<[SortedKeys, (row: T) => string | undefined]>;
  /**
   * @param rows each row's JSON text by id (taken over, not copied)
   * @param check called with each row as it is loaded (shape check); throws to refuse the data
   */
  constructor(
    private readonly rows: Map<string, string>,
    defs: Record<string, (row: T) => string | undefined>,
    orderedDefs: Record<string, (row: T) => string | undefined> = {},
    check?: (id: string, row: unknown) => void,
  ) {
    this.defEntries = Object.entries(defs).map(([name, keyOf]) => {
      const byKey = new Map<string, string | Set<string>>();
      this.indexes.set(name, byKey);
      return [name, byKey, keyOf];
    });
    this.orderedEntries = Object.entries(orderedDefs).map(([name, keyOf]) => {
      const sorted = new SortedKeys();
      this.sorted.set(name, sorted);
      return [sorted, keyOf];
    });
    if (this.defEntries.length || this.orderedEntries.length || check) {
      for (const [id, text] of rows) {
        const row = JSON.parse(text) as T;
        check?.(id, row);
        this.addKeys(id, row);
      }
    }
    // built in one go: sorting once beats n binary inserts
    for (const s of this.sorted.values()) s.keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.loaded = true;
  }
  private loaded = false;
  private addKeys(id: string, row: T): void {
    for (const [sorted, keyOf] of this.orderedEntries) {
      const key = keyOf(row);
      if (key === undefined) continue;
      const full = `${key}\u0000${id}`;
      if (this.loaded) sorted.add(full);
      else sorted.keys.push(full);
    }
    for (const [, byKey, keyOf] of this.defEntries) {
      const key = keyOf(row);
      if (key === undefined) continue;
      const held = byKey.get(key);
      if (held === undefined) byKey.set(key, id);
      else if (typeof held === 'string') {
        if (held !== id) byKey.set(key, new Set([held, id]));
      } else held.add(id);
    }
  }
  /** Take a row out of the indexes: its keys are worked out again from its text as it was filed. */
  private removeKeys(id: string, text: string): void {
    if (!this.orderedEntries.length && !this.defEntries.length) return;
    const row = JSON.parse(text) as T;
    for (const [sorted, keyOf] of this.orderedEntries) {
      const key = keyOf(row);
      if (key !== undefined) sorted.remove(`${key}\u0000${id}`);
    }
    for (const [, byKey, keyOf] of this.defEntries) {
      const key = keyOf(row);
      if (key === undefined) continue;
      const held = byKey.get(key);
      if (held === id) byKey.delete(key);
      else if (typeof held === 'object') {
        held.delete(id);
        if (held.size === 1) byKey.set(key, held.values().next().value!);
        else if (!held.size) byKey.delete(key);
      }
    }
  }
  /** The collection as a JSON object. */
  serialize(): string {
    const parts: string[] = [];
    for (const id of this.rows.keys()) parts.push(this.pair(id));
    return `{${parts.join(',')}}`;
  }
  /** `"id":{...}` text of one row. */
  pair(id: string): string {
    return `${JSON.stringify(id)}:${this.rows.get(id)}`;
  }
  /** Every id, in insertion order (a copy). */
  ids(): string[] {
    return [...this.rows.keys()];
  }
  /** The JSON text of a row, or undefined. */
  text(id: string): string | undefined {
    return this.rows.get(id);
  }
  /**
   * While set, the text each row had when capturing began is kept here the
   * first time the row changes (undefined: it did not exist), so a snapshot
   * can be written in pieces while changes go on.
   */
  capture: Map<string, string | undefined> | undefined;
  /** ids put or deleted since the last takeDirty() */
  private dirty = new Set<string>();
  /** The rows changed since the last call: their current text, or deleted. */
  takeDirty(): { pairs: string[]; deleted: string[] } {
    const pairs: string[] = [];
    const deleted: string[] = [];
    for (const id of this.dirty) {
      if (this.rows.has(id)) pairs.push(this.pair(id));
      else deleted.push(id);
    }
    this.dirty.clear();
    return { pairs, deleted };
  }
  /** Changes whenever a row is put or deleted (cheap cache invalidation for callers). */
  private changes = 0;
  version = () => this.changes;
  /** Replace (or remove, with undefined) one row, keeping the indexes right. */
  set(id: string, row: T | undefined): void {
    this.setText(id, row === undefined ? undefined : JSON.stringify(row), row);
  }
  /** Like set, from the row's JSON text (`row`: the same row parsed, when the caller has it). */
  setText(id: string, text: string | undefined, row?: T): void {
    this.changes++;
    this.dirty.add(id);
    const before = this.rows.get(id);
    this.shared.delete(id);
    if (this.capture && !this.capture.has(id)) this.capture.set(id, before);
    if (before !== undefined) this.removeKeys(id, before);
    if (text === undefined) this.rows.delete(id);
    else {
      this.rows.set(id, text);
      if (this.defEntries.length || this.orderedEntries.length) this.addKeys(id, row ?? (JSON.parse(text) as T));
    }
  }
  /**
   * Rows recently read through the read view, parsed, shared by reads (which
   * never change what they are handed: `read` copies its result, `readJson`
   * serialises it) and dropped when the row changes. Bounded (oldest out).
   */
  private readonly shared = new Map<string, T>();
  private parsed(id: string, share = false): T {
    if (!share) return JSON.parse(this.rows.get(id)!) as T;
    let row = this.shared.get(id);
    if (row === undefined) {
      row = JSON.parse(this.rows.get(id)!) as T;
      if (this.shared.size >= SHARED_ROWS) this.shared.delete(this.shared.keys().next().value!);
      this.shared.set(id, row);
    }
    return row;
  }
  get = (id: string): T | undefined => (this.rows.has(id) ? this.parsed(id) : undefined);
  /** The collection for reads (StoreView): rows it hands out may be shared between reads, so must not be changed. */
  readView(): Collection<T> {
    return (this.view ??= {
      get: (id) => (this.rows.has(id) ? this.parsed(id, true) : undefined),
      has: this.has,
      all: this.all,
      find: this.find,
      filter: this.filter,
      count: this.count,
      by: (index, key) => this.byRows(index, key, true),
      keys: this.keys,
      version: this.version,
      ordered: (index, options) => this.orderedRows(index, options, true),
      scan: (index, options) => this.scanRows(index, options, true),
    });
  }
  private view?: Collection<T>;
  has = (id: string) => this.rows.has(id);
  all = (): T[] => {
    const out: T[] = [];
    for (const text of this.rows.values()) out.push(JSON.parse(text) as T);
    return out;
  };
  find = (p: (row: T) => boolean): T | undefined => {
    for (const text of this.rows.values()) {
      const row = JSON.parse(text) as T;
      if (p(row)) return row;
    }
    return undefined;
  };
  filter = (p: (row: T) => boolean): T[] => this.all().filter(p);
  count = () => this.rows.size;
  ordered = (index: string, options?: { upTo?: string; limit?: number }): T[] => this.orderedRows(index, options, false);
  private orderedRows(index: string, options: { upTo?: string; limit?: number } = {}, share: boolean): T[] {
    const sorted = this.sorted.get(index);
    if (!sorted) throw new Error(`no ordered index "${index}"`);
    const out: T[] = [];
    const limit = options.limit ?? Infinity;
    for (const full of sorted.keys) {
      if (out.length >= limit) break;
      const cut = full.lastIndexOf('\u0000');
      if (options.upTo !== undefined && full.slice(0, Math.min(cut, options.upTo.length)) > options.upTo) break;
      out.push(this.parsed(full.slice(cut + 1), share));
    }
    return out;
  }
  scan = (index: string, options?: { above?: string; below?: string; reverse?: boolean }): IterableIterator<T> => this.scanRows(index, options, false);
  private scanRows(index: string, options: { above?: string; below?: string; reverse?: boolean } = {}, share: boolean): IterableIterator<T> {
    const sorted = this.sorted.get(index);
    if (!sorted) throw new Error(`no ordered index "${index}"`);
    const { keys } = sorted;
    // [start, end): keys strictly between `above` and `below`
    let start = options.above === undefined ? 0 : sorted.search(options.above);
    if (options.above !== undefined && keys[start] === options.above) start++;
    const end = options.below === undefined ? keys.length : sorted.search(options.below);
    const row = (full: string) => this.parsed(full.slice(full.lastIndexOf('\u0000') + 1), share);
    function* walk(): Generator<T> {
      if (options.reverse) for (let i = end - 1; i >= start; i--) yield row(keys[i]);
      else for (let i = start; i < end; i++) yield row(keys[i]);
    }
    return walk();
  }
  keys = (index: string): string[] => {
    const byKey = this.indexes.get(index);
    if (!byKey) throw new Error(`no index "${index}"`);
    return [...byKey.keys()];
  };
  by = (index: string, key: string): T[] => this.byRows(index, key, false);
  private byRows(index: string, key: string, share: boolean): T[] {
    const byKey = this.indexes.get(index);
    if (!byKey) throw new Error(`no index "${index}"`);
    const held = byKey.get(key);
    if (held === undefined) return [];
    return typeof held === 'string' ? [this.parsed(held, share)] : [...held].map((id) => this.parsed(id, share));
  }
}

/**
 * A copy of a settings value: plain JSON data (objects, arrays, primitives),
 * copied by hand (settings are small, and structuredClone costs more than
 * the copy for a value of a few fields, such as the stamp every create sets).
 */
function copyValue<V>(value: V): V {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyValue) as V;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyValue((value as Record<string, unknown>)[key]);
  return out as V;
}

/** parsed rows kept per collection for reads (IndexedCollection.shared) */
const SHARED_ROWS = 2048;

/** A committed transaction that is not durable yet, and how to take it back. */
interface Undurable {
  undo: Array<() => void>;
  error?: StoreWriteError;
}

/** Build a Store over any persistence (see lowdb-store.ts for the lowdb one). */
export function createStoreOver(persistence: Persistence, meta: { kind: 'memory' | 'file'; location?: string }): Store {
  const db = () => persistence.data;

  // Collections (and their indexes) are rebuilt only when the document is replaced (load, reset).
  let collections: Record<CollectionName, IndexedCollection<unknown>> | undefined;
  const open = () => {
    if (collections) return collections;
    const built = {} as Record<CollectionName, IndexedCollection<unknown>>;
    const loaded = persistence.takeRows?.();
    const data = db() as unknown as Record<string, Record<string, unknown>>;
    for (const c of COLLECTIONS) {
      const defs = (INDEXES[c] ?? {}) as Record<string, (row: unknown) => string | undefined>;
      const orderedDefs = (ORDERED_INDEXES[c] ?? {}) as Record<string, (row: unknown) => string | undefined>;
      let texts = loaded?.get(c);
      if (!texts) {
        texts = new Map();
        for (const [id, row] of Object.entries(data[c] ?? {})) texts.set(id, JSON.stringify(row));
      }
      const check = loaded && persistence.checkRow ? (id: string, row: unknown) => persistence.checkRow!(c, id, row) : undefined;
      built[c] = new IndexedCollection(texts, defs, orderedDefs, check);
      // the collection holds the rows now; the document keeps only its place
      data[c] = {};
    }
    return (collections = built);
  };
  let cachedView: StoreView | undefined;
  const view = (): StoreView => {
    if (cachedView) return cachedView;
    const v = { settings: db().settings } as StoreView;
    for (const c of COLLECTIONS) (v as Record<string, unknown>)[c] = open()[c].readView();
    return (cachedView = v);
  };

  // Change tracking for journalled persistence: dirty rows live in each
  // collection; settings keys here; `full` after the document was replaced.
  const dirtySettings = new Set<string>();
  let full = false;
  const serialize = () => {
    const data = db();
    const cols = open();
    const fields = Object.keys(data).map((key) => {
      const col = (cols as Record<string, IndexedCollection<unknown> | undefined>)[key];
      return `${JSON.stringify(key)}:${col ? col.serialize() : JSON.stringify(data[key as keyof DbShape])}`;
    });
    return `{${fields.join(',')}}`;
  };
  const freeze = (): FrozenSnapshot => {
    const data = db();
    const cols = open() as Record<string, IndexedCollection<unknown> | undefined>;
    // what each field is now: other fields as text, collections as their ids (and old texts as rows change)
    const frozen = Object.keys(data).map((key) => {
      const col = cols[key];
      if (!col) return { key, text: JSON.stringify(data[key as keyof DbShape]) };
      const capture = new Map<string, string | undefined>();
      col.capture = capture;
      return { key, col, capture, ids: col.ids() };
    });
    const release = () => {
      for (const f of frozen) if (f.col && f.col.capture === f.capture) f.col.capture = undefined;
    };
    function* pieces(rowsPerPiece = 1000): Generator<string> {
      let head = '{';
      for (const [n, f] of frozen.entries()) {
        head += `${n ? ',' : ''}${JSON.stringify(f.key)}:`;
        if (!f.col) {
          head += f.text;
          continue;
        }
        head += '{';
        let parts: string[] = [head];
        head = '';
        let first = true;
        for (const id of f.ids) {
          const text = f.capture.has(id) ? f.capture.get(id) : f.col.text(id);
          if (text === undefined) continue;
          parts.push(`${first ? '' : ','}${JSON.stringify(id)}:${text}`);
          first = false;
          if (parts.length >= rowsPerPiece) {
            yield parts.join('');
            parts = [];
          }
        }
        if (parts.length) yield parts.join('');
        head = '}';
      }
      yield `${head}}`;
    }
    return { pieces, release };
  };
  persistence.trackChanges?.({
    serialize,
    freeze,
    takeChanges(): StoreChanges {
      const cols = open();
      const settings = db().settings as Record<string, unknown>;
      const changes: StoreChanges = { full, seq: db().seq, put: [], del: [], settings: [], empty: !full };
      for (const c of COLLECTIONS) {
        const { pairs, deleted } = cols[c].takeDirty();
        if (full) {
          const all = cols[c].ids().map((id) => cols[c].pair(id));
          if (all.length) changes.put.push([c, all]);
          continue;
        }
        if (pairs.length) changes.put.push([c, pairs]);
        if (deleted.length) changes.del.push([c, deleted]);
        if (pairs.length || deleted.length) changes.empty = false;
      }
      const keys = full ? Object.keys(settings) : [...dirtySettings];
      for (const key of keys) {
        changes.settings.push([key, settings[key] === undefined ? undefined : JSON.stringify(settings[key])]);
        changes.empty = false;
      }
      dirtySettings.clear();
      full = false;
      return changes;
    },
  });

  const setSetting = (key: string, value: unknown) => {
    dirtySettings.add(key);
    (db().settings as Record<string, unknown>)[key] = value;
  };

  // The transaction view is built once per set of collections (they change on
  // reset only); `undo` is the log of the transaction running now.
  let undo: Array<() => void> = [];
  let txView: { tx: StoreTx; over: Record<CollectionName, IndexedCollection<unknown>> } | undefined;
  /**
   * A transaction reaches live state only through this: rows are parsed
   * afresh on every get, and a setting is handed out as a copy, so nothing a
   * transaction returns can alias the store (transact hands its result over
   * without copying it).
   */
  const txSettings = new Proxy({} as Readonly<DbShape['settings']>, {
    get: (_target, key) => copyValue((db().settings as Record<string | symbol, unknown>)[key]),
    has: (_target, key) => key in db().settings,
    ownKeys: () => Reflect.ownKeys(db().settings),
    getOwnPropertyDescriptor: (_target, key) => {
      const settings = db().settings as Record<string | symbol, unknown>;
      return key in settings ? { value: copyValue(settings[key]), writable: false, enumerable: true, configurable: true } : undefined;
    },
  });
  const buildTx = (cols: Record<CollectionName, IndexedCollection<unknown>>): StoreTx => {
    const tx = { settings: txSettings } as StoreTx;
    for (const c of COLLECTIONS) {
      const col = cols[c];
      const restore = (id: string) => {
        const before = col.text(id);
        undo.push(() => col.setText(id, before));
      };
      (tx as Record<string, unknown>)[c] = {
        get: col.get,
        has: col.has,
        all: col.all,
        find: col.find,
        filter: col.filter,
        count: col.count,
        by: col.by,
        keys: col.keys,
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
      const before = db().settings[key];
      undo.push(() => setSetting(key, before));
      // a copy: the caller keeps no handle on stored state
      setSetting(key, copyValue(value));
    };
    tx.nextSeq = () => {
      const data = db();
      const before = data.seq;
      undo.push(() => (data.seq = before));
      return ++data.seq;
    };
    return tx;
  };

  const runTx = <T>(fn: (tx: StoreTx) => T): { value: T; undo: Array<() => void> } => {
    const cols = open();
    if (txView?.over !== cols) txView = { tx: buildTx(cols), over: cols };
    const outer = undo;
    const steps: Array<() => void> = (undo = []);
    try {
      return { value: fn(txView.tx), undo: steps };
    } catch (err) {
      for (const step of steps.reverse()) step();
      throw err;
    } finally {
      undo = outer;
    }
  };

  // Transactions change memory at once and are acknowledged only after the
  // write that holds them. If a write fails, every transaction not yet durable
  // (the failed group and any made since, which may build on it) is undone,
  // newest first, and each of them rejects: memory goes back to what is on disk.
  const undurable = new Set<Undurable>();
  const watched = new WeakSet<Promise<void>>();
  let closed: Promise<void> | undefined;
  const rollbackAll = (cause: unknown) => {
    const error = cause instanceof StoreWriteError ? cause : new StoreWriteError(cause);
    for (const entry of [...undurable].reverse()) {
      for (const step of entry.undo.reverse()) step();
      entry.error = error;
    }
    undurable.clear();
  };
  const commit = async (entry: Undurable): Promise<void> => {
    undurable.add(entry);
    const written = persistence.write();
    if (!watched.has(written)) {
      watched.add(written);
      // registered before any transaction awaits this write, so it runs first
      written.catch(rollbackAll);
    }
    try {
      await written;
    } catch {
      // rollbackAll has set entry.error
    }
    undurable.delete(entry);
    if (entry.error) throw entry.error;
  };

  return {
    kind: meta.kind,
    location: meta.location,
    read: (fn) => {
      const value = fn(view());
      // a number, string or boolean is its own copy (structuredClone costs a call even for those)
      return typeof value === 'object' && value !== null ? structuredClone(value) : value;
    },
    readJson: (fn) => JSON.stringify(fn(view())),
    async transact<T>(fn: (tx: StoreTx) => T): Promise<T> {
      // fn runs synchronously, so it sees and changes state atomically; the
      // durable write after it is shared with any transactions that overlap it.
      // The result needs no copy: a transaction sees rows parsed afresh and
      // settings as copies (runTx), so it cannot hand out live state.
      const { value, undo } = runTx(fn);
      await commit({ undo });
      return value;
    },
    async reset() {
      const before = { data: persistence.data, collections, full };
      persistence.data = defaultData();
      cachedView = undefined;
      collections = undefined;
      full = true;
      await commit({
        undo: [
          () => {
            persistence.data = before.data;
            collections = before.collections;
            cachedView = undefined;
            full = before.full;
          },
        ],
      });
      await persistence.compact?.();
    },
    snapshot: () => JSON.parse(serialize()) as DbShape,
    async flush() {
      await commit({ undo: [] });
      await persistence.compact?.();
    },
    close() {
      closed ??= (async () => {
        await commit({ undo: [] });
        await persistence.close?.();
      })();
      return closed;
    },
    announce: (listener) => persistence.announce?.(listener),
  };
}
