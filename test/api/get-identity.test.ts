/**
 * GetIdentity (REFERENCE.md §2.10): details and members only when asked for,
 * and Paxos's 404 text for an unknown id. Successful calls go through the
 * generated client, each answer checked against the spec; error paths use raw HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap, type CreateIdentityRequest, type GetIdentityQuery } from '../../src/index.js';
import { personBody, trustBody } from '../support/bodies.js';
import { conforming, createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

const create = async (body: CreateIdentityRequest) => unwrap(conforming(await sb.client.createIdentity(body)));
const read = async (id: string, query?: GetIdentityQuery) => unwrap(conforming(await sb.client.getIdentity(id, query)));

async function get(path: string) {
  const res = await sb.api('GET', path);
  expect(specError('GetIdentity', res)).toBeUndefined();
  return res;
}

describe('GetIdentity', () => {
  it('leaves out person_details unless include_details=true', async () => {
    const { id } = await create(personBody(1));
    const plain = await read(id);
    expect(plain).toMatchObject({ id, type: 'PERSON', status: 'PENDING', summary_status: 'PENDING' });
    expect(plain.status_details).toBeDefined();
    expect(plain).not.toHaveProperty('person_details');
    const detailed = await read(id, { include_details: true });
    expect(detailed.person_details).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', id_verification_status: 'APPROVED' });
    const off = await read(id, { include_details: false });
    expect(off).not.toHaveProperty('person_details');
  });

  it('returns institution_members only with include_institution_members=true', async () => {
    const person = (await create(personBody(1))).id;
    const { id } = await create(trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]));
    const plain = await read(id);
    expect(plain).not.toHaveProperty('institution_members');
    expect(plain).not.toHaveProperty('institution_details');
    const both = await read(id, { include_details: true, include_institution_members: true });
    expect(both.institution_details?.name).toBe('Example Family Trust');
    expect(both.institution_members).toEqual([expect.objectContaining({ identity_id: person, roles: ['TRUSTEE'], summary_status: 'PENDING' })]);
  });

  it('shows a member\'s current status after the member is approved', async () => {
    const person = (await create(personBody(1))).id;
    const { id } = await create(trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]));
    await sb.sim.advance(sb.config.reviewDelayMs);
    const res = await read(id, { include_institution_members: true });
    expect(res.institution_members?.[0].summary_status).toBe('APPROVED');
  });

  it('checks each typed answer against the spec (conforming throws for a body that breaks it)', () => {
    const response = new Response(null, { status: 200 });
    expect(() => conforming({ operationId: 'GetIdentity', response, data: { id: 5 } })).toThrow(/GetIdentity answered 200 against the spec/);
  });

  it("answers 404 \"Identity with id <id> doesn't exist\" for an unknown id", async () => {
    const res = await get('/identity/identities/3f0c4b1e-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: "Identity with id 3f0c4b1e-0000-4000-8000-000000000000 doesn't exist" });
  });

  it('answers 400 for a non-boolean include_details and for unknown query parameters', async () => {
    const { id } = await create(personBody(1));
    const bad = await get(`/identity/identities/${id}?include_details=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('include_details must be true or false');
    const unknown = await get(`/identity/identities/${id}?verbose=true`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toBe('unknown query parameter verbose');
  });
});
