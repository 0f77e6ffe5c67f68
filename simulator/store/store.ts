/**
 * @module store/store
 * The one interface every part of the simulator uses to read and change state.
 *
 * `read(fn)` and `transact(fn)` hand `fn` a view over typed collections. A
 * transaction is synchronous (decide everything, then persist once), runs one at
 * a time, rolls back every change if `fn` throws, and resolves only once the
 * change is durable. Values leaving the store are copies.
 */
import { KeyColumns, keyDefs, keysOf, NO_KEYS, offsetIn, type KeyDef, type Keys } from './keys.js';
import { lengthOf as lengthOfLocation, locate, type LocatedFile, type RowReader } from './located.js';
import { KeptValues } from './recent.js';
import { defaultData, type CollectionName, type DbShape } from './shape.js';

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
  /**
   * put(), with the row's JSON text made by the caller: `json` must be
   * exactly `JSON.stringify(row)` (the store keeps it instead of serialising
   * the row again; a create builds its answer from the same pieces).
   */
  putJson(id: string, row: T, json: string): void;
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
  /**
   * How rows are held: how many in all, how many as text in memory (and
   * their characters); the rest are read from disk when needed (file store).
   */
  residency(): { rows: number; inMemory: number; inMemoryChars: number };
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
  /** rows put: their ids and JSON texts, by collection */
  put: Array<[collection: CollectionName, ids: string[], texts: string[]]>;
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
   * The text `text` of a row taken by the last takeChanges() is now durable at
   * `location` (located.ts): the store may drop the text for the location.
   */
  located(collection: CollectionName, id: string, text: string, location: number): void;
  /**
   * The document as it is now, to be written in pieces while changes go on
   * (compaction without stalling requests): rows changed after this call are
   * written as they were at it. Call release() when done.
   */
  freeze(): FrozenSnapshot;
}

/** A document frozen by ChangeSource.freeze(). */
export interface FrozenSnapshot {
  /**
   * The document's JSON bytes in pieces of about `rowsPerPiece` rows, each
   * built when asked for, into the buffer of the piece before it: write (or
   * copy) a piece before asking for the next.
   */
  pieces(rowsPerPiece?: number): Generator<Buffer>;
  /**
   * Once every piece was written and the file renamed into place as the
   * snapshot (in slot `file` of located.ts): rows unchanged since the freeze
   * read from it from now on (their text leaves memory). Re-points a block of
   * rows per step (the caller may yield to the event loop between steps;
   * rows not re-pointed yet read the old snapshot meanwhile). Call before release().
   */
  adopt(file: LocatedFile): Generator<void>;
  /**
   * Where each row went in the pieces and its index keys, once the snapshot
   * was adopted (call before release()). The keys are worked out when this
   * is called, not while the pieces are built: a row unchanged since the
   * freeze is filed under its snapshot keys, so they come from the indexes;
   * a row changed since is read back from the new snapshot. So the work of
   * an index file waits until it is written (after a burst of writes), and
   * the pieces cost only the bytes. A changed row too long to be placed (over
   * 256 KiB) was held as text, which is what it was captured as. Undefined
   * when a changed row cannot be read back (a snapshot past 8 GiB).
   */
  layout(): SnapshotLayout | undefined;
  /** Stop noting the rows that change (after the snapshot was written and its layout taken, or given up). */
  release(): void;
}

/** What a frozen snapshot holds, for an index file (index-file.ts). */
export interface SnapshotLayout {
  /** the document's fields other than the collections, as JSON text of an object */
  fields: string;
  collections: Array<{
    name: string;
    ids: string[];
    /** byte offset and length of each row's JSON text in the snapshot */
    offsets: number[];
    lengths: number[];
    /** each row's index keys (keys.ts keyDefs order) */
    keys: Keys[];
  }>;
}

/** One collection loaded from a data file: each row's text or location, and the index keys already known (rows without are parsed and checked). */
export interface LoadedCollection {
  rows: Map<string, RawRow>;
  /** by id (a scan), or as columns (an index file: keys.ts KeyColumns) */
  keys: Map<string, Keys> | KeyColumns;
}

/** Rows loaded from a data file, by collection. */
export type LoadedRows = Map<string, LoadedCollection>;

/** Persistence behind a Store: the only part that differs between lowdb file and memory. */
export interface Persistence {
  data: DbShape;
  /** Make every change so far durable (group commit); rejects if it could not. */
  write(): Promise<void>;
  /** Optional: rows loaded from disk, as text or locations (taken once, when the collections are built; else they come from `data`). */
  takeRows?(): LoadedRows | undefined;
  /** Optional: reads rows held as locations (a file store). */
  rowReader?: RowReader;
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

/** what takeDirty() gives for a collection that did not change (never changed by its readers) */
const NOTHING_DIRTY: { ids: string[]; texts: string[]; deleted: string[] } = Object.freeze({ ids: Object.freeze([]), texts: Object.freeze([]), deleted: Object.freeze([]) }) as never;

/** keys per chunk of a SortedKeys after a load or a split (a chunk is split when it holds twice as many) */
const CHUNK_KEYS = 512;


/** a chunk is cut where a key goes in only if both sides keep at least this many keys (else the keys after it move) */
const MIN_CUT = 64;

/** A place in a SortedKeys: chunk `c`, offset `o` in it. */
interface KeyPos {
  c: number;
  o: number;
}

/**
 * Sorted keys ("<sort key>\u0000<id>") in chunks of a few hundred, so an
 * insert or removal anywhere moves one chunk's keys, not the whole index
 * (a new job due before 100k later ones went to the front of one array of
 * 100k keys: 40 µs a create). Keys are loaded unsorted (load) and sorted
 * once (finishLoad).
 */
export class SortedKeys {
  private chunks: string[][] = [[]];
  private loading: string[] | undefined = [];
  /** Add a key while loading (unsorted; finishLoad sorts). */
  load(key: string): void {
    this.loading!.push(key);
  }
  /** Sort the loaded keys once (sorting once beats n binary inserts) and cut them into chunks. */
  finishLoad(): void {
    const keys = this.loading ?? [];
    this.loading = undefined;
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.chunks = [];
    for (let i = 0; i < keys.length; i += CHUNK_KEYS) this.chunks.push(keys.slice(i, i + CHUNK_KEYS));
    if (!this.chunks.length) this.chunks.push([]);
  }
  /** the chunk a key belongs in: the first whose last key is >= `key`, else the last */
  private chunkFor(key: string): number {
    const { chunks } = this;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid];
      if (chunk[chunk.length - 1] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** The place of the first key >= `key` (the end of the last chunk if there is none). */
  lowerBound(key: string): KeyPos {
    const c = this.chunkFor(key);
    return { c, o: offsetIn(this.chunks[c], key) };
  }
  add(key: string): void {
    const { chunks } = this;
    const last = chunks.length - 1;
    const tail = chunks[last];
    // Most keys sort after every other (creation times, due times and sequence numbers grow):
    // they are pushed onto the last chunk, without a search or an allocation.
    let c = last;
    let chunk = tail;
    if (tail.length === 0 || tail[tail.length - 1] < key) tail.push(key);
    else {
      c = this.chunkFor(key);
      chunk = chunks[c];
      const o = offsetIn(chunk, key);
      if (o === 0 && c > 0) {
        // between two chunks: onto the end of the one before (whose last key is smaller), moving nothing
        chunk = chunks[--c];
        chunk.push(key);
      } else if (o === chunk.length) chunk.push(key);
      else if (o >= MIN_CUT && chunk.length - o >= MIN_CUT) {
        // Into the middle of a chunk: cut it there, so the keys that follow this one in order go
        // onto its end (above). A run of increasing keys before later ones (new jobs due in an
        // hour, before a year's KYC refreshes) then moves one chunk's tail once, not at every key.
        const rest = chunk.splice(o);
        chunk.push(key);
        chunks.splice(c + 1, 0, rest);
      } else chunk.splice(o, 0, key);
    }
    if (chunk.length >= 2 * CHUNK_KEYS) chunks.splice(c + 1, 0, chunk.splice(CHUNK_KEYS));
  }
  remove(key: string): void {
    const { c, o } = this.lowerBound(key);
    const chunk = this.chunks[c];
    if (chunk[o] !== key) return;
    chunk.splice(o, 1);
    if (!chunk.length && this.chunks.length > 1) this.chunks.splice(c, 1);
  }
  /** Call `fn` with each key in order until it returns false (a loop, not a generator: every commit asks for the first job). */
  each(fn: (key: string) => boolean): void {
    for (const chunk of this.chunks) for (let i = 0; i < chunk.length; i++) if (!fn(chunk[i])) return;
  }
  /** Every key, in order. */
  *[Symbol.iterator](): Generator<string> {
    for (const chunk of this.chunks) yield* chunk;
  }
  /** The keys strictly between `above` and `below` (either open), in order or reversed. */
  *between(above: string | undefined, below: string | undefined, reverse = false): Generator<string> {
    const { chunks } = this;
    const start = above === undefined ? { c: 0, o: 0 } : this.lowerBound(above);
    if (above !== undefined && chunks[start.c][start.o] === above) start.o++;
    const last = chunks.length - 1;
    const end = below === undefined ? { c: last, o: chunks[last].length } : this.lowerBound(below);
    if (reverse) {
      let { c, o } = end;
      while (c > start.c || (c === start.c && o > start.o)) {
        if (o === 0) {
          c--;
          o = chunks[c].length;
          continue;
        }
        yield chunks[c][--o];
      }
    } else {
      let { c, o } = start;
      while (c < end.c || (c === end.c && o < end.o)) {
        if (o >= chunks[c].length) {
          c++;
          o = 0;
          continue;
        }
        yield chunks[c][o++];
      }
    }
  }
}

/** A row as held: its compact JSON text, or where that text is on disk (located.ts). */
export type RawRow = string | number;

/**
 * A collection: each row held as its compact JSON text (rows not yet folded
 * into a file) or as its location in the data file or journal (read with a
 * positioned read when needed), parsed when it is read; secondary and ordered
 * indexes hold ids and keys (a row's keys are worked out again from the row
 * as it was when it changes or leaves). Values leaving the collection are
 * fresh copies.
 */
class IndexedCollection<T> implements Collection<T> {
  /** index → key → the one id with that key, or a set of them (most keys are unique: no set for those) */
  private readonly indexes = new Map<string, Map<string, string | Set<string>>>();
  private readonly sorted = new Map<string, SortedKeys>();
  /** per index (keyDefs order): where its keys go */
  private readonly targets: Array<Map<string, string | Set<string>> | SortedKeys>;
  /** whether the collection has indexes at all */
  private readonly indexed: boolean;
  /**
   * @param rows each row's text or location by id (taken over, not copied)
   * @param prepared index keys already known for rows (loaded from an index file or worked out while scanning); other rows are parsed for theirs
   * @param check called with each row parsed as it is loaded (shape check); throws to refuse the data
   */
  constructor(
    private readonly rows: Map<string, RawRow>,
    private readonly defs: KeyDef[],
    private readonly reader: RowReader | undefined,
    prepared?: Map<string, Keys> | KeyColumns,
    check?: (id: string, row: unknown) => void,
    tracked = true,
  ) {
    // a store without journalled persistence (memory) never takes its changes: nothing to note them in
    this.dirty = tracked ? new Set<string>() : undefined;
    this.targets = defs.map((def) => {
      if (def.ordered) {
        const sorted = new SortedKeys();
        this.sorted.set(def.name, sorted);
        return sorted;
      }
      const byKey = new Map<string, string | Set<string>>();
      this.indexes.set(def.name, byKey);
      return byKey;
    });
    // a row's keys are not kept per row (they are worked out again from the row when it changes or leaves):
    // the prepared keys only file the rows here and are dropped after
    this.indexed = defs.length > 0;
    if (prepared instanceof KeyColumns) this.fileColumns(prepared, check);
    else if (defs.length || check) {
      for (const [id, raw] of rows) {
        let keys = prepared?.get(id);
        if (keys === undefined) keys = this.keysOfLoaded(id, raw, check);
        if (this.indexed) this.addKeys(id, keys);
      }
    }
    // built in one go: sorting once beats n binary inserts
    for (const s of this.sorted.values()) s.finishLoad();
    this.loaded = true;
  }
  private loaded = false;
  /** A loaded row's keys, worked out from the row (checked first, when `check` is given). */
  private keysOfLoaded(id: string, raw: RawRow, check: ((id: string, row: unknown) => void) | undefined): Keys {
    const row = JSON.parse(this.textOf(raw)) as T;
    check?.(id, row);
    return keysOf(this.defs, row, id);
  }
  /**
   * File the loaded rows from key columns (an index file's): each row still
   * held as loaded by its position in the columns, without a Keys array per
   * row; rows changed since (dropped there) from the row itself.
   */
  private fileColumns(prepared: KeyColumns, check: ((id: string, row: unknown) => void) | undefined): void {
    const { ids, columns, dropped, extra } = prepared;
    let filed = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (dropped.has(id) || !this.rows.has(id)) continue;
      filed++;
      for (let k = 0; k < columns.length; k++) {
        const key = prepared.keyAt(k, i);
        if (key !== undefined) this.addKey(k, id, key);
      }
    }
    const handled = new Set<string>();
    for (const id of dropped) {
      const raw = this.rows.get(id);
      if (raw === undefined) continue;
      filed++;
      handled.add(id);
      const keys = extra.get(id) ?? this.keysOfLoaded(id, raw, check);
      if (this.indexed) this.addKeys(id, keys);
    }
    if (filed === this.rows.size) return;
    // a row neither in the columns nor changed since: not expected, but filed from the row all the same
    for (let i = 0; i < ids.length; i++) if (!dropped.has(ids[i])) handled.add(ids[i]);
    for (const [id, raw] of this.rows) if (!handled.has(id)) this.addKeys(id, this.keysOfLoaded(id, raw, check));
  }
  private textOf(raw: RawRow): string {
    return typeof raw === 'string' ? raw : this.reader!.text(raw);
  }
  private addKeys(id: string, keys: Keys): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== undefined) this.addKey(i, id, key);
    }
  }
  /** File row `id` under `key` in index number `i` (keyDefs order). */
  private addKey(i: number, id: string, key: string): void {
    const target = this.targets[i];
    if (target instanceof SortedKeys) {
      if (this.loaded) target.add(key);
      else target.load(key);
      return;
    }
    const held = target.get(key);
    if (held === undefined) target.set(key, id);
    else if (typeof held === 'string') {
      if (held !== id) target.set(key, new Set([held, id]));
    } else held.add(id);
  }
  /** Take a row out of the indexes, by the keys it was filed under (worked out from the row as it was). */
  private removeKeys(id: string, keys: Keys): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === undefined) continue;
      const target = this.targets[i];
      if (target instanceof SortedKeys) {
        target.remove(key);
        continue;
      }
      const held = target.get(key);
      if (held === id) target.delete(key);
      else if (typeof held === 'object') {
        held.delete(id);
        if (held.size === 1) target.set(key, held.values().next().value!);
        else if (!held.size) target.delete(key);
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
    return `${JSON.stringify(id)}:${this.text(id)}`;
  }
  /** Every id, in insertion order (a copy). */
  ids(): string[] {
    return [...this.rows.keys()];
  }
  /** The JSON text of a row, or undefined. */
  text(id: string): string | undefined {
    const raw = this.rows.get(id);
    return raw === undefined ? undefined : this.textOf(raw);
  }
  /** [rows, rows held as text, their characters] */
  residency(): [number, number, number] {
    let inMemory = 0;
    let chars = 0;
    for (const raw of this.rows.values()) {
      if (typeof raw === 'string') {
        inMemory++;
        chars += raw.length;
      }
    }
    return [this.rows.size, inMemory, chars];
  }
  /** The row as held (text or location), or undefined. */
  raw(id: string): RawRow | undefined {
    return this.rows.get(id);
  }
  /**
   * Every row's index keys as filed now, by id, worked out from the indexes
   * (no row is read): rows filed under no index are absent. Built for an index
   * file when a snapshot is written, and dropped after.
   */
  keyTable(): Map<string, Array<string | undefined>> {
    const table = new Map<string, Array<string | undefined>>();
    const width = this.defs.length;
    // (an id's keys start as holes: a hole reads as undefined, the key of an index the row is not in)
    const entry = (id: string) => {
      let keys = table.get(id);
      if (keys === undefined) table.set(id, (keys = new Array<string | undefined>(width)));
      return keys;
    };
    this.targets.forEach((target, i) => {
      if (target instanceof SortedKeys) {
        target.each((full) => {
          entry(full.slice(full.lastIndexOf('\u0000') + 1))[i] = full;
          return true;
        });
        return;
      }
      for (const [key, held] of target) {
        if (typeof held === 'string') entry(held)[i] = key;
        else for (const id of held) entry(id)[i] = key;
      }
    });
    return table;
  }
  /** Work out the keys of a row from its text or location. */
  keysOfRaw(id: string, raw: RawRow): Keys {
    return this.defs.length ? keysOf(this.defs, JSON.parse(this.textOf(raw)), id) : NO_KEYS;
  }
  /**
   * The text `text` of row `id`, taken by the last takeDirty(), is now on disk
   * at `location`: hold the location instead, if the row has not changed since.
   */
  located(id: string, text: string, location: number): void {
    if (!this.dirty?.has(id) && this.rows.get(id) === text) this.rows.set(id, location);
  }
  /** Row `id` is held as `raw` from now on (a location whose text is the row as it is, or that text). */
  repoint(id: string, raw: RawRow): void {
    if (this.rows.has(id)) this.rows.set(id, raw);
  }
  /**
   * While set, the row each row was (text or location) when capturing began
   * is kept here the first time the row changes (undefined: it did not
   * exist), so a snapshot can be written in pieces while changes go on.
   */
  capture: Map<string, RawRow | undefined> | undefined;
  /** ids put or deleted since the last takeDirty(); none kept when nothing takes them (a memory store) */
  private readonly dirty: Set<string> | undefined;
  /** The rows changed since the last call: their ids and current text, or deleted. */
  takeDirty(): { ids: string[]; texts: string[]; deleted: string[] } {
    // most collections did not change since the last write: nothing to allocate for them
    if (!this.dirty?.size) return NOTHING_DIRTY;
    const ids: string[] = [];
    const texts: string[] = [];
    const deleted: string[] = [];
    for (const id of this.dirty) {
      const text = this.text(id);
      if (text !== undefined) {
        ids.push(id);
        texts.push(text);
      } else deleted.push(id);
    }
    this.dirty.clear();
    return { ids, texts, deleted };
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
    this.dirty?.add(id);
    const before = this.rows.get(id);
    // the keys the row was filed under, from the row as it was (parsed already if a read shared it)
    if (before !== undefined && this.indexed) {
      const old = this.shared.get(id);
      this.removeKeys(id, old !== undefined ? keysOf(this.defs, old, id) : this.keysOfRaw(id, before));
    }
    this.shared.delete(id);
    if (this.capture && !this.capture.has(id)) this.capture.set(id, before);
    if (text === undefined) this.rows.delete(id);
    else {
      this.rows.set(id, text);
      if (this.indexed) this.addKeys(id, keysOf(this.defs, row ?? (JSON.parse(text) as T), id));
    }
  }
  /**
   * Rows recently read through the read view, parsed, shared by reads (which
   * never change what they are handed: `read` copies its result, `readJson`
   * serialises it) and dropped when the row changes. Bounded (oldest out).
   * In a collection of more than SHARED_ROWS rows, a row is kept only when
   * it is read a second time within about SHARED_ROWS other rows (recent.ts):
   * rows read once each (GETs over 100k identities) are not kept, so they die
   * young instead of being moved to V8's old generation with the map.
   */
  private readonly shared = new KeptValues<T>(SHARED_ROWS);
  private parsed(id: string, share = false): T {
    if (!share) return JSON.parse(this.text(id)!) as T;
    let row = this.shared.get(id);
    if (row === undefined) {
      row = JSON.parse(this.text(id)!) as T;
      this.shared.offer(id, row, this.rows.size);
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
    for (const raw of this.rows.values()) out.push(JSON.parse(this.textOf(raw)) as T);
    return out;
  };
  find = (p: (row: T) => boolean): T | undefined => {
    for (const raw of this.rows.values()) {
      const row = JSON.parse(this.textOf(raw)) as T;
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
    const { upTo } = options;
    sorted.each((full) => {
      if (out.length >= limit) return false;
      const cut = full.lastIndexOf('\u0000');
      if (upTo !== undefined && full.slice(0, Math.min(cut, upTo.length)) > upTo) return false;
      out.push(this.parsed(full.slice(cut + 1), share));
      return true;
    });
    return out;
  }
  scan = (index: string, options?: { above?: string; below?: string; reverse?: boolean }): IterableIterator<T> => this.scanRows(index, options, false);
  private scanRows(index: string, options: { above?: string; below?: string; reverse?: boolean } = {}, share: boolean): IterableIterator<T> {
    const sorted = this.sorted.get(index);
    if (!sorted) throw new Error(`no ordered index "${index}"`);
    const row = (full: string) => this.parsed(full.slice(full.lastIndexOf('\u0000') + 1), share);
    function* walk(): Generator<T> {
      for (const full of sorted!.between(options.above, options.below, options.reverse)) yield row(full);
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

/** rows re-pointed per step of FrozenSnapshot.adopt() */
const ADOPT_STEP = 5_000;

/** parsed rows kept per collection for reads (IndexedCollection.shared) */
const SHARED_ROWS = 2048;

/** Builds a snapshot piece as bytes: row texts from memory, located rows copied from disk. */
class PieceBuffer {
  private buf = Buffer.allocUnsafe(1 << 20);
  length = 0;
  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
  /** append text (UTF-8); returns its byte length */
  text(text: string): number {
    this.room(text.length * 3);
    const n = this.buf.write(text, this.length);
    this.length += n;
    return n;
  }
  /** append a located row's bytes; returns its byte length */
  copy(location: number, reader: RowReader): number {
    const n = lengthOfLocation(location);
    this.room(n);
    reader.copy(location, this.buf, this.length);
    this.length += n;
    return n;
  }
  /** the bytes so far (a view, overwritten by the next piece: no copy of each piece), and start again */
  take(): Buffer {
    const piece = this.buf.subarray(0, this.length);
    this.length = 0;
    return piece;
  }
}

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
      const from = loaded?.get(c);
      let rows = from?.rows;
      if (!rows) {
        rows = new Map();
        for (const [id, row] of Object.entries(data[c] ?? {})) rows.set(id, JSON.stringify(row));
      }
      const check = loaded && persistence.checkRow ? (id: string, row: unknown) => persistence.checkRow!(c, id, row) : undefined;
      built[c] = new IndexedCollection(rows, keyDefs(c), persistence.rowReader, from?.keys, check, persistence.trackChanges !== undefined);
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
    // what each field is now: other fields as text, collections as their ids (and old rows as rows change)
    const frozen = Object.keys(data).map((key) => {
      const col = cols[key];
      if (!col) return { key, text: JSON.stringify(data[key as keyof DbShape]) };
      const capture = new Map<string, RawRow | undefined>();
      col.capture = capture;
      return { key, col, capture, ids: col.ids() };
    });
    const release = () => {
      for (const f of frozen) if (f.col && f.col.capture === f.capture) f.col.capture = undefined;
    };
    const fields = `{${frozen.filter((f) => !f.col).map((f) => `${JSON.stringify(f.key)}:${f.text}`).join(',')}}`;
    const layout: SnapshotLayout = { fields, collections: [] };
    let complete = false;
    const reader = persistence.rowReader;
    function* pieces(rowsPerPiece = 1000): Generator<Buffer> {
      const out = new PieceBuffer();
      /** bytes of the pieces already handed out */
      let base = 0;
      const take = () => {
        const piece = out.take();
        base += piece.length;
        return piece;
      };
      out.text('{');
      for (const [n, f] of frozen.entries()) {
        out.text(`${n ? ',' : ''}${JSON.stringify(f.key)}:`);
        if (!f.col) {
          out.text(f.text);
          continue;
        }
        out.text('{');
        const placed: SnapshotLayout['collections'][number] = { name: f.key, ids: [], offsets: [], lengths: [], keys: [] };
        layout.collections.push(placed);
        let rows = 0;
        for (const id of f.ids) {
          // the row as it was at the freeze: captured if it changed since, else as it is now
          const raw = f.capture.has(id) ? f.capture.get(id) : f.col.raw(id);
          if (raw === undefined) continue;
          out.text(`${placed.ids.length ? ',' : ''}${JSON.stringify(id)}:`);
          const at = base + out.length;
          const length = typeof raw === 'string' ? out.text(raw) : out.copy(raw, reader!);
          placed.ids.push(id);
          placed.offsets.push(at);
          placed.lengths.push(length);
          if (++rows >= rowsPerPiece) {
            rows = 0;
            yield take();
          }
        }
        out.text('}');
      }
      out.text('}');
      yield take();
      complete = true;
    }
    /** the frozen collection a layout entry is of */
    const collectionOf = (name: string) => frozen.find((x) => x.key === name) as { col: IndexedCollection<unknown>; capture: Map<string, RawRow | undefined> };
    /** the slot the snapshot was adopted into */
    let adopted: LocatedFile | undefined;
    function* adopt(file: LocatedFile): Generator<void> {
      if (!complete) throw new Error('adopt() before every piece was written');
      adopted = file;
      for (const placed of layout.collections) {
        const { col, capture } = collectionOf(placed.name);
        for (let i = 0; i < placed.ids.length; i++) {
          const id = placed.ids[i];
          // a row changed since the freeze is not what the snapshot holds (capture is still on)
          if (capture.has(id)) continue;
          // a row that cannot be located there (past 8 GiB) is held as text: the old snapshot is closed after this
          col.repoint(id, locate(file, placed.offsets[i], placed.lengths[i]) ?? col.text(id)!);
          if (i % ADOPT_STEP === ADOPT_STEP - 1) yield;
        }
      }
    }
    /** each collection's rows' keys, in the layout's order (see FrozenSnapshot.layout) */
    const withKeys = (): SnapshotLayout | undefined => {
      if (adopted === undefined) throw new Error('layout() before the snapshot was adopted');
      const file = adopted;
      for (const placed of layout.collections) {
        if (placed.keys.length === placed.ids.length) continue;
        const { col, capture } = collectionOf(placed.name);
        const table = col.keyTable();
        const keys: Keys[] = new Array<Keys>(placed.ids.length);
        for (let i = 0; i < placed.ids.length; i++) {
          const id = placed.ids[i];
          if (!capture.has(id)) {
            keys[i] = table.get(id) ?? NO_KEYS;
            continue;
          }
          // changed since the freeze: its keys then, from its text in the new snapshot, or (a row too
          // long to be placed) from its text as captured when it first changed
          const at = locate(file, placed.offsets[i], placed.lengths[i]) ?? capture.get(id);
          if (at === undefined || (typeof at === 'number' && at % 4 !== file)) return undefined;
          keys[i] = col.keysOfRaw(id, at);
        }
        placed.keys = keys;
      }
      return layout;
    };
    return { pieces, adopt, layout: withKeys, release };
  };
  persistence.trackChanges?.({
    serialize,
    freeze,
    located(collection, id, text, location) {
      open()[collection].located(id, text, location);
    },
    takeChanges(): StoreChanges {
      const cols = open();
      const settings = db().settings as Record<string, unknown>;
      const changes: StoreChanges = { full, seq: db().seq, put: [], del: [], settings: [], empty: !full };
      for (const c of COLLECTIONS) {
        const { ids, texts, deleted } = cols[c].takeDirty();
        if (full) {
          const all = cols[c].ids();
          if (all.length) changes.put.push([c, all, all.map((id) => cols[c].text(id)!)]);
          continue;
        }
        if (ids.length) changes.put.push([c, ids, texts]);
        if (deleted.length) changes.del.push([c, deleted]);
        if (ids.length || deleted.length) changes.empty = false;
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
      // a row is restored as its text (a location it had may not be valid by the time a failed write is undone)
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
        putJson(id: string, row: unknown, json: string) {
          restore(id);
          col.setText(id, json, row);
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
    residency() {
      const out = { rows: 0, inMemory: 0, inMemoryChars: 0 };
      for (const col of Object.values(open())) {
        const [rows, inMemory, chars] = col.residency();
        out.rows += rows;
        out.inMemory += inMemory;
        out.inMemoryChars += chars;
      }
      return out;
    },
  };
}
