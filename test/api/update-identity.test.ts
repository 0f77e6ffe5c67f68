/**
 * UpdateIdentity (REFERENCE.md §2.12, §3.6) and SandboxSetIdentityStatus
 * (§4.1): delta merges, tax_details replacement, ref_id changes and conflicts,
 * user and admin disabling.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDRESS, personBody, trustBody } from '../support/bodies.js';
import { createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

async function update(id: string, body: unknown) {
  const res = await sb.api('PUT', `/identity/identities/${id}`, body);
  expect(specError('UpdateIdentity', res)).toBeUndefined();
  return res;
}
async function sandboxStatus(id: string, body: unknown) {
  const res = await sb.api('PUT', `/identity/identities/${id}/sandbox-status`, body);
  expect(specError('SandboxSetIdentityStatus', res)).toBeUndefined();
  return res;
}
async function createPerson(n = 1) {
  return (await sb.api('POST', '/identity/identities', personBody(n))).body.id as string;
}
async function approvedPerson(n = 1) {
  const id = await createPerson(n);
  await sb.sim.advance(sb.config.reviewDelayMs);
  expect((await sb.api('GET', `/identity/identities/${id}`)).body.status).toBe('APPROVED');
  return id;
}

describe('UpdateIdentity: clearing address2', () => {
  it('removes address2 when the delta sends it as an empty string, as Paxos documents', async () => {
    const create = await sb.api('POST', '/identity/identities', personBody(7, 'PASSTHROUGH', { address: { ...ADDRESS, address2: 'Apt 4' } }));
    expect(create.status).toBe(200);
    expect(create.body.person_details.address.address2).toBe('Apt 4');
    const res = await update(create.body.id, { person_details: { address: { address2: '' } } });
    expect(res.status).toBe(200);
    expect(res.body.person_details.address).toEqual(ADDRESS);
    const got = await sb.api('GET', `/identity/identities/${create.body.id}?include_details=true`);
    expect(got.body.person_details.address).not.toHaveProperty('address2');
  });

  it('accepts an empty address2 on create and stores none', async () => {
    const create = await sb.api('POST', '/identity/identities', personBody(8, 'PASSTHROUGH', { address: { ...ADDRESS, address2: '' } }));
    expect(create.status).toBe(200);
    expect(create.body.person_details.address).not.toHaveProperty('address2');
  });

  it('still rejects an address2 that breaks the pattern', async () => {
    const id = await createPerson(9);
    const res = await update(id, { person_details: { address: { address2: 'Apt #4' } } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^person_details\.address\.address2 has an invalid format/);
  });
});

describe('UpdateIdentity: delta merge', () => {
  it('changes only the address fields that are sent', async () => {
    const id = await createPerson();
    const res = await update(id, { person_details: { address: { city: 'Boston', province: 'MA' } } });
    expect(res.status).toBe(200);
    expect(res.body.person_details.address).toEqual({ address1: '1 Main St', city: 'Boston', province: 'MA', country: 'USA', zip_code: '10001' });
    expect(res.body.person_details).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', cip_id: '123-45-0001' });
  });

  it('keeps every other field when one detail changes and moves updated_at', async () => {
    const id = await createPerson();
    await sb.sim.advance(60_000);
    const res = await update(id, { person_details: { first_name: 'Augusta' } });
    expect(res.body.person_details).toMatchObject({ first_name: 'Augusta', last_name: 'Lovelace', date_of_birth: '1990-12-10', id_verification_status: 'APPROVED' });
    expect(res.body.updated_at.startsWith('2026-01-15T10:01:00')).toBe(true);
    expect(res.body.created_at.startsWith('2026-01-15T10:00:00')).toBe(true);
  });

  it('requires a complete address when an institution adds one', async () => {
    const person = await createPerson();
    const trust = (await sb.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]))).body.id;
    const res = await update(trust, { institution_details: { incorporation_address: { city: 'Dover' } } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('3 problems: institution_details.incorporation_address.address1 is required; institution_details.incorporation_address.province is required; institution_details.incorporation_address.country is required');
    expect(res.body.meta.errors.map((e: { field: string }) => e.field)).toEqual(['address1', 'province', 'country'].map((f) => `institution_details.incorporation_address.${f}`));
  });

  it('validates the merged details', async () => {
    const id = await createPerson();
    for (const [delta, detail] of [
      [{ nationality: 'XXX' }, 'person_details.nationality must be an ISO 3166-1 alpha-3 country code, got "XXX"'],
      [{ date_of_birth: '2027-01-01' }, 'person_details.date_of_birth must be in the past'],
      [{ cip_id_type: 'PASSPORT' }, 'person_details.cip_id_type must be SSN or ITIN for a US resident'],
      [{ first_name: 7 }, 'person_details.first_name must be a string'],
    ] as const) {
      const res = await update(id, { person_details: delta });
      expect(res.status, detail).toBe(400);
      expect(res.body.detail).toBe(detail);
    }
    expect((await sb.api('GET', `/identity/identities/${id}?include_details=true`)).body.person_details.nationality).toBe('USA');
  });

  it('ignores unknown fields and an `id` equal to the path id (Paxos\'s published example sends it); a different id is a 400', async () => {
    const id = await createPerson();
    const ok = await update(id, { id, person_details: { shoe_size: 9, metadata: { k: 'v' }, first_name: 'Ann' }, colour: 'red' });
    expect(ok.status).toBe(200);
    expect(ok.body.person_details.first_name).toBe('Ann');
    expect(ok.body.person_details.shoe_size).toBeUndefined();
    expect(ok.body.colour).toBeUndefined();
    const other = await update(id, { id: '3f0c4b1e-0000-4000-8000-000000000000', ref_id: 'x' });
    expect(other.status).toBe(400);
    expect(other.body.meta.errors).toEqual([{ field: 'id', message: expect.stringMatching(/^id in the body .* differs from the identity id in the path/) }]);
  });

  it('rejects unknown fields in strict mode, every one in one answer; an equal `id` still passes', async () => {
    const strict = await createTestSandbox({ config: { validation: 'strict' } });
    try {
      const id = (await strict.api('POST', '/identity/identities', personBody(1))).body.id;
      const res = await strict.api('PUT', `/identity/identities/${id}`, { id, person_details: { shoe_size: 9 }, colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.body.meta.errors).toEqual(expect.arrayContaining([
        { field: 'person_details.shoe_size', message: 'unknown field person_details.shoe_size' },
        { field: 'colour', message: 'unknown field colour' },
      ]));
      expect(res.body.meta.errors).toHaveLength(2);
      expect((await strict.api('PUT', `/identity/identities/${id}`, { id, ref_id: 'strict-ok' })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('merges metadata and customer_due_diligence', async () => {
    const id = (await sb.api('POST', '/identity/identities', { ...personBody(1), metadata: { a: '1', b: '2' } })).body.id;
    const res = await update(id, { metadata: { b: '3', c: '4' }, customer_due_diligence: { employment_status: 'RETIRED' } });
    expect(res.body.metadata).toEqual({ a: '1', b: '3', c: '4' });
    expect(res.body.customer_due_diligence).toMatchObject({ employment_status: 'RETIRED', source_of_wealth: 'EMPLOYMENT_INCOME' });
  });

  it('replaces the whole tax_details list', async () => {
    const id = await createPerson();
    await update(id, { tax_details: [{ tax_payer_id: '1', tax_payer_country: 'USA' }, { tax_payer_id: '2', tax_payer_country: 'GBR' }] });
    const res = await update(id, { tax_details: [{ tax_payer_id: '3', tax_payer_country: 'CAN' }] });
    expect(res.status).toBe(200);
    expect(res.body.tax_details).toEqual([{ tax_payer_id: '3', tax_payer_country: 'CAN' }]);
    const bad = await update(id, { tax_details: [{ tax_payer_country: 'CAN' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('tax_details[0].tax_payer_id is required');
  });

  it('answers 404 for an unknown identity', async () => {
    const res = await update('3f0c4b1e-0000-4000-8000-000000000000', { metadata: { a: 'b' } });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("Identity with id 3f0c4b1e-0000-4000-8000-000000000000 doesn't exist");
  });

  it('answers 400 for person_details on an institution and institution_details on a person', async () => {
    const person = await createPerson();
    const trust = (await sb.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]))).body.id;
    const onTrust = await update(trust, { person_details: { first_name: 'Ada' } });
    expect(onTrust.status).toBe(400);
    expect(onTrust.body.detail).toBe('person_details cannot be set on an institution identity');
    const onPerson = await update(person, { institution_details: { name: 'X' } });
    expect(onPerson.status).toBe(400);
    expect(onPerson.body.detail).toBe('institution_details cannot be set on a person identity');
  });
});

describe('UpdateIdentity: ref_id', () => {
  it('changes the ref_id and refuses one another identity holds', async () => {
    const a = await createPerson(1);
    const b = await createPerson(2);
    const renamed = await update(a, { ref_id: 'renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.ref_id).toBe('renamed');
    expect((await update(a, { ref_id: 'renamed' })).status).toBe(200);
    const clash = await update(b, { ref_id: 'renamed' });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({
      type: 'https://developer.paxos.com/docs/v2/problems/already-exists',
      title: 'Already Exists',
      status: 409,
      detail: 'duplicate ref_id provided',
      meta: { existing: { id: a } },
    });
    expect((await sb.api('GET', `/identity/identities/${b}`)).body.ref_id).toBe('person-2');
  });

  it('refuses a CIP triple another identity holds', async () => {
    const a = await createPerson(1);
    const b = await createPerson(2);
    const clash = await update(b, { person_details: { cip_id: '123-45-0001' } });
    expect(clash.status).toBe(409);
    expect(clash.body.meta).toEqual({ existing: { id: a } });
  });

  it('refuses an empty ref_id', async () => {
    const a = await createPerson(1);
    const res = await update(a, { ref_id: '  ' });
    expect(res.status).toBe(400);
  });
});

describe('UpdateIdentity: set_user_disabled', () => {
  // (merged: this was also played, without the spec check, in test/decisions/sandbox-status.test.ts)
  it('disables an approved identity (identity.disabled) and re-enables it (identity.approved)', async () => {
    const id = await approvedPerson();
    const off = await update(id, { set_user_disabled: true });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ status: 'DISABLED', summary_status: 'DISABLED', user_disabled: true });
    expect(off.body.status_details.active_controls).toEqual([expect.objectContaining({ type: 'SELL_ONLY', set_by: 'SET_BY_CLIENT', is_overridable: true })]);
    const on = await update(id, { set_user_disabled: false });
    expect(on.body).toMatchObject({ status: 'APPROVED', summary_status: 'APPROVED', user_disabled: false });
    expect(on.body.status_details.active_controls).toEqual([]);
    const events = (await sb.api('GET', '/events')).body.events.filter((e: { object: { identity_id: string } }) => e.object.identity_id === id);
    // each control change is announced before the status event; re-enabling does not announce the approval again
    expect(events.map((e: { type: string }) => e.type)).toEqual(['identity.approved', 'identity.control.created', 'identity.disabled', 'identity.control.deleted']);
    const statusEvents = events.filter((e: { type: string }) => !e.type.startsWith('identity.control.'));
    expect(statusEvents.map((e: { type: string; object: { old_summary_status: string; new_summary_status: string } }) => [e.type, e.object.old_summary_status, e.object.new_summary_status])).toEqual([
      ['identity.approved', 'PENDING', 'APPROVED'],
      ['identity.disabled', 'APPROVED', 'DISABLED'],
    ]);
  });

  it('cannot lift an admin disable set through sandbox-status', async () => {
    const id = await approvedPerson();
    const set = await sandboxStatus(id, { admin_disabled: { disabled: true } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({});
    expect((await sb.api('GET', `/identity/identities/${id}`)).body).toMatchObject({ status: 'DISABLED', admin_disabled: true });
    const res = await update(id, { set_user_disabled: false });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Forbidden', status: 403 });
    expect((await sb.api('GET', `/identity/identities/${id}`)).body.status).toBe('DISABLED');
    await sandboxStatus(id, { admin_disabled: { disabled: false } });
    expect((await sb.api('GET', `/identity/identities/${id}`)).body).toMatchObject({ status: 'APPROVED', admin_disabled: false });
  });
});

describe('SandboxSetIdentityStatus', () => {
  it('approves an institution once sanctions are APPROVED and its member is approved', async () => {
    const person = await approvedPerson();
    const trust = (await sb.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]))).body.id;
    await sandboxStatus(trust, { sanctions_verification_status: 'APPROVED' });
    expect((await sb.api('GET', `/identity/identities/${trust}`)).body.status).toBe('APPROVED');
  });

  it('denies a person whose sanctions check is set to DENIED', async () => {
    const id = await createPerson();
    await sandboxStatus(id, { sanctions_verification_status: 'DENIED' });
    expect((await sb.api('GET', `/identity/identities/${id}`)).body.status).toBe('DENIED');
  });

  it('answers 400 for checks that do not apply to the identity type, bad enums and unknown fields', async () => {
    const person = await createPerson();
    for (const [body, detail] of [
      [{ document_verification_status: 'APPROVED' }, 'document_verification_status applies to institution identities only'],
      [{ sanctions_verification_status: 'OK' }, /^sanctions_verification_status must be one of /],
      [{ admin_disabled: true }, 'admin_disabled must be an object'],
      [{ id: 'another-id', sanctions_verification_status: 'APPROVED' }, /^id in the body \("another-id"\) differs from the identity id in the path/],
    ] as const) {
      const res = await sandboxStatus(person, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (typeof detail === 'string') expect(res.body.detail).toBe(detail);
      else expect(res.body.detail).toMatch(detail);
    }
  });

  it('ignores unknown fields and the path\'s own `id` (as in Paxos\'s published example)', async () => {
    const person = await createPerson();
    const res = await sandboxStatus(person, { id: person, colour: 'red', sanctions_verification_status: 'APPROVED', id_verification_status: 'APPROVED' });
    expect(res.status).toBe(200);
    expect((await sb.api('GET', `/identity/identities/${person}`)).body.status).toBe('APPROVED');
  });

  it('answers 404 for an unknown identity', async () => {
    const res = await sandboxStatus('3f0c4b1e-0000-4000-8000-000000000000', { sanctions_verification_status: 'APPROVED' });
    expect(res.status).toBe(404);
  });
});
