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
 *   {"format":1,"keys":"<keysSignature>","snapshot":{"bytes":N,"crc32":C},
 *    "fields":{"version":1,"seq":…,"settings":{…}},
 *    "collections":[{"name":"identities","ids":[…],"offsets":[…],"lengths":[…],
 *                    "keys":[<column per index>…]}, …]}
 *
 * A key column is an array (a key or null per row) or, when few keys repeat
 * often, `{"dict":[keys…],"refs":[index or -1 per row]}`.
 */
import { crc32 } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { keyDefs, keysSignature, NO_KEYS, type Keys } from './keys.js';
import { locate, SNAPSHOT } from './located.js';
import type { LoadedRows, RawRow, SnapshotLayout } from './store.js';

export const INDEX_FORMAT = 1;

/** The fingerprint of a snapshot: its size and CRC-32. */
export interface Fingerprint {
  bytes: number;
  crc32: number;
}

/** elements per chunk of the index text (the writer yields to the event loop between chunks) */
const CHUNK = 10_000;

/** The index file's text in chunks, for a snapshot written from `layout` with fingerprint `fingerprint`. */
export function* indexPieces(layout: SnapshotLayout, fingerprint: Fingerprint, collections: readonly string[]): Generator<Buffer> {
  yield Buffer.from(
    `{"format":${INDEX_FORMAT},"keys":${JSON.stringify(keysSignature(collections))},"snapshot":${JSON.stringify(fingerprint)},"fields":${layout.fields},"collections":[`,
  );
  for (const [n, c] of layout.collections.entries()) {
    yield Buffer.from(`${n ? ',' : ''}{"name":${JSON.stringify(c.name)},"ids":`);
    yield* column(c.ids);
    yield Buffer.from(',"offsets":');
    yield* column(c.offsets);
    yield Buffer.from(',"lengths":');
    yield* column(c.lengths);
    yield Buffer.from(',"keys":[');
    const width = keyDefs(c.name).length;
    for (let k = 0; k < width; k++) {
      if (k) yield Buffer.from(',');
      yield* keyColumn(c.keys.map((keys) => keys[k]));
    }
    yield Buffer.from(']}');
  }
  yield Buffer.from(']}');
}

function* column(values: ReadonlyArray<string | number | null>): Generator<Buffer> {
  if (!values.length) {
    yield Buffer.from('[]');
    return;
  }
  for (let i = 0; i < values.length; i += CHUNK) {
    const text = JSON.stringify(values.slice(i, i + CHUNK));
    yield Buffer.from(`${i ? ',' : '['}${text.slice(1, -1)}${i + CHUNK >= values.length ? ']' : ''}`);
  }
}

function* keyColumn(keys: Array<string | undefined>): Generator<Buffer> {
  const dict = new Map<string, number>();
  for (const key of keys) {
    if (key !== undefined && !dict.has(key)) {
      dict.set(key, dict.size);
      if (dict.size * 2 > keys.length) break;
    }
  }
  if (dict.size * 2 > keys.length) {
    yield* column(keys.map((key) => key ?? null));
    return;
  }
  yield Buffer.from(`{"dict":${JSON.stringify([...dict.keys()])},"refs":`);
  yield* column(keys.map((key) => (key === undefined ? -1 : dict.get(key)!)));
  yield Buffer.from('}');
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
 * The rows of a snapshot from its index file's text: each row as its location
 * (or its text, read with `readText`, if it is too long to locate), with its
 * index keys, and the document's other fields. Throws IndexUnusable (saying
 * why) if the index is corrupt, of another format or does not describe
 * `snapshot`.
 */
export async function readIndex(
  text: string,
  snapshot: { bytes: number; crc: () => Promise<number> },
  collections: readonly string[],
  readText: (offset: number, length: number) => Promise<string>,
): Promise<{ fields: Record<string, unknown>; rows: LoadedRows }> {
  let index: {
    format?: unknown;
    keys?: unknown;
    snapshot?: { bytes?: unknown; crc32?: unknown };
    fields?: unknown;
    collections?: unknown;
  };
  try {
    index = JSON.parse(text) as typeof index;
  } catch (err) {
    throw new IndexUnusable(`it is not JSON (${(err as Error).message})`);
  }
  if (typeof index !== 'object' || index === null) throw new IndexUnusable('it is not a JSON object');
  if (index.format !== INDEX_FORMAT) throw new IndexUnusable(`it has format ${JSON.stringify(index.format)}, this version writes ${INDEX_FORMAT}`);
  if (index.keys !== keysSignature(collections)) throw new IndexUnusable('it was written with other index definitions (another version of the simulator)');
  if (index.snapshot?.bytes !== snapshot.bytes) throw new IndexUnusable(`it describes a data file of ${String(index.snapshot?.bytes)} bytes, the data file has ${snapshot.bytes} (edited, replaced or cut short)`);
  const crc = await snapshot.crc();
  if (index.snapshot.crc32 !== crc) throw new IndexUnusable('the data file is not the one it describes (its CRC-32 differs: edited or replaced)');
  if (typeof index.fields !== 'object' || index.fields === null || Array.isArray(index.fields)) throw new IndexUnusable('its fields are not an object');
  if (!Array.isArray(index.collections)) throw new IndexUnusable('its collections are not a list');
  const rows: LoadedRows = new Map();
  for (const c of index.collections as Array<Record<string, unknown>>) {
    const name = c?.name;
    if (typeof name !== 'string' || !collections.includes(name) || rows.has(name)) throw new IndexUnusable(`it names an unknown collection ${JSON.stringify(name)}`);
    const { ids, offsets, lengths } = c as { ids: unknown; offsets: unknown; lengths: unknown };
    const count = Array.isArray(ids) ? ids.length : -1;
    if (!Array.isArray(ids) || !Array.isArray(offsets) || !Array.isArray(lengths) || offsets.length !== count || lengths.length !== count) {
      throw new IndexUnusable(`${name}: ids, offsets and lengths are not lists of one length`);
    }
    const width = keyDefs(name).length;
    if (!Array.isArray(c.keys) || c.keys.length !== width) throw new IndexUnusable(`${name}: it does not hold ${width} key columns`);
    const columns = (c.keys as unknown[]).map((col) => keyColumnValues(col, count, name));
    const loaded = { rows: new Map<string, RawRow>(), keys: new Map<string, Keys>() };
    rows.set(name, loaded);
    for (let i = 0; i < count; i++) {
      const id = ids[i] as unknown;
      const offset = offsets[i] as unknown;
      const length = lengths[i] as unknown;
      if (typeof id !== 'string' || typeof offset !== 'number' || typeof length !== 'number' || offset < 0 || length <= 0 || offset + length > snapshot.bytes) {
        throw new IndexUnusable(`${name}: row ${i} is not an id with a place in the data file`);
      }
      loaded.rows.set(id, locate(SNAPSHOT, offset, length) ?? (await readText(offset, length)));
      if (!width) {
        loaded.keys.set(id, NO_KEYS);
        continue;
      }
      const keys = new Array<string | undefined>(width);
      for (let k = 0; k < width; k++) keys[k] = columns[k](i);
      loaded.keys.set(id, keys);
    }
  }
  return { fields: index.fields as Record<string, unknown>, rows };
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
