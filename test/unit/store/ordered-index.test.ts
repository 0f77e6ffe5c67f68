/**
 * Ordered indexes (shape.ts ORDERED_INDEXES): the scheduler's earliest job and
 * the dispatcher's due deliveries are read from the front of a sorted index
 * that follows every put, delete and rollback, and survives a reload.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entityDirectory } from '../../../simulator/domain/entities.js';
import { migrateOwnership } from '../../../simulator/services/ownership.js';
import { createStore } from '../../../simulator/store/lowdb-store.js';
import type { DeliveryRecord, IdentityRecord, JobRecord } from '../../../simulator/store/shape.js';
import type { Store } from '../../../simulator/store/store.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const job = (id: string, due: string, seq: number): JobRecord => ({ id, kind: 'decide', identity_id: 'i', client_id: 'c', due_at: due, seq });
const delivery = (id: string, seq: number, over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  id, event_id: 'e', consumer_id: 'k', client_id: 'c', entity_id: 'default', status: 'pending', is_test: false,
  created_at: '2026-01-01T00:00:00.000Z', next_attempt_at: '2026-01-01T00:00:00.000Z', attempts: [], seq, ...over,
});
/** an identity owned by `client` (also its entity unless `entity` is given; `null`: a record written before entities existed) */
const identity = (id: string, client: string, created: string, seq: number, entity: string | null = client): IdentityRecord =>
  ({ id, created_at: created, _sim: { client_id: client, seq, ...(entity === null ? {} : { entity_id: entity }) } }) as unknown as IdentityRecord;
/** an entity's identities, in the "created" index's order */
const createdOf = (store: Store, entity: string) =>
  store.read((db) => [...db.identities.scan('created', { above: `${entity}|`, below: `${entity}|\uffff` })].map((r) => r.id));
const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe('ordered index of jobs', () => {
  it('yields jobs by due time, then by seq, whatever order they were put in', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => {
      tx.jobs.put('c', job('c', T(30), 3));
      tx.jobs.put('a', job('a', T(10), 9));
      tx.jobs.put('b', job('b', T(10), 2));
      tx.jobs.put('d', job('d', T(5), 7));
    });
    expect(store.read((db) => db.jobs.ordered('due').map((j) => j.id))).toEqual(['d', 'b', 'a', 'c']);
    expect(store.read((db) => db.jobs.ordered('due', { limit: 1 }).map((j) => j.id))).toEqual(['d']);
    expect(store.read((db) => db.jobs.ordered('due', { upTo: T(10) }).map((j) => j.id))).toEqual(['d', 'b', 'a']);
    expect(store.read((db) => db.jobs.ordered('due', { upTo: T(4) }))).toEqual([]);
  });

  it('moves a job when its due time changes, drops it when deleted, and restores it on rollback', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => {
      tx.jobs.put('a', job('a', T(10), 1));
      tx.jobs.put('b', job('b', T(20), 2));
    });
    await store.transact((tx) => tx.jobs.put('a', job('a', T(30), 1)));
    expect(store.read((db) => db.jobs.ordered('due').map((j) => j.id))).toEqual(['b', 'a']);
    await expect(
      store.transact((tx) => {
        tx.jobs.delete('b');
        tx.jobs.put('z', job('z', T(1), 3));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.read((db) => db.jobs.ordered('due').map((j) => j.id))).toEqual(['b', 'a']);
    await store.transact((tx) => tx.jobs.delete('b'));
    expect(store.read((db) => db.jobs.ordered('due').map((j) => j.id))).toEqual(['a']);
  });

  it('is rebuilt in order from a data file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordered-'));
    dirs.push(dir);
    const path = join(dir, 'db.json');
    const first = await createStore({ storage: 'file', path });
    await first.transact((tx) => {
      for (let i = 0; i < 50; i++) tx.jobs.put(`j${i}`, job(`j${i}`, T((i * 37) % 50), i));
    });
    await first.close(); // one store per data file: the lock is released on close
    const again = await createStore({ storage: 'file', path });
    stores.push(again);
    const dues = again.read((db) => db.jobs.ordered('due').map((j) => `${j.due_at}|${j.seq}`));
    expect(dues).toHaveLength(50);
    expect(dues).toEqual([...dues].sort());
  });
});

describe('scan', () => {
  it('walks between two exclusive bounds, forwards or backwards, lazily', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => {
      for (let i = 1; i <= 5; i++) tx.jobs.put(`j${i}`, job(`j${i}`, T(i), i));
    });
    const key = (i: number) => `${T(i)}|${String(i).padStart(16, '0')}\u0000j${i}`;
    const ids = (o: { above?: string; below?: string; reverse?: boolean }) =>
      store.read((db) => [...db.jobs.scan('due', o)].map((j) => j.id));
    expect(ids({})).toEqual(['j1', 'j2', 'j3', 'j4', 'j5']);
    expect(ids({ above: key(2) })).toEqual(['j3', 'j4', 'j5']);
    expect(ids({ above: key(1), below: key(4) })).toEqual(['j2', 'j3']);
    expect(ids({ below: key(4), reverse: true })).toEqual(['j3', 'j2', 'j1']);
    expect(ids({ above: T(3), reverse: true })).toEqual(['j5', 'j4', 'j3']);
    expect(store.read((db) => db.jobs.scan('due').next().value?.id)).toBe('j1');
  });

  it('lists an entity\'s identities in (created_at millisecond, seq) order through the "created" index', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => {
      tx.identities.put('b', identity('b', 'e1', '2026-01-01T00:00:00.000000002Z', 2));
      tx.identities.put('a', identity('a', 'e1', '2026-01-01T00:00:00.000000009Z', 1)); // same millisecond: seq decides
      tx.identities.put('x', identity('x', 'e2', '2025-01-01T00:00:00Z', 3));
      tx.identities.put('c', identity('c', 'e1', '2025-06-01T00:00:00.5Z', 4));
    });
    expect(createdOf(store, 'e1')).toEqual(['c', 'a', 'b']);
    expect(createdOf(store, 'e2')).toEqual(['x']);
  });
});

describe('count', () => {
  it('follows puts, replacements, deletes, rollbacks and a reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'count-'));
    dirs.push(dir);
    const path = join(dir, 'db.json');
    const store = await createStore({ storage: 'file', path });
    await store.transact((tx) => {
      tx.jobs.put('a', job('a', T(1), 1));
      tx.jobs.put('b', job('b', T(2), 2));
      tx.jobs.put('a', job('a', T(3), 1)); // a replacement is not a new row
      tx.jobs.delete('missing');
    });
    expect(store.read((db) => db.jobs.count())).toBe(2);
    await expect(store.transact((tx) => { tx.jobs.delete('a'); tx.jobs.put('c', job('c', T(4), 3)); tx.jobs.put('d', job('d', T(4), 4)); throw new Error('no'); })).rejects.toThrow('no');
    expect(store.read((db) => db.jobs.count())).toBe(2);
    await store.transact((tx) => tx.jobs.delete('b'));
    expect(store.read((db) => db.jobs.count())).toBe(1);
    await store.close(); // one store per data file: the lock is released on close
    const again = await createStore({ storage: 'file', path });
    stores.push(again);
    expect(again.read((db) => db.jobs.count())).toBe(1);
  });
});

/**
 * The indexes and counters are built when the collections open, and kept
 * only by changes made through them. The journal is replayed into the
 * document before the collections open (lowdb read at start-up), and the
 * ownership migration changes records through a transaction: both must leave
 * the ordered indexes and count() exactly as a fresh build would.
 */
describe('ordered indexes and count after a journal replay and the ownership migration', () => {
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordered-replay-'));
    dirs.push(dir);
    return dir;
  };
  const openFile = async (path: string) => {
    const store = await createStore({ storage: 'file', path });
    stores.push(store);
    return store;
  };
  /** the files as they are now, copied as a crash would leave them (no clean close, journal not folded in) */
  const crashCopy = (path: string) => {
    const copy = join(tempDir(), 'db.json');
    copyFileSync(path, copy);
    copyFileSync(`${path}.journal`, `${copy}.journal`);
    return copy;
  };
  const state = (store: Store) => ({
    e1: createdOf(store, 'e1'),
    e2: createdOf(store, 'e2'),
    unowned: createdOf(store, 'undefined'),
    due: store.read((db) => db.jobs.ordered('due').map((j) => j.id)),
    identities: store.read((db) => db.identities.count()),
    jobs: store.read((db) => db.jobs.count()),
  });

  it('rebuilds them from the snapshot with the journal replayed (replacements, deletes and moves included)', async () => {
    const path = join(tempDir(), 'db.json');
    const store = await openFile(path);
    await store.transact((tx) => {
      tx.identities.put('a', identity('a', 'e1', '2026-01-01T00:00:01Z', 1));
      tx.identities.put('b', identity('b', 'e1', '2026-01-01T00:00:02Z', 2));
      tx.identities.put('x', identity('x', 'e2', '2026-01-01T00:00:03Z', 3));
      for (let i = 0; i < 5; i++) tx.jobs.put(`j${i}`, job(`j${i}`, T(10 + i), i));
    });
    await store.flush(); // these are in db.json; what follows is in the journal only
    await store.transact((tx) => tx.identities.put('c', identity('c', 'e1', '2026-01-01T00:00:00Z', 4)));
    await store.transact((tx) => {
      tx.identities.put('b', identity('b', 'e2', '2026-01-01T00:00:02Z', 2)); // moves to another entity
      tx.identities.delete('x');
      tx.jobs.put('j4', job('j4', T(1), 4)); // moves to the front
      tx.jobs.delete('j0');
      tx.jobs.put('j9', job('j9', T(12), 9));
    });
    const expected = state(store);
    expect(expected).toEqual({ e1: ['c', 'a'], e2: ['b'], unowned: [], due: ['j4', 'j1', 'j2', 'j9', 'j3'], identities: 3, jobs: 5 });
    const copy = crashCopy(path);
    expect(readFileSync(`${copy}.journal`, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(Object.keys(JSON.parse(readFileSync(copy, 'utf8')).identities).sort()).toEqual(['a', 'b', 'x']);
    const reopened = await openFile(copy);
    expect(state(reopened)).toEqual(expected);
    // and they go on following changes made after the replay
    await reopened.transact((tx) => {
      tx.identities.delete('c');
      tx.jobs.delete('j4');
    });
    expect(state(reopened)).toMatchObject({ e1: ['a'], due: ['j1', 'j2', 'j9', 'j3'], identities: 2, jobs: 4 });
  });

  it('refiles identities of a file written before entities under their entity when migrateOwnership gives them one, also across a crash', async () => {
    const path = join(tempDir(), 'db.json');
    const old = await openFile(path);
    await old.transact((tx) => {
      tx.identities.put('a', identity('a', 'c1', '2026-01-01T00:00:02Z', 1, null));
      tx.identities.put('b', identity('b', 'c2', '2026-01-01T00:00:01Z', 2, null));
      tx.identities.put('x', identity('x', 'c3', '2026-01-01T00:00:03Z', 3, null));
    });
    await old.close();
    // the previous version's file: records carry their client only
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(Object.values<IdentityRecord>(file.identities).map((r) => r._sim.entity_id)).toEqual([undefined, undefined, undefined]);
    writeFileSync(path, JSON.stringify(file));

    const store = await openFile(path);
    expect(state(store)).toMatchObject({ e1: [], e2: [], unowned: ['b', 'a', 'x'], identities: 3 });
    const entities = entityDirectory([{ id: 'e1', clients: ['c1', 'c2'] }, { id: 'e2', clients: ['c3'] }], ['c1', 'c2', 'c3']);
    expect(await migrateOwnership(store, entities)).toBe(3);
    const expected = { e1: ['b', 'a'], e2: ['x'], unowned: [], due: [], identities: 3, jobs: 0 };
    expect(state(store)).toEqual(expected);
    // the migration is a journal line; a crash before any compaction replays it
    const copy = crashCopy(path);
    expect(readFileSync(`${copy}.journal`, 'utf8').trim().split('\n')).toHaveLength(1);
    const reopened = await openFile(copy);
    expect(state(reopened)).toEqual(expected);
    expect(await migrateOwnership(reopened, entities)).toBe(0);
  });
});

describe('ordered indexes of deliveries', () => {
  it('holds only pending deliveries with a next attempt in "due", and only finished ones in "finished"', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => {
      tx.deliveries.put('p2', delivery('p2', 2, { next_attempt_at: T(20) }));
      tx.deliveries.put('p1', delivery('p1', 1, { next_attempt_at: T(10) }));
      tx.deliveries.put('ok', delivery('ok', 3, { status: 'succeeded', next_attempt_at: undefined, attempts: [{ at: T(15), latency_ms: 1, status_code: 200 }] }));
      tx.deliveries.put('bad', delivery('bad', 4, { status: 'failed', next_attempt_at: undefined, attempts: [{ at: T(5), latency_ms: 1, status_code: 500 }] }));
    });
    expect(store.read((db) => db.deliveries.ordered('due').map((d) => d.id))).toEqual(['p1', 'p2']);
    expect(store.read((db) => db.deliveries.ordered('due', { upTo: T(10) }).map((d) => d.id))).toEqual(['p1']);
    expect(store.read((db) => db.deliveries.ordered('finished').map((d) => d.id))).toEqual(['bad', 'ok']);
    // a pending delivery that succeeds leaves "due" and joins "finished"
    await store.transact((tx) => tx.deliveries.put('p1', delivery('p1', 1, { status: 'succeeded', next_attempt_at: undefined, attempts: [{ at: T(11), latency_ms: 1 }] })));
    expect(store.read((db) => db.deliveries.ordered('due').map((d) => d.id))).toEqual(['p2']);
    expect(store.read((db) => db.deliveries.ordered('finished').map((d) => d.id))).toEqual(['bad', 'p1', 'ok']);
  });

  it('names an unknown ordered index', async () => {
    const store = await createStore({ storage: 'memory' });
    expect(() => store.read((db) => db.jobs.ordered('nope'))).toThrow('no ordered index "nope"');
  });
});
