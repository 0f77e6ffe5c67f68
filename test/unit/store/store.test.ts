/**
 * The Store: transactions roll back completely, secondary indexes follow every
 * change (including rollbacks), and the file written after any mix of changes
 * is exactly the JSON of the data; rows are held as JSON text and every value handed out is a copy.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../simulator/store/lowdb-store.js';
import type { JobRecord } from '../../../simulator/store/shape.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  dirs.push(dir);
  return join(dir, 'db.json');
};
const job = (id: string, identity: string, due = '2026-01-01T00:00:00.000Z'): JobRecord => ({ id, kind: 'decide', identity_id: identity, client_id: 'c', due_at: due, seq: 1 });

describe('store transactions and indexes', () => {
  it('rolls back every change, index entries included, when the transaction throws', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'a')));
    await expect(
      store.transact((tx) => {
        tx.jobs.put('j2', job('j2', 'a'));
        tx.jobs.put('j1', job('j1', 'b'));
        tx.jobs.delete('j1');
        tx.nextSeq();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.read((db) => db.jobs.all().map((j) => j.id))).toEqual(['j1']);
    expect(store.read((db) => db.jobs.by('identity', 'a').map((j) => j.id))).toEqual(['j1']);
    expect(store.read((db) => db.jobs.by('identity', 'b'))).toEqual([]);
    expect(store.snapshot().seq).toBe(0);
  });

  it('moves a row between index keys when it changes, and forgets it when deleted', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'a')));
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'b')));
    expect(store.read((db) => db.jobs.by('identity', 'a'))).toEqual([]);
    expect(store.read((db) => db.jobs.by('identity', 'b').map((j) => j.id))).toEqual(['j1']);
    await store.transact((tx) => tx.jobs.delete('j1'));
    expect(store.read((db) => db.jobs.by('identity', 'b'))).toEqual([]);
  });

  it('hands out copies: changing a returned row does not change the store', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'a')));
    const copy = store.read((db) => db.jobs.get('j1'))!;
    copy.identity_id = 'changed';
    expect(store.read((db) => db.jobs.get('j1'))!.identity_id).toBe('a');
  });
});

describe('file store serialisation', () => {
  it('writes exactly the JSON of the data after puts, replacements, deletes and a rollback', async () => {
    const path = tempFile();
    const store = await createStore({ storage: 'file', path });
    for (let i = 0; i < 50; i++) await store.transact((tx) => tx.jobs.put(`j${i}`, job(`j${i}`, `id${i % 7}`)));
    await store.transact((tx) => {
      tx.jobs.put('j3', job('j3', 'other', '2027-01-01T00:00:00.000Z'));
      tx.jobs.delete('j4');
      tx.setSetting('rules', [{ name: 'x', outcome: 'APPROVED' }]); // stored rules must parse: invalid ones make the file the wrong shape
    });
    await store.transact(() => undefined).catch(() => undefined);
    await expect(store.transact((tx) => {
      tx.jobs.put('j5', job('j5', 'gone'));
      throw new Error('no');
    })).rejects.toThrow();
    await store.transact((tx) => tx.jobs.put('j6', job('j6', 'last')));
    await store.flush();
    // flush folded the journal into the lowdb file
    const onDisk = JSON.parse(readFileSync(path, 'utf8'));
    expect(onDisk).toEqual(store.snapshot());
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe('');
    expect(onDisk.jobs.j3.identity_id).toBe('other');
    expect(onDisk.jobs.j4).toBeUndefined();
    expect(onDisk.jobs.j5.identity_id).toBe('id5');

    const expected = store.snapshot();
    await store.close();
    const reopened = await createStore({ storage: 'file', path });
    expect(reopened.snapshot()).toEqual(expected);
    expect(reopened.read((db) => db.jobs.by('identity', 'last').map((j) => j.id))).toEqual(['j6']);
    await reopened.close();
  });
});

describe('rows held as text', () => {
  it('hands out copies: a read result or a transaction row changed by the caller leaves the store as it was', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'a')));
    const read = store.read((db) => db.jobs.get('j1'))!;
    read.due_at = 'changed by the caller';
    await store.transact((tx) => {
      const row = tx.jobs.get('j1')!;
      row.identity_id = 'changed without put';
    });
    expect(store.read((db) => db.jobs.get('j1'))).toEqual(job('j1', 'a'));
    expect(JSON.parse(store.readJson((db) => db.jobs.by('identity', 'a')))).toEqual([job('j1', 'a')]);
  });

  it('a transaction result is handed over as it is, yet changing it (a row, a setting) leaves the store as it was', async () => {
    const store = await createStore({ storage: 'memory' });
    const rules = [{ name: 'x', outcome: 'APPROVED' as const }];
    const out = await store.transact((tx) => {
      tx.jobs.put('j1', job('j1', 'a'));
      tx.setSetting('rules', rules);
      return { row: tx.jobs.get('j1')!, rules: tx.settings.rules as typeof rules, seen: Object.keys(tx.settings) };
    });
    expect(out.seen).toContain('rules');
    out.row.identity_id = 'changed by the caller';
    out.rules[0].name = 'changed by the caller';
    rules[0].name = 'changed after setSetting';
    expect(store.read((db) => db.jobs.get('j1'))).toEqual(job('j1', 'a'));
    expect(store.read((db) => db.settings.rules)).toEqual([{ name: 'x', outcome: 'APPROVED' }]);
    expect(await store.transact((tx) => tx.settings.rules)).toEqual([{ name: 'x', outcome: 'APPROVED' }]);
  });

  it('a read after a change, or after a rolled-back change, sees exactly what is stored (no stale parsed row)', async () => {
    const store = await createStore({ storage: 'memory' });
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'a')));
    // read through every path once, so the parsed row is shared by reads
    expect(store.read((db) => [db.jobs.get('j1'), db.jobs.by('identity', 'a')[0], db.jobs.ordered('due')[0], [...db.jobs.scan('due')][0]])).toEqual(Array(4).fill(job('j1', 'a')));
    await store.transact((tx) => tx.jobs.put('j1', job('j1', 'b', '2026-02-01T00:00:00.000Z')));
    expect(store.read((db) => [db.jobs.get('j1'), db.jobs.by('identity', 'b')[0], db.jobs.ordered('due')[0], [...db.jobs.scan('due')][0]])).toEqual(Array(4).fill(job('j1', 'b', '2026-02-01T00:00:00.000Z')));
    expect(store.read((db) => db.jobs.by('identity', 'a'))).toEqual([]);
    await expect(
      store.transact((tx) => {
        tx.jobs.put('j1', job('j1', 'c'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(store.read((db) => db.jobs.get('j1'))).toEqual(job('j1', 'b', '2026-02-01T00:00:00.000Z'));
    await store.transact((tx) => tx.jobs.delete('j1'));
    expect(store.read((db) => [db.jobs.get('j1'), db.jobs.count(), db.jobs.keys('identity')])).toEqual([undefined, 0, []]);
  });
});
