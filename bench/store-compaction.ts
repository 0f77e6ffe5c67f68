/**
 * What a compaction costs the event loop: a file store holding a data file
 * (`--file`, e.g. a seeded 100k one; copied first) is compacted with
 * `flush()` while a 1 ms timer measures how late it fires. The longest delay
 * is the longest stall a request could have seen. The snapshot is written in
 * pieces (store/journal-file.ts), so the stall should be one piece, not the
 * whole document.
 *
 *   npx tsx bench/store-compaction.ts --file /path/to/db.json
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../simulator/store/lowdb-store.js';

const at = process.argv.indexOf('--file');
if (at < 0) {
  console.error('usage: npx tsx bench/store-compaction.ts --file <data file>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-compaction-'));
try {
  const path = join(dir, 'db.json');
  copyFileSync(process.argv[at + 1], path);
  const store = await createStore({ storage: 'file', path });
  const rows = store.read((db) => db.identities.count() + db.jobs.count());
  let last = performance.now();
  let worst = 0;
  const gaps: number[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 50));
  worst = 0;
  gaps.length = 0;
  last = performance.now();
  const started = performance.now();
  await store.flush();
  const took = performance.now() - started;
  clearInterval(timer);
  gaps.sort((a, b) => a - b);
  console.log(`compacted ${rows} rows into ${(statSync(path).size / 2 ** 20).toFixed(0)} MB in ${took.toFixed(0)} ms; event loop: longest stall ${worst.toFixed(1)} ms, p99 timer delay ${gaps[Math.floor(gaps.length * 0.99)]?.toFixed(1)} ms over ${gaps.length} ticks`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
