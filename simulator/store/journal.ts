/**
 * @module store/journal
 * The journal's line format, and replaying lines onto a snapshot.
 *
 * One line per group commit, JSON, ending in "\n":
 *
 *   {"v":1,"seq":42,"put":{"identities":{"<id>":{…row…}}},"del":{"jobs":["<id>"]},"set":{"clock":{…}},"unset":["rules"]}
 *
 * `put` holds each changed row whole, `del` the ids removed, `set`/`unset` the
 * settings changed, `seq` the sequence counter after the commit. A line with
 * `"reset":true` replaces everything before it (it lists every row). Replaying
 * a line is idempotent, so replaying lines the snapshot already holds is
 * harmless (compaction relies on that).
 */
import { defaultData, type DbShape } from './shape.js';
import type { CollectionName } from './shape.js';
import type { LoadedRows, StoreChanges } from './store.js';

export const JOURNAL_FORMAT = 1;

/** One journal line (with its "\n") for a set of changes. */
export function encodeLine(changes: StoreChanges): string {
  return encodeLineBytes(changes).bytes.toString();
}

/** A row put by a journal line, and where its JSON text is in the line's bytes. */
export interface LineRow {
  collection: CollectionName;
  id: string;
  text: string;
  at: number;
  length: number;
}

/** lines up to this many characters are encoded into the buffer `bufferOf` gives (larger ones get their own) */
const BUFFERED_CHARS = 4 * 1024 * 1024;

/**
 * One journal line (with its "\n") as bytes, and where each row put is in
 * them. `bufferOf(bytes)` may hand a buffer of at least `bytes` bytes to
 * encode into (a buffer kept for the next line, so an append allocates
 * nothing): the bytes are then a view of it, valid until it is reused.
 */
export function encodeLineBytes(changes: StoreChanges, bufferOf?: (bytes: number) => Buffer): { bytes: Buffer; rows: LineRow[] } {
  // the line is built as segments; each row's text is a segment of its own
  const segments: string[] = [`{"v":${JOURNAL_FORMAT},"seq":${changes.seq}`];
  if (changes.full) segments.push(',"reset":true');
  const rowSegments: Array<{ collection: CollectionName; id: string; segment: number }> = [];
  if (changes.put.length) {
    segments.push(',"put":{');
    changes.put.forEach(([c, ids, texts], n) => {
      segments.push(`${n ? ',' : ''}${JSON.stringify(c)}:{`);
      for (let i = 0; i < ids.length; i++) {
        segments.push(`${i ? ',' : ''}${JSON.stringify(ids[i])}:`);
        rowSegments.push({ collection: c, id: ids[i], segment: segments.length });
        segments.push(texts[i]);
      }
      segments.push('}');
    });
    segments.push('}');
  }
  const parts: string[] = [];
  if (changes.del.length) parts.push(`"del":{${changes.del.map(([c, ids]) => `${JSON.stringify(c)}:${JSON.stringify(ids)}`).join(',')}}`);
  const set = changes.settings.filter(([, json]) => json !== undefined);
  const unset = changes.settings.filter(([, json]) => json === undefined).map(([key]) => key);
  if (set.length) parts.push(`"set":{${set.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`);
  if (unset.length) parts.push(`"unset":${JSON.stringify(unset)}`);
  segments.push(parts.map((part) => `,${part}`).join(''), '}\n');
  const line = segments.join('');
  let bytes: Buffer;
  if (bufferOf && line.length <= BUFFERED_CHARS) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    const buf = bufferOf(line.length * 3);
    bytes = buf.subarray(0, buf.write(line, 0));
  } else bytes = Buffer.from(line);
  // offsets in bytes: the same as in characters when the line is ASCII
  const size = bytes.length === line.length ? (text: string) => text.length : (text: string) => Buffer.byteLength(text);
  const rows: LineRow[] = [];
  let at = 0;
  let next = 0;
  for (const { collection, id, segment } of rowSegments) {
    while (next < segment) at += size(segments[next++]);
    const text = segments[segment];
    rows.push({ collection, id, text, at, length: size(text) });
  }
  return { bytes, rows };
}

interface Line {
  v: number;
  seq: number;
  reset?: boolean;
  put?: Record<string, Record<string, unknown>>;
  del?: Record<string, string[]>;
  set?: Record<string, unknown>;
  unset?: string[];
}

export class JournalCorruptError extends Error {}

/**
 * Split journal text into parsed lines. A last line that is cut short (no
 * "\n") or does not parse is a write a crash interrupted: it was never
 * acknowledged, so it is dropped and reported as `torn`. A bad line anywhere
 * else is corruption and throws.
 */
export function parseJournal(text: string): { lines: Line[]; goodBytes: number; torn?: { bytes: number; line: number } } {
  const lines: Line[] = [];
  let offset = 0;
  let goodBytes = 0;
  let number = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const raw = end < 0 ? text.slice(offset) : text.slice(offset, end);
    const next = end < 0 ? text.length : end + 1;
    number++;
    let parsed: Line | undefined;
    try {
      parsed = end < 0 ? undefined : (JSON.parse(raw) as Line);
    } catch {
      parsed = undefined;
    }
    const valid = parsed !== undefined && typeof parsed === 'object' && parsed !== null && typeof parsed.seq === 'number';
    if (!valid) {
      if (next >= text.length) return { lines, goodBytes, torn: { bytes: Buffer.byteLength(text.slice(offset)), line: number } };
      throw new JournalCorruptError(`line ${number} is not a journal entry`);
    }
    if (parsed!.v !== JOURNAL_FORMAT) throw new JournalCorruptError(`line ${number} has journal format ${String(parsed!.v)}, expected ${JOURNAL_FORMAT}`);
    lines.push(parsed!);
    goodBytes += Buffer.byteLength(raw) + 1;
    offset = next;
  }
  return { lines, goodBytes };
}

/** Apply journal lines, in order, to a document (changed in place unless a reset replaces it). */
export function replay(data: DbShape, lines: Line[]): DbShape {
  let doc = data;
  for (const line of lines) {
    if (line.reset) doc = defaultData();
    const cols = doc as unknown as Record<string, Record<string, unknown>>;
    for (const [c, rows] of Object.entries(line.put ?? {})) {
      const col = (cols[c] ??= {});
      for (const [id, row] of Object.entries(rows)) col[id] = row;
    }
    for (const [c, ids] of Object.entries(line.del ?? {})) {
      const col = cols[c];
      if (col) for (const id of ids) delete col[id];
    }
    // a snapshot written by hand may lack settings: the store adds them in memory only, so a crash
    // before the next compaction leaves lines that set them on top of a snapshot that has none
    const settings = (doc.settings ??= {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(line.set ?? {})) settings[key] = value;
    for (const key of line.unset ?? []) delete settings[key];
    doc.seq = line.seq;
  }
  return doc;
}

/**
 * Apply journal lines, in order, to a document whose rows are loaded
 * (`rows`, by collection; changed in place): a row put is held as its text,
 * and the index keys known for it are dropped (the store parses it for
 * them). The document's other fields (seq, settings) are changed in place; a
 * reset line empties the rows and puts back the default fields. Returns the
 * document.
 */
export function replayTexts(data: DbShape, rows: LoadedRows, lines: Line[]): DbShape {
  let doc = data;
  for (const line of lines) {
    if (line.reset) {
      doc = defaultData();
      rows.clear();
    }
    for (const [c, put] of Object.entries(line.put ?? {})) {
      let col = rows.get(c);
      if (!col) rows.set(c, (col = { rows: new Map(), keys: new Map() }));
      for (const [id, row] of Object.entries(put)) {
        col.rows.set(id, JSON.stringify(row));
        col.keys.delete(id);
      }
    }
    for (const [c, ids] of Object.entries(line.del ?? {})) {
      const col = rows.get(c);
      if (col)
        for (const id of ids) {
          col.rows.delete(id);
          col.keys.delete(id);
        }
    }
    const settings = (doc.settings ??= {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(line.set ?? {})) settings[key] = value;
    for (const key of line.unset ?? []) delete settings[key];
    doc.seq = line.seq;
  }
  return doc;
}
