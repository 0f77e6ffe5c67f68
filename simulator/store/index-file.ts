/**
 * @module store/index-file
 * The index file beside a data file (`db.json.index`): a cache that lets
 * start-up skip reading every row. Written after each compaction (and so on
 * a clean stop), it holds for each collection the ids, where each row's text
 * is in `db.json` (byte offset and length) and each row's index keys
 * (keys.ts), the document's other fields, and a fingerprint of the `db.json`
 * it describes (its size and the CRC-32 of its bytes).
 *
 * Start-up uses it only if it parses, is of this format, was written with the
 * same index definitions and its fingerprint matches `db.json` byte for byte;
 * otherwise (missing, corrupt, older, `db.json` edited or replaced) the data
 * file is scanned as without it, and the reason is logged. It is never needed:
 * deleting it costs one slower start.
 *
 * It is JSON lines, read through a small window, so start-up parses a block
 * of rows at a time (never the whole file as one string):
 *
 *   {"format":1,"keys":"<keysSignature>","snapshot":{"bytes":N,"crc32":C},
 *    "fields":{"version":1,"seq":…,"settings":{…}},"collections":[{"name":"identities","count":n},…]}
 *   then for each collection, in that order, its rows in blocks of up to
 *   10,000, each block one line per column: the ids, the rows' byte offsets,
 *   their byte lengths, and one key column per index (keys.ts keyDefs order;
 *   keys as filed).
 *
 * A key column is an array (a key or null per row) or, when few keys repeat
 * often, `{"dict":[keys…],"refs":[index or -1 per row]}`.
 */
import { crc32 } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { KeyColumns, keyDefs, keysSignature, offsetIn } from './keys.js';
import { locate, SNAPSHOT } from './located.js';
import { IDENTITY_ID_KEYS, type CollectionName } from './shape.js';
import type { LoadedRows, RawRow, SnapshotLayout } from './store.js';

export const INDEX_FORMAT = 1;

/** The fingerprint of a snapshot: its size and CRC-32. */
export interface Fingerprint {
  bytes: number;
  crc32: number;
}

/** rows per block (a line per column; the writer yields to the event loop between lines) */
const BLOCK = 10_000;

/** The index file's text in chunks, for a snapshot written from `layout` with fingerprint `fingerprint`. */
export function* indexPieces(layout: SnapshotLayout, fingerprint: Fingerprint, collections: readonly string[]): Generator<Buffer> {
  const toc = layout.collections.map((c) => ({ name: c.name, count: c.ids.length }));
  yield Buffer.from(
    `{"format":${INDEX_FORMAT},"keys":${JSON.stringify(keysSignature(collections))},"snapshot":${JSON.stringify(fingerprint)},"fields":${layout.fields},"collections":${JSON.stringify(toc)}}\n`,
  );
  const width = (name: string) => keyDefs(name).length;
  for (const c of layout.collections) {
    for (let from = 0; from < c.ids.length; from += BLOCK) {
      const to = Math.min(from + BLOCK, c.ids.length);
      yield Buffer.from(`${JSON.stringify(c.ids.slice(from, to))}\n`);
      yield Buffer.from(`${JSON.stringify(c.offsets.slice(from, to))}\n${JSON.stringify(c.lengths.slice(from, to))}\n`);
      for (let k = 0; k < width(c.name); k++) yield Buffer.from(`${keyColumn(c.keys.slice(from, to).map((keys) => keys[k]))}\n`);
    }
  }
}

/** A key column as JSON: an array, or a dictionary and references when few keys repeat often. */
function keyColumn(keys: Array<string | undefined>): string {
  const dict = new Map<string, number>();
  for (const key of keys) {
    if (key !== undefined && !dict.has(key)) {
      dict.set(key, dict.size);
      if (dict.size * 2 > keys.length) break;
    }
  }
  if (dict.size * 2 > keys.length) return JSON.stringify(keys.map((key) => key ?? null));
  return `{"dict":${JSON.stringify([...dict.keys()])},"refs":${JSON.stringify(keys.map((key) => (key === undefined ? -1 : dict.get(key)!)))}}`;
}

/** The CRC-32 of a whole file, read through `handle` in 8 MiB reads. */
export async function fileCrc(handle: FileHandle, bytes: number): Promise<number> {
  const buf = Buffer.allocUnsafe(Math.min(8 * 1024 * 1024, Math.max(bytes, 1)));
  let crc = 0;
  let at = 0;
  while (at < bytes) {
    const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, bytes - at), at);
    if (bytesRead === 0) break;
    crc = crc32(buf.subarray(0, bytesRead), crc);
    at += bytesRead;
  }
  return crc;
}

export class IndexUnusable extends Error {}

/**
 * The rows of a snapshot from its index file's bytes: each row as its
 * location (or its text, read with `readText`, if it is too long to locate),
 * with its index keys, and the document's other fields. Throws IndexUnusable
 * (saying why) if the index is corrupt, of another format or does not
 * describe `snapshot`.
 */
export async function readIndex(
  file: FileHandle,
  snapshot: { bytes: number; crc: () => Promise<number> },
  collections: readonly string[],
  readText: (offset: number, length: number) => Promise<string>,
): Promise<{ fields: Record<string, unknown>; rows: LoadedRows }> {
  const lines = new LineReader(file);
  let lineNumber = 0;
  /** the next line, parsed */
  const next = async (): Promise<unknown> => {
    lineNumber++;
    const text = await lines.next();
    if (text === undefined) throw new IndexUnusable(`it ends before line ${lineNumber} (cut short)`);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new IndexUnusable(`line ${lineNumber} is not JSON (${(err as Error).message})`);
    }
  };
  const index = (await next()) as {
    format?: unknown;
    keys?: unknown;
    snapshot?: { bytes?: unknown; crc32?: unknown };
    fields?: unknown;
    collections?: unknown;
  } | null;
  if (typeof index !== 'object' || index === null) throw new IndexUnusable('it does not start with a JSON object');
  if (index.format !== INDEX_FORMAT) throw new IndexUnusable(`it has format ${JSON.stringify(index.format)}, this version writes ${INDEX_FORMAT}`);
  if (index.keys !== keysSignature(collections)) throw new IndexUnusable('it was written with other index definitions (another version of the simulator)');
  if (index.snapshot?.bytes !== snapshot.bytes) throw new IndexUnusable(`it describes a data file of ${String(index.snapshot?.bytes)} bytes, the data file has ${snapshot.bytes} (edited, replaced or cut short)`);
  const crc = await snapshot.crc();
  if (index.snapshot.crc32 !== crc) throw new IndexUnusable('the data file is not the one it describes (its CRC-32 differs: edited or replaced)');
  if (typeof index.fields !== 'object' || index.fields === null || Array.isArray(index.fields)) throw new IndexUnusable('its fields are not an object');
  if (!Array.isArray(index.collections)) throw new IndexUnusable('its collections are not a list');
  const rows: LoadedRows = new Map();
  /** each identity's id, once the identities are read (dropped at the end) */
  let identityIds: SortedIds | undefined;
  for (const c of index.collections as Array<{ name?: unknown; count?: unknown } | null>) {
    const name = c?.name;
    const count = c?.count;
    if (typeof name !== 'string' || !collections.includes(name) || rows.has(name)) throw new IndexUnusable(`it names an unknown collection ${JSON.stringify(name)}`);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new IndexUnusable(`${name}: no row count`);
    const width = keyDefs(name).length;
    // the key columns holding identity ids (shape.ts IDENTITY_ID_KEYS): filed as the identity's id string, not a copy
    const idKeys = new Set(keyDefs(name).flatMap((def, k) => ((IDENTITY_ID_KEYS[name as CollectionName] ?? []).includes(def.name) ? [k] : [])));
    // the keys as columns (keys.ts KeyColumns), each sized once: no array per row; a column whose
    // rows all have the same key, or none, is held as that key (or null) until a row differs
    const ids = new Array<string>(count);
    const keyColumns: Array<Array<string | undefined> | string | null> = new Array(width).fill(null);
    const unset = new Array<boolean>(width).fill(true);
    const setKey = (k: number, row: number, key: string | undefined) => {
      const column = keyColumns[k];
      if (unset[k]) {
        unset[k] = false;
        keyColumns[k] = key ?? null;
      } else if (Array.isArray(column)) column[row] = key;
      else if (key !== (column ?? undefined)) {
        // the first row that differs: every row before it had `column`
        const keys = (keyColumns[k] = new Array<string | undefined>(count));
        keys.fill(column ?? undefined, 0, row);
        keys[row] = key;
      }
    };
    const loaded = { rows: new Map<string, RawRow>(), keys: new KeyColumns(ids, keyColumns) };
    rows.set(name, loaded);
    for (let from = 0; from < count; from += BLOCK) {
      const size = Math.min(BLOCK, count - from);
      const blockIds = await next();
      const offsets = await next();
      const lengths = await next();
      if (!Array.isArray(blockIds) || !Array.isArray(offsets) || !Array.isArray(lengths) || blockIds.length !== size || offsets.length !== size || lengths.length !== size) {
        throw new IndexUnusable(`${name}: ids, offsets and lengths are not lists of ${size} at row ${from}`);
      }
      const columns: Array<(i: number) => string | undefined> = [];
      for (let k = 0; k < width; k++) {
        const column = keyColumnValues(await next(), size, name);
        columns.push(identityIds && idKeys.has(k) ? (i) => { const key = column(i); return key === undefined ? key : identityIds!.intern(key); } : column);
      }
      for (let i = 0; i < size; i++) {
        const id = blockIds[i] as unknown;
        const offset = offsets[i] as unknown;
        const length = lengths[i] as unknown;
        if (typeof id !== 'string' || typeof offset !== 'number' || typeof length !== 'number' || offset < 0 || length <= 0 || offset + length > snapshot.bytes) {
          throw new IndexUnusable(`${name}: row ${from + i} is not an id with a place in the data file`);
        }
        if (loaded.rows.has(id)) throw new IndexUnusable(`${name}: row ${from + i} repeats the id ${JSON.stringify(id)}`);
        loaded.rows.set(id, locate(SNAPSHOT, offset, length) ?? (await readText(offset, length)));
        ids[from + i] = id;
        for (let k = 0; k < width; k++) setKey(k, from + i, columns[k](i));
      }
    }
    // (identities come first in a data file: the collections after them take their id strings)
    if (name === 'identities') identityIds = new SortedIds(ids);
  }
  identityIds = undefined;
  if ((await lines.next()) !== undefined) throw new IndexUnusable('it holds more lines than its collections');
  return { fields: index.fields as Record<string, unknown>, rows };
}

/**
 * Ids, sorted once, to find the stored string equal to a key (an array of
 * pointers and a binary search: a Map of 100k ids to themselves, made for
 * start-up only, raised the heap V8 kept after it by more than it saved).
 */
class SortedIds {
  private readonly sorted: string[];
  constructor(ids: string[]) {
    this.sorted = ids.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  /** the id equal to `key`, or `key` itself if there is none */
  intern(key: string): string {
    const { sorted } = this;
    const at = offsetIn(sorted, key);
    return sorted[at] === key ? sorted[at] : key;
  }
}

/** A key column (see the module's header) as a function of the row number. */
function keyColumnValues(col: unknown, count: number, name: string): (i: number) => string | undefined {
  const bad = () => new IndexUnusable(`${name}: a key column is not ${count} keys`);
  if (Array.isArray(col)) {
    if (col.length !== count) throw bad();
    for (const key of col) if (key !== null && typeof key !== 'string') throw bad();
    return (i) => (col[i] as string | null) ?? undefined;
  }
  const { dict, refs } = (col ?? {}) as { dict?: unknown; refs?: unknown };
  if (!Array.isArray(dict) || !Array.isArray(refs) || refs.length !== count) throw bad();
  for (const key of dict) if (typeof key !== 'string') throw bad();
  for (const ref of refs) if (typeof ref !== 'number' || ref < -1 || ref >= dict.length || !Number.isInteger(ref)) throw bad();
  return (i) => (refs[i] === -1 ? undefined : (dict[refs[i] as number] as string));
}

/** The lines of a file, read 1 MiB at a time (a window that grows for a longer line). */
class LineReader {
  private buf = Buffer.allocUnsafe(1024 * 1024);
  private start = 0;
  private end = 0;
  private position = 0;
  private eof = false;
  constructor(private readonly file: FileHandle) {}
  /** the next line without its "\n", or undefined at the end (a last line without "\n" is not a line) */
  async next(): Promise<string | undefined> {
    let scanned = this.start;
    for (;;) {
      const nl = this.buf.indexOf(0x0a, scanned);
      if (nl >= 0 && nl < this.end) {
        const line = this.buf.toString('utf8', this.start, nl);
        this.start = nl + 1;
        return line;
      }
      if (this.eof) return undefined;
      scanned = this.end - this.start;
      // keep the partial line, at the start; grow when it fills the window
      if (this.start === 0 && this.end === this.buf.length) {
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, 0, this.end);
        this.buf = bigger;
      } else {
        this.buf.copy(this.buf, 0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      }
      const { bytesRead } = await this.file.read(this.buf, this.end, this.buf.length - this.end, this.position);
      if (bytesRead === 0) this.eof = true;
      this.position += bytesRead;
      this.end += bytesRead;
    }
  }
}
