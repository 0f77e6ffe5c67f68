/**
 * A long-lived memory store (startSimulator() in a user's test process) keeps
 * nothing for rows that came and went: the change tracking a journal needs
 * exists only when something takes the changes (the file store). Measured as
 * the heap a collection keeps after 40,000 rows were put and deleted, each
 * with an id of 200 characters: about 9 MB if each id were still held.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../simulator/store/lowdb-store.js';
import type { JobRecord } from '../../../simulator/store/shape.js';

/** A full collection, through V8's own gc() (exposed for this call only). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const ROWS = 40_000;
const job = (id: string): JobRecord => ({ id, kind: 'decide', identity_id: 'i', client_id: 'c', due_at: '2026-01-01T00:00:00.000Z', seq: 1 });

describe('memory store retention', () => {
  it('keeps no trace of rows put and then deleted', async () => {
    const store = await createStore({ storage: 'memory' });
    // warm up what is built once (transaction view, indexes), so it is not counted
    await store.transact((tx) => tx.jobs.put('warm', job('warm')));
    await store.transact((tx) => tx.jobs.delete('warm'));
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let batch = 0; batch < ROWS / 1000; batch++) {
      const ids = Array.from({ length: 1000 }, (_, i) => `${String(batch * 1000 + i).padStart(8, '0')}-${'x'.repeat(191)}`);
      await store.transact((tx) => {
        for (const id of ids) tx.jobs.put(id, job(id));
      });
      await store.transact((tx) => {
        for (const id of ids) tx.jobs.delete(id);
      });
    }
    collect();
    const kept = process.memoryUsage().heapUsed - before;
    expect(store.read((db) => db.jobs.count())).toBe(0);
    // the ids alone are 40,000 × about 220 bytes (8.8 MB); allow a quarter of that for noise
    expect(kept).toBeLessThan(ROWS * 220 * 0.25);
  });
});
