/**
 * A row's index keys (store/keys.ts): keys built by joining pieces (the CIP
 * key, ref_id, ordered keys) come out as the same text as before they were
 * flattened (flat() changes how V8 holds a string, never its value).
 */
import { describe, expect, it } from 'vitest';
import { flat, keyDefs, keysOf } from '../../../simulator/store/keys.js';

describe('index keys of a row', () => {
  it('an identity is filed under its ref_id, CIP, entity, client and created keys, as text joined from its fields', () => {
    const row = {
      id: 'i-1',
      ref_id: 'ref-1',
      created_at: '2026-01-02T03:04:05.678901Z',
      person_details: { cip_id: '123-45-6789', cip_id_type: 'SSN', cip_id_country: 'USA' },
      _sim: { entity_id: 'ent', client_id: 'cli', seq: 42 },
    };
    const defs = keyDefs('identities');
    const keys = Object.fromEntries(defs.map((d, i) => [d.name, keysOf(defs, row, row.id)[i]]));
    expect(keys).toEqual({
      ref_id: 'ent|ref-1',
      cip: 'ent|123-45-6789|SSN|USA',
      unowned: undefined,
      entity: 'ent',
      client: 'cli',
      with_controls: undefined,
      created: 'ent|2026-01-02T03:04:05.678|0000000000000042\u0000i-1',
    });
  });

  it('flat() hands back the same text, short, long, empty and non-ASCII', () => {
    const long = ['a'.repeat(20), 'ß', '名前', String(12345)].join('|');
    for (const text of ['', 'x', 'short|key', long, `${long}${long}`]) expect(flat(text)).toBe(text);
  });
});
