/**
 * @module store/scan
 * Reads a data file (`db.json`) without building its rows as objects: each
 * row comes out as its JSON text, cut straight from the file's bytes, so a
 * store of 100k rows is loaded without first holding the whole document as
 * objects (several times the file's size in memory).
 *
 * Only the structure is walked (strings are skipped with a native search for
 * the closing quote); the store parses each row once, to index and check it,
 * and keeps the text. Fields outside the collections are parsed normally.
 */

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

function skipSpace(buf: Buffer, pos: number): number {
  while (pos < buf.length && isSpace(buf[pos])) pos++;
  return pos;
}

/** `pos` is at an opening quote: the index just after the closing one. */
function stringEnd(buf: Buffer, pos: number): number {
  let p = pos + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, p);
    if (q < 0) throw new ScanError('unterminated string');
    // an odd run of backslashes before it escapes the quote
    let b = q - 1;
    while (b > pos && buf[b] === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    p = q + 1;
  }
}

/** `pos` is at the start of a JSON value: the index just after it. */
function valueEnd(buf: Buffer, pos: number): number {
  const c = buf[pos];
  if (c === QUOTE) return stringEnd(buf, pos);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    let p = pos;
    while (p < buf.length) {
      const d = buf[p];
      if (d === QUOTE) {
        p = stringEnd(buf, p);
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return p + 1;
      }
      p++;
    }
    throw new ScanError('unterminated object or array');
  }
  let p = pos;
  while (p < buf.length) {
    const d = buf[p];
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    p++;
  }
  if (p === pos) throw new ScanError(`unexpected character at byte ${pos}`);
  return p;
}

function keyAt(buf: Buffer, start: number, end: number): string {
  const raw = buf.toString('utf8', start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(buf.toString('utf8', start, end)) as string) : raw;
}

/**
 * Walk the members of the object starting at `pos` (at its "{"): `fn` gets
 * each key and the byte range of its value. Returns the index after "}".
 */
function members(buf: Buffer, pos: number, fn: (key: string, start: number, end: number) => void): number {
  if (buf[pos] !== OPEN_BRACE) throw new ScanError(`expected an object at byte ${pos}`);
  let p = skipSpace(buf, pos + 1);
  if (buf[p] === CLOSE_BRACE) return p + 1;
  for (;;) {
    if (buf[p] !== QUOTE) throw new ScanError(`expected a key at byte ${p}`);
    const keyEnd = stringEnd(buf, p);
    const key = keyAt(buf, p, keyEnd);
    p = skipSpace(buf, keyEnd);
    if (buf[p] !== COLON) throw new ScanError(`expected ":" at byte ${p}`);
    const start = skipSpace(buf, p + 1);
    const end = valueEnd(buf, start);
    fn(key, start, end);
    p = skipSpace(buf, end);
    if (buf[p] === COMMA) {
      p = skipSpace(buf, p + 1);
      continue;
    }
    if (buf[p] === CLOSE_BRACE) return p + 1;
    throw new ScanError(`expected "," or "}" at byte ${p}`);
  }
}

/** What a scanned document holds: collections as row texts, everything else parsed. */
export interface ScannedDocument {
  /** fields other than the collections (version, seq, settings, ...), parsed; a collection that is not an object is here too */
  fields: Record<string, unknown>;
  /** each collection's rows as JSON text, in file order */
  rows: Map<string, Map<string, string>>;
}

/**
 * Scan a whole JSON document. Members named in `collections` whose value is
 * an object come out as row texts; any other member is parsed. Throws
 * ScanError (or a SyntaxError from a parsed field) if the text is not JSON.
 */
export function scanDocument(buf: Buffer, collections: ReadonlySet<string>): ScannedDocument {
  const fields: Record<string, unknown> = {};
  const rows = new Map<string, Map<string, string>>();
  const start = skipSpace(buf, 0);
  if (buf[start] !== OPEN_BRACE) {
    // not an object at all (null, an array, ...): the caller's shape check says so
    fields['\u0000document'] = JSON.parse(buf.toString('utf8'));
    return { fields, rows };
  }
  // a file written by hand (or by lowdb's own JSONFile) may be indented: its rows are made compact
  const newline = buf.indexOf(0x0a);
  const indented = newline >= 0 && newline < buf.length - 1;
  const end = members(buf, start, (key, s, e) => {
    if (collections.has(key) && buf[s] === OPEN_BRACE) {
      const texts = new Map<string, string>();
      members(buf, s, (id, rs, re) => {
        const text = buf.toString('utf8', rs, re);
        texts.set(id, indented ? JSON.stringify(JSON.parse(text)) : text);
      });
      rows.set(key, texts);
    } else fields[key] = JSON.parse(buf.toString('utf8', s, e));
  });
  if (skipSpace(buf, end) !== buf.length) throw new ScanError(`unexpected text after the document at byte ${end}`);
  return { fields, rows };
}
