/**
 * What opening a data file costs in the process itself: the time createStore()
 * takes on a copy of `--file` and the process's memory after it, before and
 * after a full GC (run node with --expose-gc for the second figure), then the
 * time of a clean close (which compacts and writes the index file
 * `db.json.index`). Measured twice on the same copy: first without an index
 * file (the data file is scanned: every row cut from the file, parsed to
 * check it and work out its index keys), then reopened after that clean close
 * (the index file matches: no row is read), as a user's restart would find it.
 * Each open runs in a process of its own (so the second's memory is its own).
 *
 *   node --expose-gc --import tsx bench/store-load.ts --file /path/to/db.json
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../simulator/store/lowdb-store.js';

const mb = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));

/** one open and clean close of `path`, in this process */
async function openOnce(path: string): Promise<void> {
  const logs: string[] = [];
  const started = performance.now();
  const store = await createStore({ storage: 'file', path, log: (level, message) => logs.push(`${level}: ${message}`) });
  console.log(`createStore ${(performance.now() - started).toFixed(0)} ms, ${store.read((db) => db.identities.count())} identities`);
  for (const line of logs) console.log(`  log ${line}`);
  console.log('memory MB after load', mb());
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    console.log('memory MB after a full GC', mb());
  }
  const closing = performance.now();
  await store.close();
  console.log(`close (compacts, writes the index) ${(performance.now() - closing).toFixed(0)} ms`);
}

const child = process.argv.indexOf('--open');
if (child > 0) {
  await openOnce(process.argv[child + 1]);
} else {
  const at = process.argv.indexOf('--file');
  if (at < 0) {
    console.error('usage: node --expose-gc --import tsx bench/store-load.ts --file <data file>');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-load-'));
  try {
    const path = join(dir, 'db.json');
    copyFileSync(process.argv[at + 1], path);
    const run = () => execFileSync(process.execPath, [...process.execArgv, process.argv[1], '--open', path], { stdio: 'inherit' });
    console.log(`1. first open, no index file (${(statSync(path).size / 2 ** 20).toFixed(0)} MB data file)`);
    run();
    console.log(`\n2. reopened after that clean close, with its index file (${existsSync(`${path}.index`) ? (statSync(`${path}.index`).size / 2 ** 20).toFixed(1) : 'no'} MB)`);
    run();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
