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
 *   on flush/close (clean shutdown) and after a reset. The state is frozen
 *   (ChangeSource.freeze) in the same turn as the journal line it follows, and
 *   the snapshot is built and written a piece at a time, yielding to the event
 *   loop between pieces, so requests and further appends go on meanwhile; the
 *   journal lines it folded in are then cut off the front. Replaying a line
 *   twice is harmless, so a crash at any step loses nothing.
 * - Rows stay on disk: the store holds a row as its place in the snapshot or
 *   the journal (located.ts) once it is written there, and reads it through
 *   `reader` (a positioned read from a file kept open). After a compaction
 *   renames a new snapshot into place, rows unchanged since the freeze are
 *   re-pointed to it a block at a time; the old snapshot stays open (another
 *   slot) until the last block, then is closed. The index file of the old
 *   snapshot is deleted; the new snapshot's (`db.json.index`, index-file.ts)
 *   is written once writes pause (indexAfterIdleMs), or on flush/close.
 * - `load()` reads the rows' places and index keys from the index file when
 *   it matches the snapshot (no row is read), else scans the snapshot through
 *   a window (scan.ts), parsing each row once to check it and key it; then it
 *   replays the journal. `read()` (the lowdb Adapter) parses every row.
 * - A failed append is cut off again before the next one, so the journal
 *   never holds a half line followed by more lines.
 */
import { constants, readSync, writeSync } from 'node:fs';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Adapter } from 'lowdb';
import { fileCrc, indexPieces, IndexUnusable, readIndex } from './index-file.js';
import { encodeLineBytes, parseJournal, replayTexts } from './journal.js';
import { keyDefs, keysOf, NO_KEYS } from './keys.js';
import { fileOf, JOURNAL, lengthOf, locate, offsetOf, otherSnapshot, SNAPSHOT, type LocatedFile, type RowReader } from './located.js';
import { scanDocument } from './scan.js';
import { validateDataShape, validateRow } from './validate-shape.js';
import { defaultData, SCHEMA_VERSION, type DbShape } from './shape.js';
import type { ChangeSource, FrozenSnapshot, LoadedCollection, LoadedRows, SnapshotLayout, StoreChanges } from './store.js';

/** Fields of the document that are collections of rows (kept as text or locations). */
const COLLECTION_LIST: readonly string[] = Object.keys(defaultData()).filter((k) => k !== 'version' && k !== 'seq' && k !== 'settings');
const COLLECTION_NAMES: ReadonlySet<string> = new Set(COLLECTION_LIST);
/** bytes read at a time when compaction copies located rows */
const BLOCK_BYTES = 1024 * 1024;
/** rows per piece when a snapshot is written beside requests (each piece is built on the event loop, then written) */
const ROWS_PER_PIECE = 1000;

/** The file operations the journal uses; tests replace some to inject failures (ENOSPC, EACCES). */
export interface JournalIo {
  readText(path: string): Promise<string | null>;
  /** open for reading, or null if the file does not exist */
  openRead(path: string): Promise<FileHandle | null>;
  /** open for reading and writing, created if missing */
  open(path: string): Promise<FileHandle>;
  write(handle: FileHandle, bytes: Buffer, position: number): Promise<void>;
  read(handle: FileHandle, position: number, length: number): Promise<Buffer>;
  truncate(handle: FileHandle, length: number): Promise<void>;
  sync(handle: FileHandle): Promise<void>;
  /** write a whole file atomically: temp file beside it, then rename (`content` may come in pieces) */
  replaceFile(path: string, content: string | Buffer | AsyncIterable<Buffer>, fsync: boolean): Promise<void>;
}

/** The value, or null when the file does not exist. */
async function unlessMissing<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export const nodeJournalIo: JournalIo = {
  readText: (path) => unlessMissing(readFile(path, 'utf8')),
  openRead: (path) => unlessMissing(open(path, 'r')),
  open: (path) => open(path, constants.O_RDWR | constants.O_CREAT),
  // A journal line (a few KB, into the page cache) is written synchronously on the
  // event loop: a hop to libuv's thread pool and back costs more than the write on
  // a small machine. It is still written before the transactions it holds are
  // answered; fsync (the slow part, when asked for) stays asynchronous.
  async write(handle, bytes, position) {
    let done = 0;
    while (done < bytes.length) done += writeSync(handle.fd, bytes, done, bytes.length - done, position + done);
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
      let written = 0;
      try {
        if (typeof content === 'string' || Buffer.isBuffer(content)) await handle.writeFile(content);
        // a snapshot is written asynchronously, a piece at a time, beside requests
        else for await (const piece of content) await writeAllAsync(handle, piece, (written += piece.length) - piece.length);
        if (fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    if (fsync) await syncPath(dirname(path));
  },
};

async function writeAllAsync(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** Flush a file or a directory (its entries: a rename into it) to disk. Uploaded blobs use it too (blobs.ts). */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface JournalFileOptions {
  /** write and use the index file beside the snapshot (`<path>.index`, index-file.ts; default true) */
  index?: boolean;
  /** fsync every append and compaction (survives power loss; costs a disk flush per group commit) */
  fsync?: boolean;
  /** compact once the journal is larger than this and than the snapshot (default 8 MiB) */
  compactAfterBytes?: number;
  /** after a failed compaction (disk full), wait this long before trying again (default 5 s) */
  compactRetryMs?: number;
  /** rows per piece of a snapshot written beside requests (default 1000) */
  compactRowsPerPiece?: number;
  /**
   * the index file of a compacted snapshot is written once no write came for
   * this long (default 1000 ms), or on flush/close (clean stop), not while
   * writes go on: it is a cache, and building it was about half of a
   * compaction's CPU time in a burst of creates
   */
  indexAfterIdleMs?: number;
  io?: Partial<JournalIo>;
  log?: (level: 'warn' | 'info', message: string) => void;
}

export const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;
const COMPACT_RETRY_MS = 5_000;
const INDEX_AFTER_IDLE_MS = 1_000;

export class JournalFile implements Adapter<DbShape> {
  readonly journalPath: string;
  readonly indexPath: string;
  private readonly useIndex: boolean;
  /**
   * The snapshot as it was loaded or last compacted, kept open: rows located
   * in file 0 (located.ts) are read from it (after a compaction renames a new
   * snapshot into place, the old one stays readable through this handle until
   * the rows are re-pointed).
   */
  private snapshotHandle?: FileHandle;
  /** the located.ts slot of snapshotHandle's rows */
  private snapshotSlot: LocatedFile = SNAPSHOT;
  /** while a compaction re-points rows: the snapshot replaced, which rows not yet re-pointed still read */
  private previousSnapshot?: { handle: FileHandle; slot: LocatedFile };
  /** the handle rows located in snapshot slot `file` read from */
  private snapshotFd(file: LocatedFile): number | undefined {
    if (file === this.snapshotSlot) return this.snapshotHandle?.fd;
    return this.previousSnapshot?.slot === file ? this.previousSnapshot.handle.fd : undefined;
  }
  /** the journal offset (as rows are located in it) of the journal file's first byte: grows as compaction cuts lines off the front */
  private journalBase = 0;
  /** changes when journal locations start over (so a late locate of an older line is ignored) */
  private journalGeneration = 0;
  private readBuffer = Buffer.allocUnsafe(64 * 1024);
  private readonly io: JournalIo;
  private readonly fsync: boolean;
  private readonly compactAfterBytes: number;
  private readonly compactRetryMs: number;
  private readonly rowsPerPiece: number;
  private readonly indexAfterIdleMs: number;
  /** the index file of the last compacted snapshot, not written yet (written once writes pause, or on flush/close) */
  private pendingIndex?: { snapshot: FrozenSnapshot; fingerprint: { bytes: number; crc32: number } };
  private indexTimer?: ReturnType<typeof setTimeout>;
  /** write() calls so far, and as the index timer last saw them (a write since: wait on) */
  private writes = 0;
  private writesSeen = 0;
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
  readonly loaded = { snapshot: false, lines: 0, tornBytes: 0, index: false };
  /** rows located on disk are read through this */
  readonly reader: RowReader = {
    text: (location) => {
      const length = lengthOf(location);
      if (this.readBuffer.length < length) this.readBuffer = Buffer.allocUnsafe(length * 2);
      this.readAt(location, this.readBuffer, 0);
      return this.readBuffer.toString('utf8', 0, length);
    },
    copy: (location, target, at) => this.copyAhead(location, target, at),
  };

  /**
   * Compaction copies located rows in file order: they are read a block at a
   * time (one read for many rows). The block is dropped whenever a file it
   * could come from changes (dropBlock).
   */
  private block = { fd: -1, start: 0, length: 0, buf: Buffer.alloc(0) };
  private dropBlock(): void {
    this.block.fd = -1;
    this.block.length = 0;
  }
  private copyAhead(location: number, target: Buffer, at: number): void {
    const { fd, position, length } = this.placeOf(location);
    const block = this.block;
    if (fd === undefined || position < 0 || length > BLOCK_BYTES) return this.readAt(location, target, at);
    if (block.fd !== fd || position < block.start || position + length > block.start + block.length) {
      if (block.buf.length < BLOCK_BYTES) block.buf = Buffer.allocUnsafe(BLOCK_BYTES);
      block.fd = fd;
      block.start = position;
      block.length = 0;
      while (block.length < BLOCK_BYTES) {
        const n = readSync(fd, block.buf, block.length, BLOCK_BYTES - block.length, position + block.length);
        if (n === 0) break;
        block.length += n;
      }
      if (block.length < length) {
        this.dropBlock();
        return this.readAt(location, target, at);
      }
    }
    block.buf.copy(target, at, position - block.start, position - block.start + length);
  }

  /** The open file (fd), position and length of a located row's bytes. */
  private placeOf(location: number): { inJournal: boolean; fd: number | undefined; position: number; length: number } {
    const file = fileOf(location);
    const inJournal = file === JOURNAL;
    return {
      inJournal,
      fd: inJournal ? this.handle?.fd : this.snapshotFd(file),
      position: offsetOf(location) - (inJournal ? this.journalBase : 0),
      length: lengthOf(location),
    };
  }

  private readAt(location: number, target: Buffer, at: number): void {
    const { inJournal, fd, position, length } = this.placeOf(location);
    if (fd === undefined || fd < 0 || position < 0) throw new Error(`a stored row cannot be read: its ${inJournal ? 'journal' : 'data file'} is closed`);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, target, at + done, length - done, position + done);
      if (n === 0) throw new Error(`a stored row cannot be read: ${inJournal ? this.journalPath : this.path} ends before byte ${position + length}`);
      done += n;
    }
  }

  constructor(
    readonly path: string,
    options: JournalFileOptions = {},
  ) {
    this.journalPath = `${path}.journal`;
    this.indexPath = `${path}.index`;
    this.useIndex = options.index ?? true;
    this.io = { ...nodeJournalIo, ...options.io };
    this.fsync = options.fsync ?? false;
    this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
    this.compactRetryMs = options.compactRetryMs ?? COMPACT_RETRY_MS;
    this.rowsPerPiece = options.compactRowsPerPiece ?? ROWS_PER_PIECE;
    this.indexAfterIdleMs = options.indexAfterIdleMs ?? INDEX_AFTER_IDLE_MS;
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

  /** rows found by load(), until the store takes them */
  private rows?: LoadedRows;
  /** the index file being written for a snapshot that was scanned at start-up (awaited before the snapshot or index changes) */
  private indexing?: Promise<void>;

  /** The rows load() found, as text or locations by collection and id, with the index keys known (once). */
  takeRows(): LoadedRows | undefined {
    const rows = this.rows;
    this.rows = undefined;
    return rows;
  }

  /**
   * Load the snapshot with the journal replayed onto it: the document without
   * its rows (null when neither file exists), and the rows, as locations in
   * the snapshot with their index keys. With an index file that matches the
   * snapshot (index-file.ts) no row is read; else the snapshot is scanned
   * (scan.ts) and each row parsed once, to check its shape and work out its
   * keys. Rows from the journal are held as text (the store parses them).
   * Keeps the rows for takeRows().
   */
  async load(): Promise<{ data: DbShape | null; rows: LoadedRows }> {
    const file = await this.io.openRead(this.path);
    let data: DbShape | null = null;
    let rows: LoadedRows = new Map();
    if (file !== null) {
      try {
        const fromIndex = await this.loadIndex(file);
        let fields: unknown;
        if (fromIndex) {
          fields = fromIndex.fields;
          rows = fromIndex.rows;
          this.snapshotBytes = fromIndex.bytes;
        } else {
          const scanned = await this.scan(file);
          fields = scanned.fields;
          rows = scanned.rows;
          this.snapshotBytes = scanned.bytes;
          // the scan read every row: write the index file now (in the background), so the
          // next start is fast even without a clean stop; worked out before the journal is replayed onto the rows
          const layout = this.useIndex && scanned.bytes === (await file.stat()).size ? scannedLayout(scanned.fields, rows) : undefined;
          if (layout) this.indexing = this.writeIndex(layout, { bytes: scanned.bytes, crc32: scanned.crc });
        }
        // the shape of everything but the rows (each row was checked as it was scanned)
        data = validateDataShape(fields) as DbShape;
        for (const c of rows.keys()) (data as unknown as Record<string, unknown>)[c] = {};
      } catch (err) {
        await file.close();
        throw err;
      }
      // kept open: located rows are read from it
      this.snapshotHandle = file;
      this.snapshotSlot = SNAPSHOT;
    }
    this.loaded.snapshot = file !== null;
    if (file === null) this.snapshotBytes = 0;
    let journalText = await this.io.readText(this.journalPath);
    if (file === null && journalText) {
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
      data = replayTexts(data ?? defaultData(), rows, lines);
      this.loaded.lines = lines.length;
    }
    this.length = goodBytes;
    this.handle = await this.io.open(this.journalPath);
    // cut a torn tail off now, so the next line starts on a line of its own
    if (torn) await this.io.truncate(this.handle, goodBytes);
    // a journal just created must survive a power loss too: sync its directory entry
    if (journalText === null && this.fsync) await syncPath(dirname(this.path));
    this.rows = rows;
    return { data, rows };
  }

  /** The snapshot's rows from its index file, or undefined (logged) when there is none that matches. */
  private async loadIndex(file: FileHandle): Promise<{ fields: unknown; rows: LoadedRows; bytes: number } | undefined> {
    if (!this.useIndex) return undefined;
    const index = await this.io.openRead(this.indexPath).catch((err: NodeJS.ErrnoException) => {
      this.log('warn', `did not use ${this.indexPath}: it cannot be read (${err.code ?? err.message}); reading every row of ${this.path}`);
      return undefined;
    });
    if (index === undefined) return undefined;
    if (index === null) {
      this.log('info', `no index file ${this.indexPath}: reading every row of ${this.path} (the index file is written after the read, or by the next compaction)`);
      return undefined;
    }
    const { size } = await file.stat();
    try {
      const { fields, rows } = await readIndex(index, { bytes: size, crc: () => fileCrc(file, size) }, COLLECTION_LIST, async (offset, length) => {
        const buf = Buffer.allocUnsafe(length);
        await file.read(buf, 0, length, offset);
        return buf.toString('utf8');
      });
      this.loaded.index = true;
      let count = 0;
      for (const c of rows.values()) count += c.rows.size;
      this.log('info', `read the places and index keys of ${count} rows from ${this.indexPath} (no row of ${this.path} was read)`);
      return { fields, rows, bytes: size };
    } catch (err) {
      if (!(err instanceof IndexUnusable) && (err as NodeJS.ErrnoException).code === undefined) throw err;
      this.log('warn', `did not use ${this.indexPath}: ${(err as Error).message}; reading every row of ${this.path}`);
      return undefined;
    } finally {
      await index.close();
    }
  }

  /**
   * Scan the whole snapshot (scan.ts): each row is parsed once as it is cut
   * from the file, to check its shape (validateRow) and work out its index
   * keys, and held as its location in the file (a row spread over lines, as
   * in a file indented by hand, is held as compact text).
   */
  private async scan(file: FileHandle): Promise<{ fields: unknown; rows: LoadedRows; bytes: number; crc: number }> {
    const rows: LoadedRows = new Map();
    let rowError: unknown;
    const onRow = (c: string, id: string, text: string, offset: number, length: number) => {
      let col = rows.get(c);
      if (!col) rows.set(c, (col = { rows: new Map(), keys: new Map() } satisfies LoadedCollection));
      const row = JSON.parse(text) as unknown;
      if (rowError === undefined) {
        try {
          validateRow(c, id, row);
        } catch (err) {
          rowError = err;
        }
      }
      // the data will be refused (or is of another version): the keys of a row of the wrong shape cannot be worked out
      if (rowError !== undefined) return;
      col.keys.set(id, keysOf(keyDefs(c), row, id));
      col.rows.set(id, (offset >= 0 ? locate(SNAPSHOT, offset, length) : undefined) ?? text);
    };
    // read through a window, never the whole file at once
    // each byte is read once, in order: its CRC-32 (for an index file) is worked out on the way
    let crc = 0;
    const readMore = async (buf: Buffer, offset: number, length: number) => {
      const { bytesRead } = await file.read(buf, offset, length, null);
      crc = crc32(buf.subarray(offset, offset + bytesRead), crc);
      return bytesRead;
    };
    const scanned = await scanDocument(readMore, COLLECTION_NAMES, undefined, onRow);
    const fields = scanned.other ? scanned.other.value : scanned.fields;
    // a row of the wrong shape refuses the data, unless the file is of another version (the store says that instead)
    if (rowError !== undefined && (fields as { version?: unknown } | null)?.version === SCHEMA_VERSION) throw rowError;
    return { fields, rows, bytes: scanned.bytes, crc };
  }

  /** lowdb Adapter: the snapshot with the journal replayed onto it (null when neither exists), rows parsed. */
  async read(): Promise<DbShape | null> {
    const { data } = await this.load();
    const rows = this.takeRows()!;
    if (data === null) return null;
    for (const [c, loaded] of rows) {
      const parsed: Record<string, unknown> = {};
      for (const [id, raw] of loaded.rows) parsed[id] = JSON.parse(typeof raw === 'string' ? raw : this.reader.text(raw));
      (data as unknown as Record<string, unknown>)[c] = parsed;
    }
    return validateDataShape(data);
  }

  /**
   * lowdb Adapter: make the changes since the last write durable (one journal
   * line). Without change tracking, or when asked to, it also compacts.
   */
  async write(data: DbShape): Promise<void> {
    if (!this.source) return this.rewrite(data);
    this.writes++;
    const changes = this.source.takeChanges();
    // the line is encoded into a buffer kept from line to line, unless a line still being written holds it
    const scratch = !this.lineBufferBusy;
    const encoded = !changes.empty ? encodeLineBytes(changes, scratch ? this.lineBufferOf : undefined) : undefined;
    if (scratch && encoded) this.lineBufferBusy = true;
    try {
      await this.appendChanges(this.source, changes, encoded);
    } finally {
      if (scratch && encoded) this.lineBufferBusy = false;
    }
  }

  /** a buffer journal lines are encoded into, kept from line to line (allocating one per line cost more than the write) */
  private lineBuffer = Buffer.alloc(0);
  /** a line encoded into lineBuffer is not written yet */
  private lineBufferBusy = false;
  private readonly lineBufferOf = (bytes: number): Buffer => {
    if (this.lineBuffer.length < bytes) this.lineBuffer = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * this.lineBuffer.length, 64 * 1024));
    return this.lineBuffer;
  };

  private async appendChanges(source: ChangeSource, changes: StoreChanges, encoded: ReturnType<typeof encodeLineBytes> | undefined): Promise<void> {
    const line = encoded?.bytes;
    const due =
      this.compactRequested ||
      changes.full ||
      (this.length + (line?.length ?? 0) >= Math.max(this.compactAfterBytes, this.snapshotBytes) && Date.now() >= this.compactNotBefore);
    // The snapshot is frozen now, when memory holds exactly what is durable plus this line;
    // it is written in pieces afterwards, while requests go on.
    const snapshot = due && !this.compacting ? source.freeze() : undefined;
    if (snapshot !== undefined) this.compactRequested = false;
    let cut = this.length;
    if (line) {
      try {
        const { at, generation } = await this.serial(async () => {
          const at = this.journalBase + this.length;
          await this.append(line);
          cut = this.length;
          return { at, generation: this.journalGeneration };
        });
        // the rows are on disk now: unless they changed since, the store drops their text for where they are
        if (generation === this.journalGeneration) {
          for (const row of encoded!.rows) {
            const location = locate(JOURNAL, at + row.at, row.length);
            if (location !== undefined) source.located(row.collection, row.id, row.text, location);
          }
        }
      } catch (err) {
        // the line is not durable: memory is rolled back, so the frozen state is not what is on disk
        if (snapshot) {
          snapshot.release();
          this.compactRequested ||= changes.full;
        }
        throw err;
      }
    }
    if (snapshot !== undefined) {
      this.compacting = this.compact(snapshot, cut).finally(() => (this.compacting = undefined));
    }
  }

  private async append(line: Buffer): Promise<void> {
    const handle = this.handle ?? (this.handle = await this.io.open(this.journalPath));
    if (this.cutBeforeNextAppend) {
      this.dropBlock();
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

  /**
   * Write the snapshot, then cut the journal lines it holds (the first `cut`
   * bytes). The snapshot is built and written a piece at a time, yielding to
   * the event loop between pieces. Never throws.
   */
  private async compact(snapshot: FrozenSnapshot, cut: number): Promise<void> {
    // an index file not written yet is for the snapshot about to be replaced: it would never match
    this.dropPendingIndex();
    await this.indexing;
    let bytes = 0;
    let crc = 0;
    const rowsPerPiece = this.rowsPerPiece;
    async function* pieces(): AsyncGenerator<Buffer> {
      for (const piece of snapshot.pieces(rowsPerPiece)) {
        bytes += piece.length;
        crc = crc32(piece, crc);
        yield piece;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    try {
      // with an index file to write, the snapshot goes on noting changed rows until its layout is taken (deferIndex)
      let keep = false;
      try {
        await this.io.replaceFile(this.path, pieces(), this.fsync);
        // Rows unchanged since the freeze read from the new snapshot (in the other slot) from
        // now on, re-pointed a block at a time between requests; until then they read the old
        // one (renamed over, still readable through its handle), closed once none reads from it.
        const next = await this.io.openRead(this.path);
        if (next === null) throw Object.assign(new Error(`${this.path} vanished after it was written`), { code: 'ENOENT' });
        if (this.snapshotHandle) this.previousSnapshot = { handle: this.snapshotHandle, slot: this.snapshotSlot };
        this.snapshotHandle = next;
        this.snapshotSlot = otherSnapshot(this.snapshotSlot);
        for (const _ of snapshot.adopt(this.snapshotSlot)) await new Promise((resolve) => setImmediate(resolve));
        const old = this.previousSnapshot;
        this.previousSnapshot = undefined;
        this.dropBlock();
        await old?.handle.close().catch(() => undefined);
        keep = this.useIndex;
      } finally {
        if (!keep) snapshot.release();
      }
      this.snapshotBytes = bytes;
      if (keep) this.deferIndex(snapshot, { bytes, crc32: crc });
      await this.serial(async () => {
        const handle = this.handle!;
        const tail = this.length - cut;
        this.dropBlock();
        if (tail === 0) {
          await this.io.truncate(handle, 0);
          if (this.fsync) await this.io.sync(handle);
          // no row is located in the journal now (every row of it was re-pointed above): locations start over
          this.journalBase = 0;
          this.journalGeneration++;
        } else {
          // lines appended while the snapshot was written stay, in a new journal file
          const rest = await this.io.read(handle, cut, tail);
          await this.io.replaceFile(this.journalPath, rest, this.fsync);
          this.handle = await this.io.open(this.journalPath);
          // rows located in those lines keep their locations: the new file starts `cut` bytes further on
          this.journalBase += cut;
          await handle.close().catch(() => undefined);
        }
        this.length = tail;
        this.cutBeforeNextAppend = false;
      });
    } catch (err) {
      this.compactNotBefore = Date.now() + this.compactRetryMs;
      this.log('warn', `could not compact ${this.journalPath} into ${this.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the journal keeps every change, will try again`);
    }
  }

  /**
   * Keep the snapshot just written, for its index file, written once writes
   * pause (indexAfterIdleMs) or on flush/close: only then are its rows' keys
   * worked out (FrozenSnapshot.layout), so a compaction in a burst of writes
   * costs the burst the bytes only. The index file on disk is of
   * the snapshot replaced: it is removed, so a start before the new one is
   * written scans (and says plainly why) rather than warning of a mismatch.
   */
  private deferIndex(snapshot: FrozenSnapshot, fingerprint: { bytes: number; crc32: number }): void {
    this.pendingIndex = { snapshot, fingerprint };
    this.indexing = unlink(this.indexPath).catch(() => undefined);
    this.writesSeen = this.writes;
    this.armIndexTimer();
  }

  private armIndexTimer(): void {
    clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => {
      this.indexTimer = undefined;
      if (!this.pendingIndex) return;
      if (this.writes !== this.writesSeen) {
        // writes went on: wait for a pause
        this.writesSeen = this.writes;
        return this.armIndexTimer();
      }
      void this.writePendingIndex();
    }, this.indexAfterIdleMs);
    this.indexTimer.unref?.();
  }

  private dropPendingIndex(): void {
    this.pendingIndex?.snapshot.release();
    this.pendingIndex = undefined;
    clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
  }

  /** Write the index file kept for the current snapshot, if any (after a compaction in progress). */
  async writePendingIndex(): Promise<void> {
    await this.compacting;
    await this.indexing;
    const pending = this.pendingIndex;
    if (!pending) return;
    // the keys of every row, as the snapshot holds them: worked out now, in one go (no row changes meanwhile)
    const layout = pending.snapshot.layout();
    this.dropPendingIndex();
    if (!layout) {
      this.log('info', `no index file for ${this.path}: a row changed since the snapshot cannot be read back from it; the next start reads every row`);
      return;
    }
    this.indexing = this.writeIndex(layout, pending.fingerprint);
    await this.indexing;
  }

  /** Write the index file for the snapshot just written (in pieces, beside requests). A failure is logged: the index is a cache. */
  private async writeIndex(layout: SnapshotLayout, fingerprint: { bytes: number; crc32: number }): Promise<void> {
    async function* pieces(): AsyncGenerator<Buffer> {
      for (const piece of indexPieces(layout, fingerprint, COLLECTION_LIST)) {
        yield piece;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    try {
      await this.io.replaceFile(this.indexPath, pieces(), this.fsync);
    } catch (err) {
      // a stale index is never used (its fingerprint does not match), so leaving it costs only a slower start
      this.log('warn', `could not write the index file ${this.indexPath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the next start reads every row`);
    }
  }

  /** Journal bytes not yet folded into the snapshot. */
  journalBytes(): number {
    return this.length;
  }

  /** Wait for a compaction in progress (and the index file of a scanned snapshot). */
  async idle(): Promise<void> {
    await this.compacting;
    await this.indexing;
  }

  /** Make the next write() compact even if nothing changed. */
  requestCompaction(): void {
    this.compactRequested = true;
  }

  /** Start over with `data` as the snapshot and an empty journal (start-up with --reset, a new file). */
  async rewrite(data: DbShape): Promise<void> {
    const text = this.source ? this.source.serialize() : JSON.stringify(data);
    this.dropPendingIndex();
    await this.indexing;
    // an index of the file replaced would not match it anyway; without it the next start says plainly why it scans
    await unlink(this.indexPath).catch(() => undefined);
    await this.io.replaceFile(this.path, text, this.fsync);
    this.snapshotBytes = Buffer.byteLength(text);
    await this.serial(async () => {
      const handle = this.handle ?? (this.handle = await this.io.open(this.journalPath));
      this.dropBlock();
      await this.io.truncate(handle, 0);
      this.length = 0;
      this.journalBase = 0;
      this.journalGeneration++;
    });
  }

  async close(): Promise<void> {
    await this.writePendingIndex();
    await this.indexing;
    await this.serial(async () => {
      this.dropBlock();
      await this.handle?.close();
      this.handle = undefined;
      await this.snapshotHandle?.close();
      this.snapshotHandle = undefined;
      await this.previousSnapshot?.handle.close();
      this.previousSnapshot = undefined;
    });
  }
}

/**
 * The layout of a snapshot as the start-up scan found it, for its index file:
 * undefined unless the file is of this version, holds no collection that is
 * not an object, and every row is held as its place in it (a row spread over
 * lines, as in a file indented by hand, is not).
 */
function scannedLayout(fields: unknown, rows: LoadedRows): SnapshotLayout | undefined {
  if (typeof fields !== 'object' || fields === null || (fields as { version?: unknown }).version !== SCHEMA_VERSION) return undefined;
  if (COLLECTION_LIST.some((c) => Object.hasOwn(fields, c))) return undefined;
  const layout: SnapshotLayout = { fields: JSON.stringify(fields), collections: [] };
  for (const name of COLLECTION_LIST) {
    const placed: SnapshotLayout['collections'][number] = { name, ids: [], offsets: [], lengths: [], keys: [] };
    const col = rows.get(name);
    if (col) {
      for (const [id, raw] of col.rows) {
        if (typeof raw !== 'number' || fileOf(raw) !== SNAPSHOT) return undefined;
        placed.ids.push(id);
        placed.offsets.push(offsetOf(raw));
        placed.lengths.push(lengthOf(raw));
        placed.keys.push(col.keys.get(id) ?? NO_KEYS);
      }
    }
    layout.collections.push(placed);
  }
  return layout;
}
