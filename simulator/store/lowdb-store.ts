/**
 * @module store/lowdb-store
 * The only module that imports lowdb. Chooses a JSON file or memory, by
 * configuration.
 *
 * The file store is lowdb over JournalFile (journal-file.ts): the lowdb JSON
 * file (`db.json`) is the snapshot users know and can open; every write
 * appends the changed rows to `db.json.journal`, which is folded back into
 * `db.json` by compaction (threshold, clean shutdown, reset). One process at a
 * time holds a data file (`db.json.lock`, lock.ts).
 *
 * Writes are coalesced (group commit): transactions made in the same turn of
 * the event loop share one write, and while one write is on disk, later
 * transactions wait for the next one, which carries all their changes. A
 * transaction resolves only after the write that holds it has finished.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low, Memory } from 'lowdb';
import { StoreOpenError } from './errors.js';
import { JournalCorruptError, parseJournal, replay } from './journal.js';
import { JournalFile, type JournalFileOptions } from './journal-file.js';
import { acquireLock } from './lock.js';
import { createStoreOver, type Persistence, type Store } from './store.js';
import { validateRow } from './validate-shape.js';
import { defaultData, SCHEMA_VERSION, type DbShape } from './shape.js';

export { StoreOpenError } from './errors.js';
export { StoreLockedError } from './lock.js';
export { StoreWriteError } from './store.js';

export type StoreOptions =
  | { storage: 'memory' }
  | ({ storage: 'file'; path: string; reset?: boolean } & Pick<JournalFileOptions, 'index' | 'fsync' | 'compactAfterBytes' | 'compactRetryMs' | 'compactRowsPerPiece' | 'indexAfterIdleMs' | 'io' | 'log'>);

export async function createStore(options: StoreOptions): Promise<Store> {
  if (options.storage === 'memory') {
    const db = new Low<DbShape>(new Memory<DbShape>(), defaultData());
    return createStoreOver(coalesced(db), { kind: 'memory' });
  }
  mkdirSync(dirname(options.path), { recursive: true });
  const lock = acquireLock(options.path);
  const log = options.log ?? (() => undefined);
  if (lock.tookOver) log('warn', `took over the lock of ${options.path} from a process that is gone (pid ${lock.tookOver.pid})`);
  const adapter = new JournalFile(options.path, {
    index: options.index,
    fsync: options.fsync,
    compactAfterBytes: options.compactAfterBytes,
    compactRetryMs: options.compactRetryMs,
    compactRowsPerPiece: options.compactRowsPerPiece,
    indexAfterIdleMs: options.indexAfterIdleMs,
    io: options.io,
    log,
  });
  const db = new Low<DbShape>(adapter, defaultData());
  try {
    if (!options.reset) {
      try {
        // lowdb's db.read() parses every row; load() keeps rows as text for the store
        const { data } = await adapter.load();
        db.data = data ?? defaultData();
      } catch (err) {
        const where = err instanceof JournalCorruptError ? adapter.journalPath : options.path;
        throw new StoreOpenError(`cannot read the data file ${where}: ${(err as Error).message} (start with --reset to begin empty)`);
      }
      if (db.data.version !== SCHEMA_VERSION) {
        throw new StoreOpenError(`the data file ${options.path} has schema version ${String(db.data.version)}, expected ${SCHEMA_VERSION} (start with --reset to begin empty)`);
      }
      db.data = { ...defaultData(), ...db.data };
    }
    // A new file, or --reset: start from a snapshot and an empty journal.
    if (options.reset || !adapter.loaded.snapshot) await adapter.rewrite(db.data);
  } catch (err) {
    await adapter.close().catch(() => undefined);
    lock.release();
    throw err;
  }
  const persistence = coalesced(db);
  persistence.takeRows = () => adapter.takeRows();
  persistence.rowReader = adapter.reader;
  persistence.checkRow = validateRow;
  persistence.trackChanges = (source) => adapter.trackChanges(source);
  persistence.compact = async () => {
    await adapter.idle();
    adapter.requestCompaction();
    await persistence.write();
    await adapter.idle();
    // flush, reset and a clean stop leave the index file of the snapshot they wrote
    await adapter.writePendingIndex();
  };
  persistence.close = async () => {
    try {
      await persistence.compact!();
      await adapter.close();
    } finally {
      lock.release();
    }
  };
  persistence.announce = (listener) => lock.update(listener);
  try {
    const store = createStoreOver(persistence, { kind: 'file', location: options.path });
    // builds the collections now: rows the load did not key (from the journal) are parsed, indexed and checked
    store.read((view) => view.identities.count());
    return store;
  } catch (err) {
    await adapter.close().catch(() => undefined);
    lock.release();
    throw new StoreOpenError(`cannot read the data file ${options.path}: ${(err as Error).message} (start with --reset to begin empty)`);
  }
}

/**
 * Everything durable in a data file, read-only and without the lock: the
 * snapshot (`db.json`) with its journal replayed (a torn last line dropped).
 * While a simulator runs, recent changes are in the journal only; after a
 * clean stop `db.json` alone holds everything.
 */
export function readDataFile(path: string): DbShape {
  const data = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DbShape) : defaultData();
  const journal = `${path}.journal`;
  return existsSync(journal) ? replay(data, parseJournal(readFileSync(journal, 'utf8')).lines) : data;
}

function coalesced(db: Low<DbShape>): Persistence {
  /** the next write, not started yet: any change made before it starts is in it */
  let scheduled: Promise<void> | undefined;
  /** the write being serialised and put on disk */
  let inFlight: Promise<void> | undefined;
  const write = (): Promise<void> => {
    if (scheduled) return scheduled;
    // Start after the write in flight, and on a later turn of the event loop,
    // so that every transaction made meanwhile shares one write (group commit).
    scheduled = (inFlight ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        scheduled = undefined;
        const current = db.write(); // takes the changes now, synchronously
        // (its failure reaches the transactions through `current`; this copy only orders writes)
        inFlight = current.catch(() => undefined).finally(() => {
          if (inFlight === tracked) inFlight = undefined;
        });
        const tracked = inFlight;
        return current;
      });
    return scheduled;
  };
  return {
    get data() {
      return db.data;
    },
    set data(next: DbShape) {
      db.data = next;
    },
    write,
  };
}
