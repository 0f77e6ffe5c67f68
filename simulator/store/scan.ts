/**
 * @module store/scan
 * Reads a data file (`db.json`) without building its rows as objects: each
 * row comes out as its JSON text, cut straight from the file's bytes, so a
 * store of 100k rows is loaded without first holding the whole document as
 * objects (several times the file's size in memory).
 *
 * Only the structure is walked (strings are skipped byte by byte up to their
 * closing quote); each row is handed with its byte offset and length to
 * `onRow` (the file store parses it once, to check and key it, and keeps its
 * place), or collected as text. Fields outside the collections are parsed normally.
 */

import { isAscii } from 'node:buffer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

export class ScanError extends Error {}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** What a scanned document holds: collections as row texts, everything else parsed. */
export interface ScannedDocument {
  /** fields other than the collections (version, seq, settings, ...), parsed; a collection that is not an object is here too */
  fields: Record<string, unknown>;
  /** each collection's rows as JSON text, in file order */
  rows: Map<string, Map<string, string>>;
  /** the document is not a JSON object: its parsed value (the caller's shape check names it) */
  other?: { value: unknown };
  bytes: number;
}

/**
 * Handed each row as it is scanned, instead of collecting the rows: its
 * compact JSON text, and where that text is in the file (byte offset and
 * length), or offset -1 when the file holds it spread over lines (the text
 * handed over is then made compact).
 */
export type OnRow = (collection: string, id: string, text: string, offset: number, length: number) => void;

/** Reads the next bytes of a file into `buf` at `offset`; 0 at the end. */
export type ReadMore = (buf: Buffer, offset: number, length: number) => Promise<number>;

const NEED_MORE = -1;

/**
 * A window on the file: the document is scanned a member (or row) at a time,
 * and when one runs past the bytes read so far, the window is refilled from
 * its start and the member scanned again. Peak memory is the window (grown
 * only for a row larger than it), not the file.
 */
class Window {
  buf: Buffer;
  len = 0;
  eof = false;
  total = 0;
  /** the first "\n" at or after `newlineFrom` (len: none in the window) */
  private newline = -1;
  private newlineFrom = 0;
  constructor(
    private readonly readMore: ReadMore,
    size: number,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }
  /** Keep bytes from `from` on (moved to the start), read more; returns false at the end of the file. */
  async refill(from: number): Promise<boolean> {
    if (this.eof) return false;
    if (from === 0 && this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    } else {
      this.buf.copy(this.buf, 0, from, this.len);
      this.len -= from;
    }
    const n = await this.readMore(this.buf, this.len, this.buf.length - this.len);
    if (n === 0) this.eof = true;
    this.len += n;
    this.total += n;
    this.newline = -1;
    this.text = undefined;
    return n > 0;
  }
  /**
   * The window's bytes as one string, when they are all ASCII (false if not),
   * made when a row is first cut from them after a refill.
   */
  private text: string | false | undefined;
  /**
   * The text of bytes `start`..`end` of the window. An ASCII window becomes one
   * string and each row a slice of it: a row costs a small reference instead of
   * a string of its own, and the window's string is allocated once, among the
   * large objects, so the garbage collector never copies the rows' text (it
   * copied every row twice, most of a 100k store's start-up). The window's
   * string lives as long as any row cut from it.
   */
  slice(start: number, end: number): string {
    if (this.text === undefined) this.text = isAscii(this.buf.subarray(0, this.len)) ? this.buf.toString('latin1', 0, this.len) : false;
    const text = this.text;
    return text === false ? this.buf.toString('utf8', start, end) : text.slice(start, end);
  }
  hasNewline(start: number, end: number): boolean {
    if (this.newline < start || this.newlineFrom > start) {
      const at = this.buf.indexOf(0x0a, start);
      this.newline = at < 0 || at >= this.len ? this.len : at;
      this.newlineFrom = start;
    }
    return this.newline < end;
  }
  skipSpace(p: number): number {
    while (p < this.len && isSpace(this.buf[p])) p++;
    return p;
  }
  /** index after the string starting at `p`, or NEED_MORE */
  stringEnd(p: number): number {
    const { buf, len } = this;
    p++;
    while (p < len) {
      const c = buf[p];
      if (c === QUOTE) return p + 1;
      p += c === BACKSLASH ? 2 : 1;
    }
    return NEED_MORE;
  }
  /** index after the value starting at `p`, or NEED_MORE */
  valueEnd(p: number): number {
    const { buf, len } = this;
    const c = buf[p];
    if (c === QUOTE) return this.stringEnd(p);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      while (p < len) {
        const d = buf[p];
        if (d === QUOTE) {
          p = this.stringEnd(p);
          if (p === NEED_MORE) return NEED_MORE;
          continue;
        }
        if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) return p + 1;
        }
        p++;
      }
      return NEED_MORE;
    }
    const start = p;
    while (p < len) {
      const d = buf[p];
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
      p++;
    }
    if (p === len && !this.eof) return NEED_MORE;
    if (p === start) throw new ScanError(`unexpected character at byte ${this.total - this.len + p}`);
    return p;
  }
  /** `"key" :` at `p`: the key and where its value starts, or undefined (need more) */
  key(p: number): { key: string; value: number } | undefined {
    const { buf } = this;
    if (p >= this.len) return undefined;
    if (buf[p] !== QUOTE) throw new ScanError(`expected a key at byte ${this.total - this.len + p}`);
    const end = this.stringEnd(p);
    if (end === NEED_MORE) return undefined;
    const colon = this.skipSpace(end);
    if (colon >= this.len) return undefined;
    if (buf[colon] !== COLON) throw new ScanError(`expected ":" at byte ${this.total - this.len + colon}`);
    const value = this.skipSpace(colon + 1);
    if (value >= this.len) return undefined;
    const raw = buf.toString('utf8', p + 1, end - 1);
    return { key: raw.includes('\\') ? (JSON.parse(buf.toString('utf8', p, end)) as string) : raw, value };
  }
}

/**
 * Scan a whole JSON document, read through `readMore`. Members named in
 * `collections` whose value is an object come out as row texts (made compact
 * if the file is indented); any other member is parsed. Throws ScanError (or
 * a SyntaxError from a parsed field) if the text is not JSON.
 */
export async function scanDocument(readMore: ReadMore, collections: ReadonlySet<string>, windowBytes = 8 * 1024 * 1024, onRow?: OnRow): Promise<ScannedDocument> {
  const w = new Window(readMore, windowBytes);
  const fields: Record<string, unknown> = {};
  const rows = new Map<string, Map<string, string>>();
  const truncated = () => new ScanError('the data ends in the middle of the document');
  await w.refill(0);
  let p = w.skipSpace(0);
  while (p >= w.len && (await w.refill(p))) p = w.skipSpace(0);
  if (w.buf[p] !== OPEN_BRACE || p >= w.len) {
    // not an object (null, an array, ...): read it whole for the shape check's message
    while (await w.refill(0));
    return { fields, rows, other: { value: JSON.parse(w.buf.toString('utf8', 0, w.len)) }, bytes: w.total };
  }
  p++;
  /** after a member: "," or the closing "}" (returns the index after it, or NEED_MORE) */
  const after = (q: number): { next: number; closed: boolean } | undefined => {
    q = w.skipSpace(q);
    if (q >= w.len) return undefined;
    if (w.buf[q] === COMMA) return { next: q + 1, closed: false };
    if (w.buf[q] === CLOSE_BRACE) return { next: q + 1, closed: true };
    throw new ScanError(`expected "," or "}" at byte ${w.total - w.len + q}`);
  };
  // an empty object: {}
  {
    let q = w.skipSpace(p);
    while (q >= w.len && (await w.refill(p))) q = w.skipSpace((p = 0));
    if (w.buf[q] === CLOSE_BRACE) return finish(q + 1);
  }
  for (;;) {
    p = w.skipSpace(p);
    const k = w.key(p);
    if (!k) {
      if (!(await w.refill(p))) throw truncated();
      p = 0;
      continue;
    }
    if (collections.has(k.key) && w.buf[k.value] === OPEN_BRACE) {
      const texts = new Map<string, string>();
      if (!onRow) rows.set(k.key, texts);
      p = k.value + 1;
      // rows, one at a time
      let first = true;
      for (;;) {
        let q = w.skipSpace(p);
        if (q >= w.len) {
          if (!(await w.refill(p))) throw truncated();
          p = 0;
          continue;
        }
        if (first && w.buf[q] === CLOSE_BRACE) {
          p = q + 1;
          break;
        }
        const r = w.key(q);
        const end = r ? w.valueEnd(r.value) : NEED_MORE;
        const tail = end === NEED_MORE ? undefined : after(end);
        if (!r || !tail) {
          if (!(await w.refill(p))) throw truncated();
          p = 0;
          continue;
        }
        const spread = w.hasNewline(r.value, end);
        const text = spread ? JSON.stringify(JSON.parse(w.buf.toString('utf8', r.value, end))) : w.slice(r.value, end);
        if (onRow) onRow(k.key, r.key, text, spread ? -1 : w.total - w.len + r.value, end - r.value);
        else texts.set(r.key, text);
        first = false;
        p = tail.next;
        q = p;
        if (tail.closed) break;
      }
    } else {
      const end = w.valueEnd(k.value);
      if (end === NEED_MORE) {
        if (!(await w.refill(p))) throw truncated();
        p = 0;
        continue;
      }
      fields[k.key] = JSON.parse(w.buf.toString('utf8', k.value, end));
      p = end;
    }
    // "," or "}" after the member
    let tail = after(p);
    while (!tail) {
      if (!(await w.refill(p))) throw truncated();
      p = 0;
      tail = after(p);
    }
    p = tail.next;
    if (tail.closed) return finish(p);
  }

  async function finish(q: number): Promise<ScannedDocument> {
    for (;;) {
      q = w.skipSpace(q);
      if (q < w.len) throw new ScanError(`unexpected text after the document at byte ${w.total - w.len + q}`);
      if (!(await w.refill(q))) break;
      q = 0;
    }
    return { fields, rows, bytes: w.total };
  }
}
