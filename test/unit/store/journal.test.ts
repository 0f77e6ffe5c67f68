/**
 * The file store's journal (real files in a temp dir): each write appends one
 * line of changed rows, start-up replays it (dropping a torn last line),
 * compaction folds it into the lowdb file while writes go on, a failed write
 * (injected ENOSPC / EACCES) rolls back everything not yet durable and the
 * store recovers by itself, a data file written by the previous version
 * (a lowdb snapshot, no journal) opens, and one store per data file.
 */
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { entityDirectory } from '../../../simulator/domain/entities.js';
import { migrateOwnership } from '../../../simulator/services/ownership.js';
import type { JournalIo } from '../../../simulator/store/journal-file.js';
import { encodeLineBytes } from '../../../simulator/store/journal.js';
import { createStore, readDataFile, StoreLockedError, StoreWriteError } from '../../../simulator/store/lowdb-store.js';
import type { JobRecord } from '../../../simulator/store/shape.js';
import type { Store } from '../../../simulator/store/store.js';
import { tempStores } from '../../support/temp-stores.js';

const { stores, tempFile } = tempStores('journal-test-');
const job = (id: string, identity = 'a'): JobRecord => ({ id, kind: 'decide', identity_id: identity, client_id: 'c', due_at: '2026-01-01T00:00:00.000Z', seq: 1 });
const open = async (path: string, extra: Partial<Parameters<typeof createStore>[0]> = {}) => {
  const store = await createStore({ storage: 'file', path, ...extra } as Parameters<typeof createStore>[0]);
  stores.push(store);
  return store;
};
const journalLines = (path: string) => readFileSync(`${path}.journal`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ids = (store: Store) => store.read((db) => db.jobs.all().map((j) => j.id)).sort();

describe('journal', () => {
  it('appends one line per write holding only the rows that changed, and leaves the lowdb file alone', async () => {
    const path = tempFile();
    const store = await open(path);
    const before = readFileSync(path, 'utf8');
    await store.transact((tx) => tx.jobs.put('j1', job('j1')));
    await store.transact((tx) => {
      tx.jobs.put('j2', job('j2'));
      tx.jobs.delete('j1');
      tx.setSetting('rules', [{ name: 'r' }]);
      tx.nextSeq();
    });
    await store.transact((tx) => tx.setSetting('rules', undefined));
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(journalLines(path)).toEqual([
      { v: 1, seq: 0, put: { jobs: { j1: job('j1') } } },
      { v: 1, seq: 1, put: { jobs: { j2: job('j2') } }, del: { jobs: ['j1'] }, set: { rules: [{ name: 'r' }] } },
      { v: 1, seq: 1, unset: ['rules'] },
    ]);
    expect(readDataFile(path)).toEqual(store.snapshot());
  });

  it('with fsync, syncs every append and compaction (and still writes the same files)', async () => {
    const path = tempFile();
    const synced: string[] = [];
    const { nodeJournalIo } = await import('../../../simulator/store/journal-file.js');
    const store = await open(path, {
      fsync: true,
      io: {
        sync: async (handle) => {
          synced.push('append');
          await nodeJournalIo.sync(handle);
        },
        replaceFile: async (p, content, fsync) => {
          synced.push(`replace:${fsync}`);
          await nodeJournalIo.replaceFile(p, content, fsync);
        },
      },
    });
    await store.transact((tx) => tx.jobs.put('j1', job('j1')));
    await store.transact((tx) => tx.jobs.put('j2', job('j2')));
    expect(synced).toEqual(['replace:true', 'append', 'append']);
    await store.close();
    // the clean close: the snapshot (synced), the journal cut (synced), then the snapshot's index file (synced)
    expect(synced.slice(3)).toEqual(['replace:true', 'append', 'replace:true']);
    expect(JSON.parse(readFileSync(path, 'utf8')).jobs).toEqual({ j1: job('j1'), j2: job('j2') });
  });

  it('encodes a line into a kept buffer: the same bytes as a fresh one, each row at its byte offset (non-ASCII too)', () => {
    const changes = (n: number) => ({
      full: false,
      seq: n,
      put: [
        ['identities', ['a', 'zoë'], [`{"id":"a","n":${n}}`, `{"id":"zoë","name":"Zoë ${'€'.repeat(n)}"}`]],
        ['jobs', ['j'], ['{"id":"j"}']],
      ] as Array<['identities' | 'jobs', string[], string[]]>,
      del: [['jobs', ['old']]] as Array<['jobs', string[]]>,
      settings: [['stamp', '{"ms":1,"n":0}'], ['rules', undefined]] as Array<[string, string | undefined]>,
      empty: false,
    });
    let kept = Buffer.alloc(0);
    const bufferOf = (bytes: number) => (kept.length >= bytes ? kept : (kept = Buffer.alloc(bytes)));
    for (const n of [3, 1, 40]) {
      const fresh = encodeLineBytes(changes(n));
      const reused = encodeLineBytes(changes(n), bufferOf);
      expect(reused.bytes.buffer).toBe(kept.buffer);
      expect(reused.bytes.equals(fresh.bytes)).toBe(true);
      expect(reused.rows).toEqual(fresh.rows);
      for (const row of reused.rows) expect(reused.bytes.toString('utf8', row.at, row.at + row.length)).toBe(row.text);
      expect(JSON.parse(reused.bytes.toString())).toMatchObject({ seq: n, del: { jobs: ['old'] }, unset: ['rules'] });
    }
  });

  it('putJson stores the text the caller made (the journal line holds it as given), indexed, and rolls back like put', async () => {
    const path = tempFile();
    const store = await open(path);
    const row = job('jx', 'who');
    const text = JSON.stringify(row);
    await store.transact((tx) => tx.jobs.putJson('jx', row, text));
    expect(readFileSync(`${path}.journal`, 'utf8')).toContain(`"jx":${text}`);
    expect(store.read((db) => db.jobs.by('identity', 'who').map((j) => j.id))).toEqual(['jx']);
    await expect(
      store.transact((tx) => {
        tx.jobs.putJson('jy', job('jy', 'who'), JSON.stringify(job('jy', 'who')));
        throw new Error('after the put');
      }),
    ).rejects.toThrow('after the put');
    expect(ids(store)).toEqual(['jx']);
    expect(store.read((db) => db.jobs.by('identity', 'who').map((j) => j.id))).toEqual(['jx']);
  });

  it('group commit: transactions made together share one line', async () => {
    const path = tempFile();
    const store = await open(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.transact((tx) => tx.jobs.put(`j${i}`, job(`j${i}`)))));
    expect(journalLines(path)).toHaveLength(1);
    expect(Object.keys(journalLines(path)[0].put.jobs)).toHaveLength(20);
  });

  it('replays the journal at start-up (no clean close), indexes included', async () => {
    const path = tempFile();
    const store = await open(path);
    for (let i = 0; i < 10; i++) await store.transact((tx) => tx.jobs.put(`j${i}`, job(`j${i}`, i % 2 ? 'odd' : 'even')));
    await store.transact((tx) => tx.jobs.delete('j0'));
    const expected = store.snapshot();
    // simulate a crash: copy the files as they are, and open the copy
    const copy = tempFile();
    copyFileSync(path, copy);
    copyFileSync(`${path}.journal`, `${copy}.journal`);
    const reopened = await open(copy);
    expect(reopened.snapshot()).toEqual(expected);
    expect(reopened.read((db) => db.jobs.by('identity', 'odd').map((j) => j.id)).sort()).toEqual(['j1', 'j3', 'j5', 'j7', 'j9']);
  });

  it('drops a torn last line with a log line, and appends cleanly after it', async () => {
    const path = tempFile();
    const store = await open(path);
    await store.transact((tx) => tx.jobs.put('j1', job('j1')));
    const copy = tempFile();
    copyFileSync(path, copy);
    copyFileSync(`${path}.journal`, `${copy}.journal`);
    appendFileSync(`${copy}.journal`, '{"v":1,"seq":7,"put":{"jobs":{"j2":{"id":"j2","ki');
    const logs: string[] = [];
    // warnings only (the copy has no index file, which is said at level info)
    const reopened = await open(copy, { log: (level: string, message: string) => level === 'warn' && logs.push(message) });
    expect(ids(reopened)).toEqual(['j1']);
    expect(logs).toEqual([expect.stringMatching(/^dropped a torn last line \(line 2, \d+ bytes\) from .*db\.json\.journal/)]);
    await reopened.transact((tx) => tx.jobs.put('j3', job('j3')));
    expect(journalLines(copy).map((l) => Object.keys(l.put.jobs))).toEqual([['j1'], ['j3']]);
  });

  it('refuses a journal corrupt before its last line, naming the journal and --reset', async () => {
    const path = tempFile();
    writeFileSync(path, JSON.stringify({ version: 1, seq: 0, settings: {} }));
    writeFileSync(`${path}.journal`, 'garbage\n{"v":1,"seq":1}\n');
    await expect(createStore({ storage: 'file', path })).rejects.toThrow(/^cannot read the data file .*db\.json\.journal: line 1 is not a journal entry \(start with --reset to begin empty\)$/);
    // the lock was released: --reset opens it
    const reset = await open(path, { reset: true });
    expect(reset.snapshot().seq).toBe(0);
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe('');
  });

  it('sets an orphaned journal aside when db.json was deleted by hand, and starts empty', async () => {
    const path = tempFile();
    const store = await open(path);
    await store.transact((tx) => tx.jobs.put('j1', job('j1')));
    const copy = tempFile();
    copyFileSync(`${path}.journal`, `${copy}.journal`);
    const logs: string[] = [];
    const reopened = await open(copy, { log: (_l: string, m: string) => logs.push(m) });
    expect(ids(reopened)).toEqual([]);
    expect(logs).toEqual([expect.stringMatching(/db\.json is missing but its journal is not: moved the journal to .*db\.json\.journal\.orphaned-\d+ and started empty$/)]);
  });

  it('compacts once the journal passes the threshold, while writes go on, losing nothing', async () => {
    const path = tempFile();
    const store = await open(path, { compactAfterBytes: 2048 });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      writes.push(store.transact((tx) => tx.jobs.put(`j${i}`, job(`j${i}`))));
      if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);
    // compaction happened: the lowdb file holds rows, the journal was cut (a compaction runs beside
    // the writes, which do not wait for it: wait for the one in progress to finish)
    await vi.waitFor(
      () => {
        expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).jobs)).toContain('j0');
        expect(journalLines(path).some((line) => 'j0' in (line.put?.jobs ?? {}))).toBe(false);
      },
      { timeout: 20_000, interval: 20 },
    );
    expect(readDataFile(path)).toEqual(store.snapshot());
    await store.flush();
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe('');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(store.snapshot());
  });

  it('compacts on reset: an empty lowdb file and an empty journal', async () => {
    const path = tempFile();
    const store = await open(path);
    await store.transact((tx) => tx.jobs.put('j1', job('j1')));
    await store.reset();
    await store.transact((tx) => tx.jobs.put('j2', job('j2')));
    expect(readDataFile(path).jobs).toEqual({ j2: job('j2') });
    await store.flush();
    expect(JSON.parse(readFileSync(path, 'utf8')).jobs).toEqual({ j2: job('j2') });
  });

  it('replays a reset line (a crash before the compaction that follows a reset)', async () => {
    const path = tempFile();
    writeFileSync(path, JSON.stringify({ version: 1, seq: 5, identities: {}, documents: {}, members: {}, events: {}, deliveries: {}, jobs: { j1: job('j1') }, tokens: {}, consumers: {}, settings: { rules: [] } }));
    writeFileSync(`${path}.journal`, `${JSON.stringify({ v: 1, seq: 0, reset: true })}\n${JSON.stringify({ v: 1, seq: 1, put: { jobs: { j2: job('j2') } } })}\n`);
    const store = await open(path);
    expect(ids(store)).toEqual(['j2']);
    expect(store.snapshot().settings).toEqual({});
    expect(store.snapshot().seq).toBe(1);
  });

  it('replays settings onto a snapshot that has none (a data file written by hand), after a crash', async () => {
    const path = tempFile();
    writeFileSync(path, JSON.stringify({ version: 1, seq: 0, identities: {} }));
    const store = await open(path);
    await store.transact((tx) => tx.setSetting('rules', [{ name: 'r' }]));
    const copy = tempFile();
    copyFileSync(path, copy);
    copyFileSync(`${path}.journal`, `${copy}.journal`);
    expect(JSON.parse(readFileSync(copy, 'utf8'))).not.toHaveProperty('settings');
    const reopened = await open(copy);
    expect(reopened.snapshot().settings).toEqual({ rules: [{ name: 'r' }] });
    expect(readDataFile(copy).settings).toEqual({ rules: [{ name: 'r' }] });
  });

  it('opens a data file written by the previous version (a lowdb snapshot, no journal)', async () => {
    const path = tempFile();
    copyFileSync(join(import.meta.dirname, 'fixtures', 'db-0.1.0.json'), path);
    const original = JSON.parse(readFileSync(path, 'utf8'));
    expect(existsSync(`${path}.journal`)).toBe(false);
    // it passes the shape check on open, and gains the collections added since (empty)
    const store = await open(path);
    expect(store.snapshot()).toEqual({ ...original, accounts: {}, account_members: {}, profiles: {}, controls: {} });
    const someId = Object.keys(original.identities)[0];
    expect(store.read((db) => db.identities.get(someId))?.id).toBe(someId);
    // its records carry only their client: the migration gives each its client's entity, through the store
    expect(store.read((db) => db.identities.all().map((r) => r._sim.entity_id))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const entities = entityDirectory(undefined, ['paxos-sim-client']);
    expect(await migrateOwnership(store, entities)).toBe(Object.keys(original.identities).length + Object.keys(original.members).length);
    expect(store.read((db) => [...db.identities.all(), ...db.members.all()].map((r) => ('_sim' in r ? r._sim.entity_id : r.entity_id)))).toEqual(Array(8).fill('default'));
    // the "created" index follows: the entity lists all five, oldest first
    const listed = store.read((db) => [...db.identities.scan('created', { above: 'default|', below: 'default|\uffff' })].map((r) => r.ref_id));
    expect(listed).toEqual(Object.values<{ ref_id: string; _sim: { seq: number } }>(original.identities).sort((a, b) => a._sim.seq - b._sim.seq).map((r) => r.ref_id));
    await store.transact((tx) => tx.jobs.put('new', job('new')));
    await store.close();
    const reopened = await open(path);
    expect(Object.keys(reopened.snapshot().identities)).toEqual(Object.keys(original.identities));
    expect(reopened.read((db) => db.jobs.has('new'))).toBe(true);
    expect(reopened.read((db) => db.identities.all().every((r) => r._sim.entity_id === 'default'))).toBe(true);
    expect(await migrateOwnership(reopened, entities)).toBe(0);
  });
});

describe('write failures', () => {
  /** The real file operations, with appends that fail while `failing` holds an error code. */
  const faulty = () => {
    const state: { failing?: string } = {};
    const io: Partial<JournalIo> = {
      async write(handle, bytes, position) {
        if (state.failing) {
          // a partial line reaches the file before the error, as on a full disk
          await handle.write(bytes, 0, Math.floor(bytes.length / 2), position);
          throw Object.assign(new Error(`${state.failing}: injected`), { code: state.failing });
        }
        await handle.write(bytes, 0, bytes.length, position);
      },
    };
    return { state, io };
  };

  for (const code of ['ENOSPC', 'EACCES']) {
    it(`${code}: rejects with StoreWriteError, rolls back, and works again once the disk can be written`, async () => {
      const path = tempFile();
      const { state, io } = faulty();
      const store = await open(path, { io });
      await store.transact((tx) => tx.jobs.put('kept', job('kept')));
      state.failing = code;
      const failed = store.transact((tx) => {
        tx.jobs.put('lost', job('lost', 'x'));
        tx.jobs.delete('kept');
        tx.nextSeq();
      });
      await expect(failed).rejects.toBeInstanceOf(StoreWriteError);
      await expect(failed).rejects.toMatchObject({ code });
      expect(ids(store)).toEqual(['kept']);
      expect(store.read((db) => db.jobs.by('identity', 'x'))).toEqual([]);
      expect(store.snapshot().seq).toBe(0);
      expect(readDataFile(path)).toEqual(store.snapshot());

      state.failing = undefined;
      await store.transact((tx) => tx.jobs.put('after', job('after')));
      expect(readDataFile(path)).toEqual(store.snapshot());
      // the half line was cut off: the journal is whole lines only
      expect(() => journalLines(path)).not.toThrow();
      await store.close();
      const reopened = await open(path);
      expect(ids(reopened)).toEqual(['after', 'kept']);
    });
  }

  it('a failed group rolls back every transaction not yet durable, newest first, including ones built on it', async () => {
    const path = tempFile();
    const { state, io } = faulty();
    const store = await open(path, { io });
    await store.transact((tx) => tx.jobs.put('j', job('j', 'v1')));
    state.failing = 'ENOSPC';
    const first = store.transact((tx) => tx.jobs.put('j', job('j', 'v2')));
    // made while the first is being written: waits for the next write, and builds on v2
    await new Promise((resolve) => setImmediate(resolve));
    const second = store.transact((tx) => tx.jobs.put('j', { ...tx.jobs.get('j')!, due_at: '2030-01-01T00:00:00.000Z' }));
    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(store.read((db) => db.jobs.get('j'))).toEqual(job('j', 'v1'));
    expect(store.read((db) => db.jobs.by('identity', 'v2'))).toEqual([]);
    state.failing = undefined;
    await store.transact((tx) => tx.jobs.put('k', job('k')));
    expect(readDataFile(path)).toEqual(store.snapshot());
  });

  it('a failed reset puts the old document back', async () => {
    const path = tempFile();
    const { state, io } = faulty();
    const store = await open(path, { io });
    await store.transact((tx) => tx.jobs.put('j1', job('j1')));
    state.failing = 'ENOSPC';
    await expect(store.reset()).rejects.toBeInstanceOf(StoreWriteError);
    expect(ids(store)).toEqual(['j1']);
    state.failing = undefined;
    await store.reset();
    expect(ids(store)).toEqual([]);
    expect(readDataFile(path).jobs).toEqual({});
  });

  it('a failed compaction keeps the journal and loses nothing', async () => {
    const path = tempFile();
    let failSnapshot = true;
    const logs: string[] = [];
    const store = await open(path, {
      compactAfterBytes: 1024,
      log: (_l: string, m: string) => logs.push(m),
      io: {
        async replaceFile(p, content, fsync) {
          if (failSnapshot) throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
          const { nodeJournalIo } = await import('../../../simulator/store/journal-file.js');
          return nodeJournalIo.replaceFile(p, content, fsync);
        },
      },
    }).catch((err) => err as Error);
    // a new file needs its first snapshot: that write fails, and so does opening
    expect(store).toBeInstanceOf(Error);
    failSnapshot = false;
    const ok = await open(path, {
      compactAfterBytes: 1024,
      log: (_l: string, m: string) => logs.push(m),
      io: {
        async replaceFile(p, content, fsync) {
          if (failSnapshot) throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
          const { nodeJournalIo } = await import('../../../simulator/store/journal-file.js');
          return nodeJournalIo.replaceFile(p, content, fsync);
        },
      },
    });
    failSnapshot = true;
    for (let i = 0; i < 40; i++) await ok.transact((tx) => tx.jobs.put(`j${i}`, job(`j${i}`)));
    expect(logs.some((m) => /^could not compact .* \(ENOSPC\)/.test(m))).toBe(true);
    expect(readDataFile(path)).toEqual(ok.snapshot());
  });
});

describe('one store per data file', () => {
  it('refuses a second store on the same file in this process, and allows it after close', async () => {
    const path = tempFile();
    const first = await open(path);
    await expect(createStore({ storage: 'file', path })).rejects.toBeInstanceOf(StoreLockedError);
    await first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    await open(path);
  });

  it('names the holder (pid, port) of a live lock, and takes over a stale one', async () => {
    const path = tempFile();
    // a live holder: this test's parent process
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.ppid, port: 4321, host: 'h', started: '2026-01-01T00:00:00.000Z' }));
    await expect(createStore({ storage: 'file', path })).rejects.toThrow(
      new RegExp(`is in use by another paxos-sim \\(pid ${process.ppid}, port 4321, started 2026-01-01T00:00:00.000Z\\)`),
    );
    // a stale holder: a pid that is not running
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 2 ** 22 + 7, port: 4321, host: 'h', started: '2026-01-01T00:00:00.000Z' }));
    const logs: string[] = [];
    const store = await open(path, { log: (_l: string, m: string) => logs.push(m) });
    expect(logs).toContainEqual(expect.stringMatching(/took over the lock .* \(pid 4194311\)/));
    store.announce({ port: 999, url: 'http://127.0.0.1:999' });
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, port: 999 });
  });
});
