/**
 * @module store/lock
 * One process per data file: `<data file>.lock` holds the owner's pid, port
 * and start time. A second simulator on the same file refuses to start,
 * naming the holder; a lock whose process is gone (killed, crashed) is stale
 * and taken over. The lock file is created with link(2), so it appears whole
 * or not at all, and updated by rename.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreOpenError } from './errors.js';

export interface LockInfo {
  pid: number;
  port: number | null;
  url?: string;
  host: string;
  started: string;
}

/** The data file is held by another live process (or already open in this one). */
export class StoreLockedError extends StoreOpenError {
  constructor(
    message: string,
    readonly holder: LockInfo | undefined,
  ) {
    super(message);
  }
}

export interface FileLock {
  readonly path: string;
  /** set when a stale lock was taken over: the previous holder */
  readonly tookOver?: LockInfo;
  update(listener: { port: number; url: string }): void;
  release(): void;
}

/** Locks this process holds, released even if the process exits without closing its stores. */
const held = new Set<string>();
let exitHook = false;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof info?.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

const describe = (info: LockInfo) =>
  `pid ${info.pid}, ${info.port === null ? 'port not known yet (still starting)' : `port ${info.port}`}, started ${info.started}`;

/** Take the lock of `dataFile`, or throw StoreLockedError naming its holder. */
export function acquireLock(dataFile: string): FileLock {
  const path = `${dataFile}.lock`;
  if (held.has(path)) throw new StoreLockedError(`the data file ${dataFile} is already open in this process (pid ${process.pid}); close the other store first`, undefined);
  const info: LockInfo = { pid: process.pid, port: null, host: hostname(), started: new Date().toISOString() };
  const write = (target: string) => writeFileSync(target, `${JSON.stringify(info)}\n`);
  const temp = `${path}.${process.pid}.tmp`;
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; ; attempt++) {
    write(temp);
    try {
      linkSync(temp, path); // fails with EEXIST if anyone holds it
      unlinkSync(temp);
      break;
    } catch (err) {
      unlinkSync(temp);
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    const holder = readLock(path);
    // Our own pid in a lock we do not hold: left by an earlier process that had
    // the same pid (a restarted container), so it is stale too.
    if (holder && holder.pid !== process.pid && pidAlive(holder.pid)) {
      throw new StoreLockedError(
        `the data file ${dataFile} is in use by another paxos-sim (${describe(holder)}); stop it, or start this one with another --data file (if that process is gone, delete ${path})`,
        holder,
      );
    }
    tookOver = holder ?? { pid: 0, port: null, host: '?', started: '?' };
    try {
      unlinkSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  held.add(path);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const p of held) {
        try {
          if (readLock(p)?.pid === process.pid) unlinkSync(p);
        } catch {
          // best effort at exit
        }
      }
    });
  }
  return {
    path,
    tookOver,
    update(listener) {
      if (!held.has(path)) return;
      info.port = listener.port;
      info.url = listener.url;
      write(temp);
      renameSync(temp, path);
    },
    release() {
      if (!held.delete(path)) return;
      try {
        if (readLock(path)?.pid === process.pid) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
