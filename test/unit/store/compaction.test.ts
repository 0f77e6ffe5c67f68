/**
 * Compaction written in pieces beside requests (real files in a temp dir):
 * the snapshot holds the state frozen when compaction began, whatever changes
 * while its pieces are written; a crash in the middle leaves the old snapshot
 * and the journal, which hold everything; a failed compaction is retried
 * later; and a compaction frozen with a write that then failed is dropped, so
 * nothing that was rolled back reaches the snapshot.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeJournalIo, type JournalIo } from '../../../simulator/store/journal-file.js';
import { createStore, readDataFile, StoreWriteError } from '../../../simulator/store/lowdb-store.js';
import type { JobRecord } from '../../../simulator/store/shape.js';
import type { Store } from '../../../simulator/store/store.js';
import { tempStores } from '../../support/temp-stores.js';

const { stores, tempDir } = tempStores('compaction-test-');
const job = (id: string, note = ''): JobRecord => ({ id, kind: 'decide', identity_id: 'a', client_id: 'c', due_at: `2026-01-01T00:00:00.000Z`, seq: 1, args: note ? { note } : undefined });
const open = async (path: string, extra: Partial<Parameters<typeof createStore>[0]> = {}) => {
  const store = await createStore({ storage: 'file', path, ...extra } as Parameters<typeof createStore>[0]);
  stores.push(store);
  return store;
};
const jobsIn = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { jobs: Record<string, JobRecord> }).jobs;

/**
 * io whose snapshot writes call `between(n)` after handing over piece n, and
 * can stop there ('hang'), as a crash would, until `state.resume()`.
 */
function piecewise(between: (piece: number) => Promise<'hang' | void> | 'hang' | void) {
  let resume = () => undefined as void;
  const hung = new Promise<void>((r) => (resume = r));
  const state = { compactions: 0, resume: () => resume() };
  const io: Partial<JournalIo> = {
    async replaceFile(path, content, fsync) {
      // the index file written after each compaction is passed through
      if (typeof content === 'string' || Buffer.isBuffer(content) || path.endsWith('.index')) return nodeJournalIo.replaceFile(path, content, fsync);
      state.compactions++;
      const source = content;
      let n = 0;
      async function* watched(): AsyncGenerator<Buffer> {
        for await (const piece of source) {
          yield piece;
          if ((await between(++n)) === 'hang') await hung;
        }
      }
      return nodeJournalIo.replaceFile(path, watched(), fsync);
    },
  };
  return { io, state };
}

describe('compaction in pieces', () => {
  it('writes the state frozen when it began, while rows are changed, deleted and added meanwhile', async () => {
    const path = join(tempDir(), 'db.json');
    let store!: Store;
    let during: Promise<unknown> | undefined;
    const { io, state } = piecewise(async (n) => {
      if (n !== 2) return;
      // between the pieces: change a row already written, one not yet written, delete one of each, add one
      during = store.transact((tx) => {
        tx.jobs.put('j00', job('j00', 'changed after freeze'));
        tx.jobs.put('j18', job('j18', 'changed after freeze'));
        tx.jobs.delete('j01');
        tx.jobs.delete('j17');
        tx.jobs.put('new', job('new'));
      });
      await during;
    });
    store = await open(path, { io, compactRowsPerPiece: 4 });
    await store.transact((tx) => {
      for (let i = 0; i < 20; i++) tx.jobs.put(`j${String(i).padStart(2, '0')}`, job(`j${String(i).padStart(2, '0')}`));
    });
    const frozen = store.snapshot();
    await store.flush(); // compacts: the pieces are written, with the transaction above in between
    expect(state.compactions).toBe(1);
    expect(during).toBeDefined();
    // the snapshot is exactly the state at the freeze
    expect(jobsIn(path)).toEqual(frozen.jobs);
    // the journal holds what came after, so the data file as a whole is the live state
    const live = store.snapshot();
    expect(live.jobs.j00.args).toEqual({ note: 'changed after freeze' });
    expect(live.jobs.j01).toBeUndefined();
    expect(live.jobs.new).toBeDefined();
    expect(readDataFile(path)).toEqual(live);
    await store.close();
    // a clean close folds the rest in: db.json alone holds everything
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(live);
  });

  it('a crash in the middle of a compaction leaves the old snapshot and the journal, which reopen with every acknowledged change', async () => {
    const dir = tempDir();
    const path = join(dir, 'db.json');
    let hangs!: () => void;
    const hanging = new Promise<void>((resolve) => (hangs = resolve));
    const { io, state } = piecewise((n) => (n === 2 ? (hangs(), 'hang') : undefined));
    const store = await open(path, { io, compactRowsPerPiece: 3, compactAfterBytes: 1024 });
    const acknowledged: string[] = [];
    const put = async (i: number) => {
      await store.transact((tx) => tx.jobs.put(`j${i}`, job(`j${i}`, 'x'.repeat(40))));
      acknowledged.push(`j${i}`);
    };
    for (let i = 0; i < 40; i++) await put(i);
    // the compaction that started hangs after its second piece (appends are quick, so it may get
    // there only after the loop); writes go on meanwhile
    await hanging;
    for (let i = 40; i < 45; i++) await put(i);
    const leftBehind = readdirSync(dir);
    expect(leftBehind).toContain('.db.json.tmp');
    // the files as a kill -9 now would leave them, opened by a new process (copied: this one holds the lock)
    const crashed = join(tempDir(), 'db.json');
    for (const name of leftBehind) if (name !== 'db.json.lock') copyFileSync(join(dir, name), join(crashed, '..', name));
    const reopened = await open(crashed);
    expect(reopened.read((db) => db.jobs.all().map((j) => j.id)).sort()).toEqual([...acknowledged].sort());
    // and the next compaction replaces the half-written temp file
    await reopened.flush();
    expect(Object.keys(jobsIn(crashed)).sort()).toEqual([...acknowledged].sort());
    state.resume(); // let the first process finish, so it closes cleanly
  });

  it('a failed compaction is tried again later, and then cuts the journal', async () => {
    const path = join(tempDir(), 'db.json');
    let fail = true;
    const logs: string[] = [];
    const io: Partial<JournalIo> = {
      async replaceFile(p, content, fsync) {
        if (fail && typeof content !== 'string' && !Buffer.isBuffer(content)) throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
        return nodeJournalIo.replaceFile(p, content, fsync);
      },
    };
    const store = await open(path, { io, compactAfterBytes: 1024, compactRetryMs: 0, log: (_l, m) => logs.push(m) });
    for (let i = 0; i < 30; i++) await store.transact((tx) => tx.jobs.put(`j${i}`, job(`j${i}`, 'x'.repeat(40))));
    expect(logs.some((m) => /^could not compact .* \(ENOSPC\)/.test(m))).toBe(true);
    const journalBefore = readFileSync(`${path}.journal`).length;
    expect(journalBefore).toBeGreaterThan(1024);
    expect(Object.keys(jobsIn(path))).toEqual([]);
    fail = false;
    await store.transact((tx) => tx.jobs.put('last', job('last')));
    await store.flush();
    expect(Object.keys(jobsIn(path)).length).toBe(31);
    expect(readFileSync(`${path}.journal`).length).toBeLessThan(journalBefore);
    expect(readDataFile(path)).toEqual(store.snapshot());
  });

  it('drops a compaction frozen with a write that then failed: the rolled-back change never reaches the snapshot', async () => {
    const path = join(tempDir(), 'db.json');
    let failing = false;
    let compactions = 0;
    const io: Partial<JournalIo> = {
      async write(handle, bytes, position) {
        if (failing) throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
        await handle.write(bytes, 0, bytes.length, position);
      },
      async replaceFile(p, content, fsync) {
        if (typeof content !== 'string' && !Buffer.isBuffer(content)) compactions++;
        return nodeJournalIo.replaceFile(p, content, fsync);
      },
    };
    const store = await open(path, { io, compactAfterBytes: 1024 });
    await store.transact((tx) => tx.jobs.put('kept', job('kept')));
    failing = true;
    // big enough to make this write due for compaction
    const failed = await store.transact((tx) => tx.jobs.put('lost', job('lost', 'x'.repeat(2000)))).catch((err) => err as Error);
    expect(failed).toBeInstanceOf(StoreWriteError);
    expect(compactions).toBe(0);
    expect(store.read((db) => db.jobs.has('lost'))).toBe(false);
    expect(Object.keys(jobsIn(path))).toEqual([]);
    failing = false;
    await store.transact((tx) => tx.jobs.put('after', job('after', 'y'.repeat(2000))));
    await store.flush();
    expect(compactions).toBeGreaterThan(0);
    expect(Object.keys(jobsIn(path)).sort()).toEqual(['after', 'kept']);
    expect(existsSync(`${path}.journal`)).toBe(true);
    expect(readDataFile(path)).toEqual(store.snapshot());
  });
});
