/**
 * @module store/lowdb-store
 * The only module that imports lowdb. Chooses a JSON file (atomic writes via
 * lowdb's steno writer: temp file + rename) or memory, by configuration.
 *
 * Writes are coalesced (group commit): transactions made in the same turn of
 * the event loop share one write, and while one write is on disk, later
 * transactions wait for the next one, which carries all their changes. A
 * transaction resolves only after the write that holds it has finished.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low, Memory } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { createStoreOver, type Persistence, type Store } from './store.js';
import { defaultData, SCHEMA_VERSION, type DbShape } from './shape.js';
import { validateDataShape } from './validate-shape.js';

export type StoreOptions = { storage: 'memory' } | { storage: 'file'; path: string; reset?: boolean };

export class StoreOpenError extends Error {}

export async function createStore(options: StoreOptions): Promise<Store> {
  if (options.storage === 'memory') {
    const db = new Low<DbShape>(new Memory<DbShape>(), defaultData());
    return createStoreOver(coalesced(db), { kind: 'memory' });
  }
  mkdirSync(dirname(options.path), { recursive: true });
  let serialize: ((data: DbShape) => string) | undefined;
  const adapter = new DataFile<DbShape>(options.path, {
    parse: (text) => validateDataShape(JSON.parse(text) as unknown) as DbShape,
    stringify: (data) => (serialize ? serialize(data) : JSON.stringify(data)),
  });
  const db = new Low<DbShape>(adapter, defaultData());
  if (!options.reset) {
    try {
      await db.read();
    } catch (err) {
      throw new StoreOpenError(`cannot read the data file ${options.path}: ${(err as Error).message} (start with --reset to begin empty)`);
    }
    if (db.data.version !== SCHEMA_VERSION) {
      throw new StoreOpenError(`the data file ${options.path} has schema version ${String(db.data.version)}, expected ${SCHEMA_VERSION} (start with --reset to begin empty)`);
    }
    db.data = { ...defaultData(), ...db.data };
  }
  await db.write();
  const persistence = coalesced(db);
  persistence.useSerializer = (fn) => void (serialize = () => fn());
  return createStoreOver(persistence, { kind: 'file', location: options.path });
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
        const current = db.write(); // serialises the data now, synchronously
        inFlight = current.finally(() => {
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
    write,
  };
}
