/**
 * @module store/journal-file
 * JournalFile: a lowdb Adapter that keeps the lowdb JSON file (the snapshot,
 * `db.json`) and an append-only journal beside it (`db.json.journal`).
 *
 * - `read()` loads the snapshot and replays the journal; a torn last line
 *   (a write cut short by a crash, never acknowledged) is dropped and logged.
 * - `write()` appends ONE line with the rows changed since the last write
 *   (the store's group commit), so a write costs what changed, not the
 *   database. It resolves once the line is written (and fsync'ed with
 *   `fsync: true`): the change then survives kill -9 (and power loss).
 * - Compaction writes the whole document to the snapshot (temp file, rename)
 *   once the journal is larger than `compactAfterBytes` and than the snapshot,
 *   on flush/close (clean shutdown) and after a reset. It runs beside further
 *   appends; the journal lines it folded in are then cut off the front.
 *   Replaying a line twice is harmless, so a crash at any step loses nothing.
 * - A failed append is cut off again before the next one, so the journal
 *   never holds a half line followed by more lines.
 */
import { constants } from 'node:fs';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { encodeLine, parseJournal, replay } from './journal.js';
import { validateDataShape } from './validate-shape.js';
import { defaultData, type DbShape } from './shape.js';
import type { ChangeSource } from './store.js';

/** The file operations the journal uses; tests replace some to inject failures (ENOSPC, EACCES). */
export interface JournalIo {
  readText(path: string): Promise<string | null>;
  /** open for reading and writing, created if missing */
  open(path: string): Promise<FileHandle>;
  write(handle: FileHandle, bytes: Buffer, position: number): Promise<void>;
  read(handle: FileHandle, position: number, length: number): Promise<Buffer>;
  truncate(handle: FileHandle, length: number): Promise<void>;
  sync(handle: FileHandle): Promise<void>;
  /** write a whole file atomically: temp file beside it, then rename */
  replaceFile(path: string, content: string | Buffer, fsync: boolean): Promise<void>;
}

export const nodeJournalIo: JournalIo = {
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  },
  open: (path) => open(path, constants.O_RDWR | constants.O_CREAT),
  async write(handle, bytes, position) {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    }
  },
  async read(handle, position, length) {
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buf, done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buf.subarray(0, done);
  },
  truncate: (handle, length) => handle.truncate(length),
  sync: (handle) => handle.datasync(),
  async replaceFile(path, content, fsync) {
    const temp = join(dirname(path), `.${basename(path)}.tmp`);
    try {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(content);
        if (fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    if (fsync) await syncDir(dirname(path));
  },
};

async function syncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export interface JournalFileOptions {
  /** fsync every append and compaction (survives power loss; costs a disk flush per group commit) */
  fsync?: boolean;
  /** compact once the journal is larger than this and than the snapshot (default 8 MiB) */
  compactAfterBytes?: number;
  io?: Partial<JournalIo>;
  log?: (level: 'warn' | 'info', message: string) => void;
}

export const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;
/** after a failed compaction (disk full), wait this long before trying again */
const COMPACT_RETRY_MS = 5_000;

export class JournalFile implements Adapter<DbShape> {
  readonly journalPath: string;
  private readonly io: JournalIo;
  private readonly fsync: boolean;
  private readonly compactAfterBytes: number;
  private readonly log: NonNullable<JournalFileOptions['log']>;
  private source?: ChangeSource;
  private handle?: FileHandle;
  /** bytes of whole lines in the journal */
  private length = 0;
  /** an append failed: cut the journal back to `length` before the next one */
  private cutBeforeNextAppend = false;
  private snapshotBytes = 0;
  private compacting?: Promise<void>;
  private compactRequested = false;
  private compactNotBefore = 0;
  /** journal file operations, one at a time */
  private queue: Promise<unknown> = Promise.resolve();
  /** what read() found, for start-up messages and tests */
  readonly loaded = { snapshot: false, lines: 0, tornBytes: 0 };

  constructor(
    readonly path: string,
    options: JournalFileOptions = {},
  ) {
    this.journalPath = `${path}.journal`;
    this.io = { ...nodeJournalIo, ...options.io };
    this.fsync = options.fsync ?? false;
    this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
    this.log = options.log ?? (() => undefined);
  }

  /** The store's change tracking: write() asks it what changed. */
  trackChanges(source: ChangeSource): void {
    this.source = source;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** lowdb Adapter: the snapshot with the journal replayed onto it (null when neither exists). */
  async read(): Promise<DbShape | null> {
    const snapshotText = await this.io.readText(this.path);
    let data = snapshotText === null ? null : (validateDataShape(JSON.parse(snapshotText) as unknown) as DbShape);
    this.loaded.snapshot = snapshotText !== null;
    this.snapshotBytes = snapshotText === null ? 0 : Buffer.byteLength(snapshotText);
    let journalText = await this.io.readText(this.journalPath);
    if (snapshotText === null && journalText) {
      // The journal extends a snapshot; without one (db.json deleted by hand) it would
      // bring back rows someone meant to throw away. Keep it aside, start empty.
      const aside = `${this.journalPath}.orphaned-${Date.now()}`;
      await rename(this.journalPath, aside);
      this.log('warn', `${this.path} is missing but its journal is not: moved the journal to ${aside} and started empty`);
      journalText = null;
    }
    const { lines, goodBytes, torn } = parseJournal(journalText ?? '');
    if (torn) {
      this.loaded.tornBytes = torn.bytes;
      this.log('warn', `dropped a torn last line (line ${torn.line}, ${torn.bytes} bytes) from ${this.journalPath}: a write cut short by a crash, never acknowledged`);
    }
    if (lines.length) {
      data = replay(data ?? defaultData(), lines);
      this.loaded.lines = lines.length;
    }
    this.length = goodBytes;
    this.handle = await this.io.open(this.journalPath);
    // cut a torn tail off now, so the next line starts on a line of its own
    if (torn) await this.io.truncate(this.handle, goodBytes);
    // a journal just created must survive a power loss too: sync its directory entry
    if (journalText === null && this.fsync) await syncDir(dirname(this.path));
    return data;
  }

  /**
   * lowdb Adapter: make the changes since the last write durable (one journal
   * line). Without change tracking, or when asked to, it also compacts.
   */
  async write(data: DbShape): Promise<void> {
    if (!this.source) return this.rewrite(data);
    const changes = this.source.takeChanges();
    const line = !changes.empty ? Buffer.from(encodeLine(changes)) : undefined;
    const due =
      this.compactRequested ||
      changes.full ||
      (this.length + (line?.length ?? 0) >= Math.max(this.compactAfterBytes, this.snapshotBytes) && Date.now() >= this.compactNotBefore);
    // The snapshot is taken now, when memory holds exactly what is durable plus this line.
    const snapshot = due && !this.compacting ? this.source.serialize() : undefined;
    if (snapshot !== undefined) this.compactRequested = false;
    let cut = this.length;
    if (line) {
      await this.serial(async () => {
        await this.append(line);
        cut = this.length;
      });
    }
    if (snapshot !== undefined) {
      this.compacting = this.compact(snapshot, cut).finally(() => (this.compacting = undefined));
    }
  }

  private async append(line: Buffer): Promise<void> {
    const handle = this.handle ?? (this.handle = await this.io.open(this.journalPath));
    if (this.cutBeforeNextAppend) {
      await this.io.truncate(handle, this.length);
      this.cutBeforeNextAppend = false;
    }
    try {
      await this.io.write(handle, line, this.length);
      if (this.fsync) await this.io.sync(handle);
    } catch (err) {
      this.cutBeforeNextAppend = true;
      throw err;
    }
    this.length += line.length;
  }

  /** Write the snapshot, then cut the journal lines it holds (the first `cut` bytes). Never throws. */
  private async compact(snapshot: string, cut: number): Promise<void> {
    try {
      await this.io.replaceFile(this.path, snapshot, this.fsync);
      this.snapshotBytes = Buffer.byteLength(snapshot);
      await this.serial(async () => {
        const handle = this.handle!;
        const tail = this.length - cut;
        if (tail === 0) {
          await this.io.truncate(handle, 0);
          if (this.fsync) await this.io.sync(handle);
        } else {
          // lines appended while the snapshot was written stay, in a new journal file
          const rest = await this.io.read(handle, cut, tail);
          await this.io.replaceFile(this.journalPath, rest, this.fsync);
          this.handle = await this.io.open(this.journalPath);
          await handle.close().catch(() => undefined);
        }
        this.length = tail;
        this.cutBeforeNextAppend = false;
      });
    } catch (err) {
      this.compactNotBefore = Date.now() + COMPACT_RETRY_MS;
      this.log('warn', `could not compact ${this.journalPath} into ${this.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the journal keeps every change, will try again`);
    }
  }

  /** Journal bytes not yet folded into the snapshot. */
  journalBytes(): number {
    return this.length;
  }

  /** Wait for a compaction in progress. */
  async idle(): Promise<void> {
    await this.compacting;
  }

  /** Make the next write() compact even if nothing changed. */
  requestCompaction(): void {
    this.compactRequested = true;
  }

  /** Start over with `data` as the snapshot and an empty journal (start-up with --reset, a new file). */
  async rewrite(data: DbShape): Promise<void> {
    const text = JSON.stringify(data);
    await this.io.replaceFile(this.path, text, this.fsync);
    this.snapshotBytes = Buffer.byteLength(text);
    await this.serial(async () => {
      const handle = this.handle ?? (this.handle = await this.io.open(this.journalPath));
      await this.io.truncate(handle, 0);
      this.length = 0;
    });
  }

  async close(): Promise<void> {
    await this.compacting;
    await this.serial(async () => {
      await this.handle?.close();
      this.handle = undefined;
    });
  }
}
