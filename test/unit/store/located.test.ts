/**
 * Rows held on disk (their place in db.json or the journal, not their text)
 * and the index file beside db.json (db.json.index): rows read back right
 * after a write, after compaction (also while writes go on), after a restart
 * with and without the index, after reset and a failed write; the index is
 * used only when it describes db.json byte for byte, and otherwise ignored
 * with a log line. Real files in a temp directory.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { nodeJournalIo, type JournalIo } from '../../../simulator/store/journal-file.js';
import { createStore, readDataFile, StoreWriteError } from '../../../simulator/store/lowdb-store.js';
import type { IdentityRecord, JobRecord } from '../../../simulator/store/shape.js';
import type { Store } from '../../../simulator/store/store.js';
import { tempStores } from '../../support/temp-stores.js';

const { stores, tempFile } = tempStores('located-test-');
type Options = Partial<Parameters<typeof createStore>[0]>;
const open = async (path: string, extra: Options = {}) => {
  const store = await createStore({ storage: 'file', path, ...extra } as Parameters<typeof createStore>[0]);
  stores.push(store);
  return store;
};
/** open, recording log lines as "level: message" */
const openLogged = async (path: string, extra: Options = {}) => {
  const logs: string[] = [];
  const store = await open(path, { ...extra, log: (level: string, message: string) => logs.push(`${level}: ${message}`) });
  return { store, logs };
};
const close = async (store: Store) => {
  await store.close();
  stores.splice(stores.indexOf(store), 1);
};

const job = (id: string, identity = 'a', due = '2026-01-01T00:00:00.000Z'): JobRecord => ({ id, kind: 'decide', identity_id: identity, client_id: 'c', due_at: due, seq: 1 });
const identity = (id: string, name: string, seq: number): IdentityRecord =>
  ({
    id,
    ref_id: `ref-${id}`,
    created_at: `2026-01-01T00:00:00.${String(seq).padStart(3, '0')}000Z`,
    person_details: { first_name: name, last_name: 'Ünal', cip_id: `cip-${id}`, cip_id_type: 'SSN', cip_id_country: 'USA' },
    _sim: { client_id: 'c', entity_id: 'e', seq },
  }) as unknown as IdentityRecord;

/** Put jobs one transaction at a time until a compaction has put a new db.json in place (at most 200). */
async function writeUntilCompacted(store: Store, path: string, snapshotBefore: string) {
  for (let n = 0; readFileSync(path, 'utf8') === snapshotBefore && n < 200; n++) {
    await store.transact((tx) => tx.jobs.put(`k${n}`, job(`k${n}`, 'odd')));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** everything a store holds, and what its indexes find */
const contents = (store: Store) =>
  store.read((db) => ({
    jobs: db.jobs.all().sort((a, b) => a.id.localeCompare(b.id)),
    identities: db.identities.all().sort((a, b) => a.id.localeCompare(b.id)),
    byIdentity: db.jobs.by('identity', 'odd').map((j) => j.id).sort(),
    due: db.jobs.ordered('due').map((j) => j.id),
    refIds: db.identities.keys('ref_id').sort(),
    created: [...db.identities.scan('created', { above: 'e|', below: 'e|\uffff' })].map((r) => r.id),
  }));

/** a store with 30 jobs and 3 identities (names with non-ASCII letters), written and compacted */
async function seeded(path: string) {
  const store = await open(path);
  await store.transact((tx) => {
    for (let i = 0; i < 30; i++) tx.jobs.put(`j${i}`, job(`j${i}`, i % 2 ? 'odd' : 'even', `2026-01-01T00:00:${String(59 - i).padStart(2, '0')}.000Z`));
    tx.identities.put('i1', identity('i1', 'Zoë', 1));
    tx.identities.put('i2', identity('i2', '名前', 2));
    tx.identities.put('i3', identity('i3', 'Ana', 3));
  });
  return store;
}

describe('rows held on disk', () => {
  it('a written row is held as its place in the journal, and reads back (non-ASCII too)', async () => {
    const path = tempFile();
    const store = await seeded(path);
    expect(store.residency()).toEqual({ rows: 33, inMemory: 0, inMemoryChars: 0 });
    const expected = contents(store);
    expect(expected.identities.map((r) => r.person_details!.first_name)).toEqual(['Zoë', '名前', 'Ana']);
    expect(expected.due).toEqual(Array.from({ length: 30 }, (_, i) => `j${29 - i}`));
    expect(expected.byIdentity).toHaveLength(15);
    // changed again: the new text is read, and the old one left the indexes
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'even', '2020-01-01T00:00:00.000Z')));
    expect(store.residency().inMemory).toBe(0);
    expect(store.read((db) => db.jobs.get('j1'))?.identity_id).toBe('even');
    expect(store.read((db) => db.jobs.by('identity', 'odd').map((j) => j.id))).not.toContain('j1');
    expect(store.read((db) => db.jobs.ordered('due', { limit: 1 }).map((j) => j.id))).toEqual(['j1']);
    expect(readDataFile(path)).toEqual(store.snapshot());
  });

  it('a row changed while its write is on the way keeps its newer text (the write does not place the older one)', async () => {
    const path = tempFile();
    let hold = false;
    let release: (() => void) | undefined;
    const io: Partial<JournalIo> = {
      async write(handle, bytes, position) {
        if (hold) {
          hold = false;
          await new Promise<void>((resolve) => (release = resolve));
        }
        return nodeJournalIo.write(handle, bytes, position);
      },
    };
    const store = await open(path, { io });
    hold = true;
    const first = store.transact((tx) => tx.jobs.put('r', job('r', 'v1')));
    while (!release) await new Promise((resolve) => setImmediate(resolve));
    // the line holding v1 is being written; r changes meanwhile
    const second = store.transact((tx) => tx.jobs.put('r', job('r', 'v2')));
    release();
    await first;
    expect(store.read((db) => db.jobs.get('r'))?.identity_id).toBe('v2');
    await second;
    expect(store.read((db) => db.jobs.get('r'))?.identity_id).toBe('v2');
    expect(store.residency().inMemory).toBe(0);
    expect(readDataFile(path).jobs.r.identity_id).toBe('v2');
  });

  it('after compaction rows read from the new db.json, and the journal is empty', async () => {
    const path = tempFile();
    const store = await seeded(path);
    const expected = contents(store);
    await store.flush();
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe('');
    expect(store.residency().inMemory).toBe(0);
    expect(contents(store)).toEqual(expected);
    // a row changed after compaction comes from the journal, the others from db.json
    await store.transact((tx) => tx.identities.put('i2', { ...identity('i2', 'Łukasz', 2) }));
    expect(store.read((db) => db.identities.get('i2'))?.person_details?.first_name).toBe('Łukasz');
    expect(store.read((db) => db.identities.get('i1'))?.person_details?.first_name).toBe('Zoë');
    await store.flush();
    expect(store.read((db) => db.identities.all().map((r) => r.person_details?.first_name))).toEqual(['Zoë', 'Łukasz', 'Ana']);
  });

  it('while a compaction writes and then re-points 45,000 rows a block at a time, every read and write between its steps is right', async () => {
    const path = tempFile();
    const store = await open(path);
    const N = 45_000;
    await store.transact((tx) => {
      for (let i = 0; i < N; i++) tx.jobs.put(`j${i}`, job(`j${i}`, `v0-${i}`));
    });
    await store.flush(); // every row in db.json (slot one)
    const expected = new Map(Array.from({ length: N }, (_, i) => [`j${i}`, `v0-${i}`]));
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'a longer value, so that every row after it moves')));
    expected.set('j1', 'a longer value, so that every row after it moves');
    let done = false;
    const compaction = store.flush().then(() => (done = true));
    let steps = 0;
    let wrong = 0;
    while (!done) {
      steps++;
      for (let r = 0; r < 8; r++) {
        const i = (steps * 7919 + r * 5003) % N;
        if (store.read((db) => db.jobs.get(`j${i}`))?.identity_id !== expected.get(`j${i}`)) wrong++;
      }
      if (steps % 5 === 0) {
        const k = (steps * 104_729) % N;
        await store.transact((tx) => tx.jobs.put(`j${k}`, job(`j${k}`, `v${steps}-${k}`)));
        expected.set(`j${k}`, `v${steps}-${k}`);
      } else await new Promise((resolve) => setImmediate(resolve));
    }
    await compaction;
    expect(steps).toBeGreaterThan(10);
    expect(wrong).toBe(0);
    const all = new Map(store.read((db) => db.jobs.all().map((j) => [j.id, j.identity_id] as const)));
    expect(all).toEqual(expected);
    // and once more (the other snapshot slot), then from the files alone
    await store.transact((tx) => tx.jobs.put('j2', job('j2', 'last')));
    expected.set('j2', 'last');
    await store.flush();
    expect(new Map(store.read((db) => db.jobs.all().map((j) => [j.id, j.identity_id] as const)))).toEqual(expected);
    expect(store.residency().inMemory).toBe(0);
    await close(store);
    const reopened = await open(path);
    expect(new Map(reopened.read((db) => db.jobs.all().map((j) => [j.id, j.identity_id] as const)))).toEqual(expected);
  });

  it('reopens through the index file after a clean close, without reading a row, and holds the same', async () => {
    const path = tempFile();
    const store = await seeded(path);
    const expected = contents(store);
    await close(store);
    expect(existsSync(`${path}.index`)).toBe(true);
    const { store: reopened, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places and index keys of 33 rows from .*db\.json\.index \(no row of .*db\.json was read\)$/)]);
    expect(reopened.residency()).toEqual({ rows: 33, inMemory: 0, inMemoryChars: 0 });
    expect(contents(reopened)).toEqual(expected);
    // and it goes on working: a change, a compaction, another restart
    await reopened.transact((tx) => {
      tx.jobs.delete('j3');
      tx.jobs.put('j30', job('j30', 'odd'));
    });
    const after = contents(reopened);
    await close(reopened);
    const { store: third, logs: thirdLogs } = await openLogged(path);
    expect(thirdLogs).toEqual([expect.stringMatching(/^info: read the places .* of 33 rows/)]);
    expect(contents(third)).toEqual(after);
  });

  it('a row on disk that changes or leaves is taken out of the indexes under the keys it had (keys are not kept per row), also in the index file', async () => {
    const path = tempFile();
    const store = await seeded(path);
    await store.flush(); // every row on disk: its old keys are worked out from db.json
    // i2 is read first (a read shares it parsed): its old keys come from that parsed row
    expect(store.read((db) => db.identities.get('i2')?.id)).toBe('i2');
    await store.transact((tx) => {
      tx.identities.put('i1', { ...identity('i1', 'Zoë', 9), ref_id: 'ref-new', person_details: { ...identity('i1', 'Zoë', 9).person_details, cip_id: 'cip-new' } } as IdentityRecord);
      tx.identities.put('i2', { ...identity('i2', '名前', 2), ref_id: 'ref-i2b' } as IdentityRecord);
      tx.identities.delete('i3');
      tx.jobs.put('j1', job('j1', 'even', '2020-01-01T00:00:00.000Z'));
      tx.jobs.delete('j3');
    });
    const lookups = (s: Store) =>
      s.read((db) => ({
        oldRef: db.identities.by('ref_id', 'e|ref-i1').map((r) => r.id),
        newRef: db.identities.by('ref_id', 'e|ref-new').map((r) => r.id),
        oldCip: db.identities.by('cip', 'e|cip-i1|SSN|USA').map((r) => r.id),
        newCip: db.identities.by('cip', 'e|cip-new|SSN|USA').map((r) => r.id),
        refIds: db.identities.keys('ref_id').sort(),
        entity: db.identities.by('entity', 'e').map((r) => r.id).sort(),
        created: [...db.identities.scan('created', { above: 'e|', below: 'e|\uffff' })].map((r) => r.id),
        odd: db.jobs.by('identity', 'odd').map((j) => j.id).sort(),
        firstDue: db.jobs.ordered('due', { limit: 2 }).map((j) => j.id),
        jobs: db.jobs.count(),
      }));
    const expected = {
      oldRef: [], newRef: ['i1'], oldCip: [], newCip: ['i1'],
      refIds: ['e|ref-i2b', 'e|ref-new'], entity: ['i1', 'i2'], created: ['i2', 'i1'],
      odd: Array.from({ length: 15 }, (_, i) => `j${2 * i + 1}`).filter((id) => id !== 'j1' && id !== 'j3').sort(),
      firstDue: ['j1', 'j29'], jobs: 29,
    };
    expect(lookups(store)).toEqual(expected);
    await close(store);
    const { store: reopened, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places and index keys of 31 rows/)]);
    expect(lookups(reopened)).toEqual(expected);
  });

  it('a compaction while writes go on leaves the index file for later: the stale one is removed (a crash then scans, said at level info), and it is written once writes pause, or on a clean close', async () => {
    const path = tempFile();
    await close(await seeded(path));
    expect(existsSync(`${path}.index`)).toBe(true);
    const snapshotBefore = readFileSync(path, 'utf8');
    // compacts as soon as the journal is larger than the snapshot; writes never pause for a minute here
    const { store } = await openLogged(path, { compactAfterBytes: 1, indexAfterIdleMs: 60_000 });
    await writeUntilCompacted(store, path, snapshotBefore);
    // the compaction renamed a new snapshot into place; its index is waiting, the old one is gone
    await vi.waitFor(() => expect(existsSync(`${path}.index`)).toBe(false));
    expect(readFileSync(path, 'utf8')).not.toBe(snapshotBefore);
    await store.transact((tx) => tx.jobs.put('after', job('after', 'even')));
    const expected = contents(store);
    // a crash now: the next start scans (no warning about an index of another snapshot) and holds everything
    const copy = tempFile();
    for (const suffix of ['', '.journal']) copyFileSync(`${path}${suffix}`, `${copy}${suffix}`);
    const { store: crashed, logs } = await openLogged(copy);
    expect(logs).toEqual([expect.stringMatching(/^info: no index file .*: reading every row of /)]);
    expect(contents(crashed)).toEqual(expected);
    // a clean close writes the index file of the snapshot it leaves
    await close(store);
    expect(existsSync(`${path}.index`)).toBe(true);
    const { store: reopened, logs: again } = await openLogged(path);
    expect(again).toEqual([expect.stringMatching(/^info: read the places and index keys of \d+ rows from .*db\.json\.index/)]);
    expect(contents(reopened)).toEqual(expected);
  });

  it.each([
    ['', false],
    [', a row too long to be placed (held as text) among them', true],
  ])('rows changed after a compaction, before its deferred index file is written, are filed in it under the keys db.json holds for them (the index describes db.json alone)%s', async (_, long) => {
    const path = tempFile();
    const first = await seeded(path);
    // over 256 KiB: never placed on disk, so its keys at the freeze come from the text it was captured as
    if (long) await first.transact((tx) => tx.identities.put('i1', { ...identity('i1', 'Zoë', 1), metadata: { note: 'x'.repeat(300_000) } } as IdentityRecord));
    await close(first);
    const snapshotBefore = readFileSync(path, 'utf8');
    const { store } = await openLogged(path, { compactAfterBytes: 1, indexAfterIdleMs: 300 });
    // one line larger than db.json starts one compaction; nothing else is written until it is done,
    // so the journal is empty after it and the changes below do not start another
    const filler = { ...job('filler', 'odd'), args: { pad: 'y'.repeat(snapshotBefore.length) } } as JobRecord;
    await store.transact((tx) => tx.jobs.put('filler', filler));
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).not.toBe(snapshotBefore));
    // the new snapshot is in place and its index file waits for a pause: change rows it holds meanwhile
    await vi.waitFor(() => expect(existsSync(`${path}.index`)).toBe(false));
    await vi.waitFor(() => expect(readFileSync(`${path}.journal`).length).toBe(0));
    await store.transact((tx) => {
      tx.identities.put('i1', { ...identity('i1', 'Zoë', 9), ref_id: 'ref-new', person_details: { ...identity('i1', 'Zoë', 9).person_details, cip_id: 'cip-new' } } as IdentityRecord);
      tx.identities.delete('i3');
      tx.jobs.put('j1', job('j1', 'even', '2020-01-01T00:00:00.000Z'));
      tx.jobs.delete('j3');
    });
    await vi.waitFor(() => expect(existsSync(`${path}.index`)).toBe(true), { timeout: 10_000 });
    // db.json with its index file and no journal, against db.json alone read row by row
    const lookups = (s: Store) =>
      s.read((db) => ({
        ...contents(s),
        newRef: db.identities.by('ref_id', 'e|ref-new').map((r) => r.id),
        oldRef: db.identities.by('ref_id', 'e|ref-i1').map((r) => r.id),
        cip: db.identities.by('cip', 'e|cip-i1|SSN|USA').map((r) => r.id),
        even: db.jobs.by('identity', 'even').map((j) => j.id).sort(),
        firstDue: db.jobs.ordered('due', { limit: 2 }).map((j) => j.id),
      }));
    const indexed = tempFile();
    const scanned = tempFile();
    copyFileSync(path, indexed);
    copyFileSync(`${path}.index`, `${indexed}.index`);
    copyFileSync(path, scanned);
    const { store: fromIndex, logs } = await openLogged(indexed);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places and index keys of \d+ rows from .*\.index \(no row of .*was read\)$/)]);
    const truth = lookups(await open(scanned));
    expect(truth).toMatchObject({ newRef: [], oldRef: ['i1'], cip: ['i1'] });
    expect(truth.identities.map((r) => r.id)).toEqual(['i1', 'i2', 'i3']);
    expect(lookups(fromIndex)).toEqual(truth);
  });

  it('the deferred index file is written once no write came for indexAfterIdleMs, without a close', async () => {
    const path = tempFile();
    await close(await seeded(path));
    const snapshotBefore = readFileSync(path, 'utf8');
    const indexBefore = readFileSync(`${path}.index`);
    const { store } = await openLogged(path, { compactAfterBytes: 1, indexAfterIdleMs: 5 });
    await writeUntilCompacted(store, path, snapshotBefore);
    expect(readFileSync(path, 'utf8')).not.toBe(snapshotBefore);
    // the index file of the new snapshot (not the one of the snapshot before)
    await vi.waitFor(() => expect(existsSync(`${path}.index`) && !readFileSync(`${path}.index`).equals(indexBefore)).toBe(true), { timeout: 10_000 });
    const expected = contents(store);
    // a crash after the pause: the start reads the places from the index file written then, and replays the journal
    const copy = tempFile();
    for (const suffix of ['', '.journal', '.index']) copyFileSync(`${path}${suffix}`, `${copy}${suffix}`);
    const { store: reopened, logs } = await openLogged(copy);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places and index keys of \d+ rows from .*db\.json\.index \(no row of .*db\.json was read\)$/)]);
    expect(contents(reopened)).toEqual(expected);
  });

  it('the first open of a file without an index file writes one at once, so a start after a crash (no clean stop) uses it and replays the journal on top', async () => {
    const path = tempFile();
    await close(await seeded(path));
    rmSync(`${path}.index`);
    const { store: first, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^info: no index file .*: reading every row of .*db\.json \(the index file is written after the read, or by the next compaction\)$/)]);
    // written in the background after the scan, without a compaction or a clean stop
    await vi.waitFor(() => expect(existsSync(`${path}.index`)).toBe(true));
    await first.transact((tx) => {
      tx.jobs.delete('j5');
      tx.identities.put('i4', identity('i4', 'Émile', 4));
    });
    const expected = contents(first);
    // a crash: the files as they are now, opened by another store
    const copy = tempFile();
    for (const suffix of ['', '.journal', '.index']) copyFileSync(`${path}${suffix}`, `${copy}${suffix}`);
    const { store: reopened, logs: again } = await openLogged(copy);
    expect(again).toEqual([expect.stringMatching(/^info: read the places and index keys of 33 rows from .*db\.json\.index \(no row of .*db\.json was read\)$/)]);
    expect(contents(reopened)).toEqual(expected);
  });

  it('reopens through the index file keys that all rows share, that no row has, and that change part way (key columns)', async () => {
    const path = tempFile();
    const store = await open(path);
    const withEntity = (id: string, seq: number, entity: string, controls: boolean) => {
      const rec = identity(id, 'Ana', seq) as unknown as { _sim: Record<string, unknown> };
      rec._sim.entity_id = entity;
      if (controls) rec._sim.controls = [{ id: `ctl-${id}` }];
      return rec as unknown as IdentityRecord;
    };
    await store.transact((tx) => {
      // entity: the same for the first rows, then another; client: the same for all; with_controls: none, then one
      for (let i = 1; i <= 4; i++) tx.identities.put(`i${i}`, withEntity(`i${i}`, i, i < 4 ? 'e' : 'f', i === 4));
      // jobs: every row in the identity index under one key
      for (let i = 0; i < 3; i++) tx.jobs.put(`j${i}`, job(`j${i}`, 'same'));
    });
    const indexed = (s: Store) =>
      s.read((db) => ({
        entities: db.identities.keys('entity').sort(),
        clients: db.identities.keys('client'),
        withControls: db.identities.by('with_controls', 'f').map((r) => r.id),
        inE: db.identities.by('entity', 'e').map((r) => r.id).sort(),
        unowned: db.identities.keys('unowned'),
        same: db.jobs.by('identity', 'same').map((j) => j.id).sort(),
      }));
    const before = indexed(store);
    expect(before).toEqual({ entities: ['e', 'f'], clients: ['c'], withControls: ['i4'], inE: ['i1', 'i2', 'i3'], unowned: [], same: ['j0', 'j1', 'j2'] });
    await close(store);
    const { store: reopened, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places and index keys of 7 rows/)]);
    expect(indexed(reopened)).toEqual(before);
  });

  it("reopens through the index file jobs filed under their identity's id (taken from the identities read before them), and under ids of no identity", async () => {
    const path = tempFile();
    const store = await open(path);
    await store.transact((tx) => {
      for (let i = 1; i <= 3; i++) tx.identities.put(`i${i}`, identity(`i${i}`, 'Ana', i));
      tx.jobs.put('j1', job('j1', 'i1'));
      tx.jobs.put('j2', job('j2', 'i1'));
      tx.jobs.put('j3', job('j3', 'i3'));
      tx.jobs.put('j4', job('j4', 'gone'));
    });
    const byIdentity = (s: Store) => s.read((db) => Object.fromEntries(['i1', 'i2', 'i3', 'gone'].map((id) => [id, db.jobs.by('identity', id).map((j) => j.id).sort()])));
    const before = byIdentity(store);
    expect(before).toEqual({ i1: ['j1', 'j2'], i2: [], i3: ['j3'], gone: ['j4'] });
    await close(store);
    const { store: reopened, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places and index keys of 7 rows/)]);
    expect(byIdentity(reopened)).toEqual(before);
    // a job moved off and onto identities leaves and joins the right keys
    await reopened.transact((tx) => {
      tx.jobs.put('j1', job('j1', 'i2'));
      tx.jobs.delete('j3');
      tx.jobs.put('j4', job('j4', 'i3'));
    });
    expect(byIdentity(reopened)).toEqual({ i1: ['j2'], i2: ['j1'], i3: ['j4'], gone: [] });
  });

  it('replays the journal on top of the index after a crash (no clean close)', async () => {
    const path = tempFile();
    const store = await seeded(path);
    await store.flush(); // db.json and its index
    await store.transact((tx) => {
      tx.jobs.put('j0', job('j0', 'odd', '2019-01-01T00:00:00.000Z'));
      tx.jobs.delete('j5');
      tx.identities.put('i4', identity('i4', 'Émile', 4));
    });
    const expected = contents(store);
    // a crash: the files as they are now, opened by another store
    const copy = tempFile();
    for (const suffix of ['', '.journal', '.index']) copyFileSync(`${path}${suffix}`, `${copy}${suffix}`);
    const { store: reopened, logs } = await openLogged(copy);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places/)]);
    expect(contents(reopened)).toEqual(expected);
    expect(reopened.read((db) => db.jobs.by('identity', 'odd').map((j) => j.id))).toContain('j0');
  });

  it('a failed write puts back the row as it was (text), and it reads back after the next compaction', async () => {
    const path = tempFile();
    let fail = false;
    const io: Partial<JournalIo> = {
      write: (handle, bytes, position) => (fail ? Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' })) : nodeJournalIo.write(handle, bytes, position)),
    };
    const store = await open(path, { io });
    await store.transact((tx) => {
      for (let i = 0; i < 5; i++) tx.jobs.put(`j${i}`, job(`j${i}`));
    });
    await store.flush();
    fail = true;
    await expect(store.transact((tx) => tx.jobs.put('j2', job('j2', 'changed')))).rejects.toBeInstanceOf(StoreWriteError);
    expect(store.read((db) => db.jobs.get('j2'))?.identity_id).toBe('a');
    expect(store.read((db) => db.jobs.by('identity', 'changed'))).toEqual([]);
    fail = false;
    await store.transact((tx) => tx.jobs.put('j9', job('j9')));
    await store.flush();
    expect(store.residency().inMemory).toBe(0);
    expect(store.read((db) => db.jobs.all().map((j) => `${j.id}:${j.identity_id}`)).sort()).toEqual(['j0:a', 'j1:a', 'j2:a', 'j3:a', 'j4:a', 'j9:a']);
  });

  it('reset empties the store and its index; the reopened store is empty', async () => {
    const path = tempFile();
    const store = await seeded(path);
    await store.flush();
    await store.reset();
    expect(store.residency()).toEqual({ rows: 0, inMemory: 0, inMemoryChars: 0 });
    await store.transact((tx) => tx.jobs.put('after', job('after')));
    await close(store);
    const { store: reopened, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^info: read the places and index keys of 1 rows/)]);
    expect(reopened.read((db) => db.jobs.all().map((j) => j.id))).toEqual(['after']);
    expect(reopened.read((db) => db.identities.count())).toBe(0);
  });

  it('a db.json spread over lines (indented by hand) opens; its rows stay in memory until compaction places them', async () => {
    const path = tempFile();
    const store = await seeded(path);
    const expected = contents(store);
    await close(store);
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 2));
    const { store: reopened, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^warn: did not use .*db\.json\.index: it describes a data file of \d+ bytes, the data file has \d+ \(edited, replaced or cut short\); reading every row of /)]);
    expect(reopened.residency().inMemory).toBe(33);
    expect(contents(reopened)).toEqual(expected);
    await reopened.flush();
    expect(reopened.residency().inMemory).toBe(0);
    expect(contents(reopened)).toEqual(expected);
  });
});

describe('the index file is used only when it describes db.json', () => {
  /** a closed data file with its index, and what it holds */
  async function closedWithIndex() {
    const path = tempFile();
    const store = await seeded(path);
    const expected = contents(store);
    await close(store);
    return { path, expected };
  }
  const scans = /reading every row of .*db\.json$/;

  it('db.json edited in place (same size): the CRC differs, every row is read', async () => {
    const { path } = await closedWithIndex();
    const text = readFileSync(path, 'utf8');
    const edited = text.replace('"identity_id":"even"', '"identity_id":"EVEN"');
    expect(edited.length).toBe(text.length);
    writeFileSync(path, edited);
    const { store, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^warn: did not use .*db\.json\.index: the data file is not the one it describes \(its CRC-32 differs: edited or replaced\)/)]);
    expect(logs[0]).toMatch(scans);
    // the edit is seen, also by the indexes (a stale index would still file the row under "even")
    expect(store.read((db) => db.jobs.by('identity', 'EVEN').map((j) => j.id))).toEqual(['j0']);
  });

  it('db.json replaced by another data file: its size differs, every row is read', async () => {
    const { path } = await closedWithIndex();
    const other = tempFile();
    const otherStore = await open(other);
    await otherStore.transact((tx) => tx.jobs.put('x', job('x')));
    await close(otherStore);
    copyFileSync(other, path);
    const { store, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^warn: did not use .*: it describes a data file of \d+ bytes, the data file has \d+/)]);
    expect(store.read((db) => db.jobs.all().map((j) => j.id))).toEqual(['x']);
  });

  it('db.json cut short: not used, and the file is refused as before (not read through a stale index)', async () => {
    const { path } = await closedWithIndex();
    truncateSync(path, 100);
    await expect(open(path, { log: () => undefined })).rejects.toThrow(/cannot read the data file .*db\.json/);
  });

  it.each([
    ['not JSON', (text: string) => `x${text}`, /line 1 is not JSON/],
    ['cut short', (text: string) => text.slice(0, Math.floor(text.length / 2)), /(it ends before line|line \d+ is not JSON)/],
    ['of an older format', (text: string) => text.replace('{"format":1,', '{"format":0,'), /it has format 0, this version writes 1/],
    ['written with other index definitions', (text: string) => text.replace(/"keys":"[^"]*"/, '"keys":"0-0"'), /other index definitions/],
    ['with a row count that does not match', (text: string) => text.replace('"name":"jobs","count":30', '"name":"jobs","count":31'), /jobs: ids, offsets and lengths are not lists of 31/],
    ['with a row placed past the end of db.json', (text: string) => text.replace(/\n\[(\d+),/, '\n[999999999,'), /is not an id with a place in the data file/],
    ['that repeats an id', (text: string) => text.replace('\n["j0","j1",', '\n["j0","j0",'), /jobs: row 1 repeats the id "j0"/],
  ])('an index file %s is not used (logged), and every row is read', async (_name, corrupt, reason) => {
    const { path, expected } = await closedWithIndex();
    writeFileSync(`${path}.index`, corrupt(readFileSync(`${path}.index`, 'utf8')));
    const { store, logs } = await openLogged(path);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^warn: did not use .*db\.json\.index: /);
    expect(logs[0]).toMatch(reason);
    expect(logs[0]).toMatch(scans);
    expect(contents(store)).toEqual(expected);
    // the next clean close writes a good one again
    await close(store);
    const { logs: next } = await openLogged(path);
    expect(next).toEqual([expect.stringMatching(/^info: read the places/)]);
  });

  it('no index file (a data file from before it existed): every row is read, said at level info, and a clean close writes one', async () => {
    const path = tempFile();
    copyFileSync(join(import.meta.dirname, 'fixtures', 'db-0.1.0.json'), path);
    const { store, logs } = await openLogged(path);
    expect(logs).toEqual([expect.stringMatching(/^info: no index file .*db\.json\.index: reading every row of .*db\.json \(the index file is written after the read, or by the next compaction\)$/)]);
    const before = store.snapshot();
    await close(store);
    const { store: reopened, logs: again } = await openLogged(path);
    expect(again).toEqual([expect.stringMatching(/^info: read the places and index keys of \d+ rows/)]);
    expect(reopened.snapshot()).toEqual(before);
  });

  it('with index: false the index file is neither read nor written', async () => {
    const path = tempFile();
    const store = await open(path, { index: false });
    await store.transact((tx) => tx.jobs.put('a', job('a')));
    await close(store);
    expect(existsSync(`${path}.index`)).toBe(false);
    const { store: reopened, logs } = await openLogged(path, { index: false });
    expect(logs).toEqual([]);
    expect(reopened.read((db) => db.jobs.get('a'))?.id).toBe('a');
  });

  it('a row of the wrong shape in a scanned db.json is refused with the same message as before', async () => {
    const { path } = await closedWithIndex();
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    doc.jobs.j7 = { id: 'j7' };
    writeFileSync(path, JSON.stringify(doc));
    await expect(open(path, { log: () => undefined })).rejects.toThrow(/cannot read the data file .*: the data has the wrong shape: jobs\["j7"\]\.kind must be a string, found undefined/);
  });
});
