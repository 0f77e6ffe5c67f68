/**
 * @module store/store
 * The one interface every part of the simulator uses to read and change state.
 *
 * `read(fn)` and `transact(fn)` hand `fn` a view over typed collections. A
 * transaction is synchronous (decide everything, then persist once), runs one at
 * a time, rolls back every change if `fn` throws, and resolves only once the
 * change is durable. Values leaving the store are copies.
 */
import { defaultData, type CollectionName, type DbShape } from './shape.js';

type Row<C extends CollectionName> = DbShape[C][string];

export interface Collection<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
  all(): T[];
  find(predicate: (row: T) => boolean): T | undefined;
  filter(predicate: (row: T) => boolean): T[];
  count(): number;
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
}

const COLLECTIONS: CollectionName[] = [
  'identities', 'documents', 'members', 'events', 'deliveries', 'jobs', 'tokens', 'consumers',
];

function viewOf<T>(map: Record<string, T>): Collection<T> {
  return {
    get: (id) => (Object.hasOwn(map, id) ? map[id] : undefined),
    has: (id) => Object.hasOwn(map, id),
    all: () => Object.values(map),
    find: (p) => Object.values(map).find(p),
    filter: (p) => Object.values(map).filter(p),
    count: () => Object.keys(map).length,
  };
}

/** Build a Store over any persistence (see lowdb-store.ts for the lowdb one). */
export function createStoreOver(persistence: Persistence, meta: { kind: 'memory' | 'file'; location?: string }): Store {
  const db = () => persistence.data;

  // Views are rebuilt only when the collections are replaced (load, reset).
  let cachedView: StoreView | undefined;
  const view = (): StoreView => {
    if (cachedView) return cachedView;
    const v = { settings: db().settings } as StoreView;
    for (const c of COLLECTIONS) (v as Record<string, unknown>)[c] = viewOf(db()[c] as Record<string, unknown>);
    return (cachedView = v);
  };

  const runTx = <T>(fn: (tx: StoreTx) => T): T => {
    const undo: Array<() => void> = [];
    const data = db();
    const tx = { settings: data.settings } as StoreTx;
    for (const c of COLLECTIONS) {
      const map = data[c] as Record<string, unknown>;
      (tx as Record<string, unknown>)[c] = {
        ...viewOf(map),
        put(id: string, row: unknown) {
          const had = Object.hasOwn(map, id);
          const before = map[id];
          undo.push(() => (had ? (map[id] = before) : delete map[id]));
          map[id] = row;
        },
        delete(id: string) {
          if (!Object.hasOwn(map, id)) return;
          const before = map[id];
          undo.push(() => (map[id] = before));
          delete map[id];
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
      await persistence.write();
    },
    snapshot: () => structuredClone(persistence.data),
    flush: () => persistence.write(),
  };
}
