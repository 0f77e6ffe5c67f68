/**
 * GetIdentity (REFERENCE.md §2.10): details and members only when asked for,
 * and Paxos's 404 text for an unknown id.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody, trustBody } from '../support/bodies.js';
import { createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

async function get(path: string) {
  const res = await sb.api('GET', path);
  expect(specError('GetIdentity', res)).toBeUndefined();
  return res;
}

describe('GetIdentity', () => {
  it('leaves out person_details unless include_details=true', async () => {
    const { id } = (await sb.api('POST', '/identity/identities', personBody(1))).body;
    const plain = await get(`/identity/identities/${id}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ id, type: 'PERSON', status: 'PENDING', summary_status: 'PENDING' });
    expect(plain.body.status_details).toBeDefined();
    expect(plain.body).not.toHaveProperty('person_details');
    const detailed = await get(`/identity/identities/${id}?include_details=true`);
    expect(detailed.body.person_details).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', id_verification_status: 'APPROVED' });
    const off = await get(`/identity/identities/${id}?include_details=false`);
    expect(off.body).not.toHaveProperty('person_details');
  });

  it('returns institution_members only with include_institution_members=true', async () => {
    const person = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
    const { id } = (await sb.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]))).body;
    const plain = await get(`/identity/identities/${id}`);
    expect(plain.body).not.toHaveProperty('institution_members');
    expect(plain.body).not.toHaveProperty('institution_details');
    const both = await get(`/identity/identities/${id}?include_details=true&include_institution_members=true`);
    expect(both.body.institution_details.name).toBe('Example Family Trust');
    expect(both.body.institution_members).toEqual([expect.objectContaining({ identity_id: person, roles: ['TRUSTEE'], summary_status: 'PENDING' })]);
  });

  it('shows a member\'s current status after the member is approved', async () => {
    const person = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
    const { id } = (await sb.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]))).body;
    await sb.sim.advance(sb.config.reviewDelayMs);
    const res = await get(`/identity/identities/${id}?include_institution_members=true`);
    expect(res.body.institution_members[0].summary_status).toBe('APPROVED');
  });

  it("answers 404 \"Identity with id <id> doesn't exist\" for an unknown id", async () => {
    const res = await get('/identity/identities/3f0c4b1e-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: "Identity with id 3f0c4b1e-0000-4000-8000-000000000000 doesn't exist" });
  });

  it('answers 400 for a non-boolean include_details and for unknown query parameters', async () => {
    const { id } = (await sb.api('POST', '/identity/identities', personBody(1))).body;
    const bad = await get(`/identity/identities/${id}?include_details=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('include_details must be true or false');
    const unknown = await get(`/identity/identities/${id}?verbose=true`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toBe('unknown query parameter verbose');
  });
});
