/**
 * The data file scanner (store/scan.ts): rows come out as their JSON text, and
 * the result is the same whatever the read window, so rows, keys and strings
 * cut across window edges are put back together.
 */
import { describe, expect, it } from 'vitest';
import { scanDocument, ScanError } from '../../../simulator/store/scan.js';

const COLLECTIONS = new Set(['identities', 'jobs']);

/** A reader over `text` handing out at most `chunk` bytes per call. */
function reader(text: string, chunk = Infinity) {
  const bytes = Buffer.from(text);
  let at = 0;
  return async (buf: Buffer, offset: number, length: number) => {
    const n = Math.min(length, chunk, bytes.length - at);
    bytes.copy(buf, offset, at, at + n);
    at += n;
    return n;
  };
}

/** Rows parsed back, to compare with JSON.parse of the whole text. */
async function scanned(text: string, windowBytes: number, chunk?: number) {
  const doc = await scanDocument(reader(text, chunk), COLLECTIONS, windowBytes);
  const out: Record<string, unknown> = { ...doc.fields };
  for (const [c, rows] of doc.rows) out[c] = Object.fromEntries([...rows].map(([id, t]) => [id, JSON.parse(t)]));
  return { out, doc };
}

const doc = {
  version: 1,
  seq: 42,
  identities: {
    a: { id: 'a', name: 'quote " and backslash \\ and brace } in a string', n: [1, 2, { x: null }], ok: true },
    'we"ird\\key': { id: 'b', nested: { deep: [[], {}, ['}', ']', '{']] }, unicode: 'Zoë 東京' },
  },
  jobs: {},
  settings: { clock: { frozen: false, offsetMs: -5, frozenAtMs: 0 } },
};

describe('scanDocument', () => {
  for (const windowBytes of [8, 16, 64, 1 << 20]) {
    it(`gives each row's text and the other fields, with a ${windowBytes}-byte window`, async () => {
      for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), ` \n${JSON.stringify(doc)}\n`]) {
        const { out, doc: d } = await scanned(text, windowBytes, 5);
        expect(out).toEqual(doc);
        expect(d.bytes).toBe(Buffer.byteLength(text));
        // rows are kept compact, even from an indented file
        for (const rows of d.rows.values()) for (const t of rows.values()) expect(t).toBe(JSON.stringify(JSON.parse(t)));
      }
    });
  }

  it('cuts each row exactly as written, from windows of plain ASCII and from windows with other characters', async () => {
    // 300 rows of ~60 bytes through a 1 KiB window: rows cut across refills; one row
    // in the middle holds non-ASCII text, so some windows are cut row by row as UTF-8
    const identities: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) identities[`id-${i}`] = { id: `id-${i}`, name: i === 150 ? 'Zoë 東京 😀' : `person ${i}`, n: i, tags: ['a', { b: i % 3 === 0 }] };
    const text = JSON.stringify({ version: 1, identities, jobs: {} });
    const d = await scanDocument(reader(text, 700), COLLECTIONS, 1024);
    const rows = d.rows.get('identities')!;
    expect([...rows.keys()]).toEqual(Object.keys(identities));
    for (const [id, row] of Object.entries(identities)) expect(rows.get(id), id).toBe(JSON.stringify(row));
  });

  it('keeps a collection that is not an object as a field, and a document that is not an object aside', async () => {
    expect((await scanned('{"version":1,"identities":null}', 8)).out).toEqual({ version: 1, identities: null });
    expect((await scanDocument(reader('[1,2]'), COLLECTIONS, 8)).other).toEqual({ value: [1, 2] });
    expect((await scanDocument(reader('null'), COLLECTIONS, 8)).other).toEqual({ value: null });
    expect((await scanned('{}', 8)).out).toEqual({});
  });

  for (const [name, text] of [
    ['cut short', '{"version": 1, '],
    ['cut inside a row', '{"identities":{"a":{"id":"a"'],
    ['text after the document', '{"version":1} x'],
    ['a missing comma', '{"version":1 "seq":2}'],
    ['a trailing comma', '{"identities":{"a":{},}}'],
  ]) {
    it(`refuses a document ${name}`, async () => {
      await expect(scanDocument(reader(text), COLLECTIONS, 8)).rejects.toBeInstanceOf(ScanError);
    });
  }
});
