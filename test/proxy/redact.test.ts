/**
 * proxy/redact: the documented redaction list takes out names, dates of birth,
 * CIP ids, addresses, emails, phones, tokens and secrets, in JSON, forms and
 * headers, and then wherever else those values appear.
 */
import { describe, expect, it } from 'vitest';
import { REDACTED, REDACTED_FIELDS, Redactor } from '../../simulator/proxy/redact.js';

describe('REDACTED_FIELDS', () => {
  it.each(['first_name', 'last_name', 'middle_name', 'name', 'date_of_birth', 'cip_id', 'address1', 'city', 'zip_code', 'email', 'phone_number', 'access_token', 'client_secret'])(
    'lists %s',
    (field) => {
      expect(REDACTED_FIELDS[field]).toBeTruthy();
    },
  );
});

describe('Redactor', () => {
  it('replaces listed fields at any depth, leaving the rest', () => {
    const r = new Redactor();
    const out = r.json({ id: 'x', person_details: { first_name: 'Ada', Last_Name: 'Lovelace', address: { address1: '1 Main', country: 'USA' }, cip_id_type: 'SSN' }, items: [{ email: 'a@b.co' }] });
    expect(out).toEqual({ id: 'x', person_details: { first_name: REDACTED, Last_Name: REDACTED, address: { address1: REDACTED, country: 'USA' }, cip_id_type: 'SSN' }, items: [{ email: REDACTED }] });
  });

  it('redacts forms and credentials in headers, Basic credentials decoded', () => {
    const r = new Redactor();
    expect(r.form('grant_type=client_credentials&client_id=me&client_secret=s3cr3t-value')).toBe(`grant_type=client_credentials&client_id=me&client_secret=${encodeURIComponent(REDACTED)}`);
    const basic = Buffer.from('my-client:basic-secret').toString('base64');
    expect(r.headers({ authorization: `Basic ${basic}`, 'content-type': 'application/json', cookie: 'session=abcd' })).toEqual({
      authorization: `Basic ${REDACTED}`,
      'content-type': 'application/json',
      cookie: REDACTED,
    });
    expect(r.scrub('basic-secret and s3cr3t-value and my-client')).toBe(`${REDACTED} and ${REDACTED} and ${REDACTED}`);
  });

  it('scrubs every remembered value wherever it appears, also JSON-escaped and URL-encoded', () => {
    const r = new Redactor();
    r.json({ last_name: 'O"Brien', email: 'x+y@example.com', cip_id: '123-45-6789' });
    const text = JSON.stringify({ detail: 'identity with cip_id 123-45-6789 exists for O"Brien' }) + ' q=x%2By%40example.com';
    const out = r.scrub(text);
    expect(out).not.toContain('123-45-6789');
    expect(out).not.toContain('Brien');
    expect(out).not.toContain('example.com');
  });

  it('does not hunt for very short values elsewhere (they would hit by chance)', () => {
    const r = new Redactor();
    expect(r.json({ city: 'NY' })).toEqual({ city: REDACTED });
    expect(r.scrub('NYSE')).toBe('NYSE');
  });
});

describe('docs/proxy.md', () => {
  it('lists exactly REDACTED_FIELDS', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/proxy.md', import.meta.url), 'utf8');
    const listed = [...doc.matchAll(/^\| `(\w+)` \| (.+) \|$/gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(Object.keys(REDACTED_FIELDS)));
  });
});
