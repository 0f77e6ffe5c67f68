/**
 * What opening a data file costs in the process itself: the time createStore()
 * takes on a copy of `--file` (scan, parse and index every row, replay the
 * journal), and the process's memory after it, before and after a full GC
 * (run node with --expose-gc for the second figure), then the time of a clean close
 * (which compacts).
 *
 *   node --expose-gc --import tsx bench/store-load.ts --file /path/to/db.json
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../simulator/store/lowdb-store.js';

const at = process.argv.indexOf('--file');
if (at < 0) {
  console.error('usage: node --expose-gc --import tsx bench/store-load.ts --file <data file>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-load-'));
const mb = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));
try {
  const path = join(dir, 'db.json');
  copyFileSync(process.argv[at + 1], path);
  const started = performance.now();
  const store = await createStore({ storage: 'file', path });
  console.log(`createStore ${(performance.now() - started).toFixed(0)} ms, ${store.read((db) => db.identities.count())} identities`);
  console.log('memory MB after load', mb());
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    console.log('memory MB after a full GC', mb());
  }
  const closing = performance.now();
  await store.close();
  console.log(`close (compacts) ${(performance.now() - closing).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
