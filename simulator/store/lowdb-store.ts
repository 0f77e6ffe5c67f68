/**
 * @module store/lowdb-store
 * The only module that imports lowdb. Chooses a JSON file (atomic writes via
 * lowdb's steno writer: temp file + rename) or memory, by configuration.
 *
 * Writes are coalesced: while one write is on disk, later transactions wait for
 * the next one, which carries all their changes. A transaction resolves only
 * after the write that holds it has finished.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low, Memory } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { createStoreOver, type Persistence, type Store } from './store.js';
import { defaultData, SCHEMA_VERSION, type DbShape } from './shape.js';

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
    parse: (text) => JSON.parse(text) as DbShape,
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
  let writing: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const write = (): Promise<void> => {
    if (!writing) {
      writing = db.write().finally(() => (writing = undefined));
      return writing;
    }
    // A write is in progress and may not include the latest change: queue one more.
    next ??= writing.then(() => {
      next = undefined;
      return write();
    });
    return next;
  };
  return {
    get data() {
      return db.data;
    },
    write,
  };
}
