/**
 * AddInstitutionMembers and DeleteInstitutionMember (REFERENCE.md §2.14):
 * additive adds, removal by member id, 404s for unknown ids, 400s for bad
 * roles and bad member identities. Set-up and successful calls go through the
 * generated client, each answer checked against the spec; error paths use raw HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap, type CreateIdentityRequest } from '../../src/index.js';
import { corporationBody, personBody, trustBody } from '../support/bodies.js';
import { conforming, createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
let alice: string;
let bob: string;
let trust: string;
const create = async (body: CreateIdentityRequest) => unwrap(conforming(await sb.client.createIdentity(body))).id;
beforeEach(async () => {
  sb = await createTestSandbox();
  alice = await create(personBody(1));
  bob = await create(personBody(2));
  trust = await create(trustBody(1, [{ identity_id: alice, roles: ['TRUSTEE'] }]));
});
afterEach(() => sb?.close());

async function add(body: unknown) {
  const res = await sb.api('POST', '/identity/institution-members', body);
  expect(specError('AddInstitutionMembers', res)).toBeUndefined();
  return res;
}
async function remove(id: string) {
  const res = await sb.api('DELETE', `/identity/institution-members/${id}`);
  expect(specError('DeleteInstitutionMember', res)).toBeUndefined();
  return res;
}
/** Add bob as GRANTOR of the trust through the typed client; the new member's id. */
const addBob = async () => unwrap(conforming(await sb.client.addInstitutionMembers({ institution_id: trust, members: [{ identity_id: bob, roles: ['GRANTOR'] }] }))).members![0].id!;
const status = async (id: string) => unwrap(conforming(await sb.client.getIdentity(id))).status;
const setSanctions = async (id: string, value: 'APPROVED' | 'DENIED') => unwrap(conforming(await sb.client.sandboxSetIdentityStatus(id, { sanctions_verification_status: value })));

async function members(id = trust) {
  return unwrap(conforming(await sb.client.getIdentity(id, { include_institution_members: true }))).institution_members ?? [];
}

describe('AddInstitutionMembers', () => {
  it('adds members without touching existing ones and echoes them with generated ids', async () => {
    const added = unwrap(conforming(await sb.client.addInstitutionMembers({ institution_id: trust, members: [{ identity_id: bob, roles: ['GRANTOR'], ownership: '50', position: 'Settlor' }] })));
    expect(added).toEqual({
      institution_id: trust,
      members: [{ id: expect.any(String), identity_id: bob, roles: ['GRANTOR'], ownership: '50', position: 'Settlor', name: 'Ada Lovelace', summary_status: 'PENDING' }],
    });
    expect((await members()).map((m) => m.identity_id)).toEqual([alice, bob]);
  });

  it('answers 400 for roles that do not fit the institution type', async () => {
    const res = await add({ institution_id: trust, members: [{ identity_id: bob, roles: ['MANAGEMENT_CONTROL_PERSON'] }] });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^members\[0\]\.roles: MANAGEMENT_CONTROL_PERSON is not allowed for institution_type TRUST/);
    const corp = await create(corporationBody(1, [{ identity_id: alice, roles: ['BENEFICIAL_OWNER'] }]));
    const onCorp = await add({ institution_id: corp, members: [{ identity_id: bob, roles: ['TRUSTEE'] }] });
    expect(onCorp.status).toBe(400);
    const unknownRole = await add({ institution_id: trust, members: [{ identity_id: bob, roles: ['CONTROL_PERSON'] }] });
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.body.detail).toMatch(/^members\[0\]\.roles\[0\] must be one of /);
    expect((await members()).map((m) => m.identity_id)).toEqual([alice]);
  });

  it('answers 400 for an empty list, a missing field, an existing member, a non-person and a sent id', async () => {
    for (const [body, detail] of [
      [{ institution_id: trust, members: [] }, 'members must list at least one member'],
      [{ institution_id: trust }, 'members is required'],
      [{ members: [{ identity_id: bob, roles: ['GRANTOR'] }] }, 'institution_id is required'],
      [{ institution_id: trust, members: [{ identity_id: alice, roles: ['GRANTOR'] }] }, `members[0].identity_id ${alice} is already a member`],
      [{ institution_id: trust, members: [{ identity_id: trust, roles: ['GRANTOR'] }] }, `members[0].identity_id ${trust} must be a person identity`],
      [{ institution_id: trust, members: [{ identity_id: 'ghost', roles: ['GRANTOR'] }] }, 'members[0].identity_id ghost is not an existing identity'],
      [{ institution_id: trust, members: [{ identity_id: bob, roles: ['GRANTOR'], id: 'mine' }] }, 'members[0].id is read-only'],
      [{ institution_id: alice, members: [{ identity_id: bob, roles: ['GRANTOR'] }] }, 'institution_id must be an institution identity'],
    ] as const) {
      const res = await add(body);
      expect(res.status, detail).toBe(400);
      expect(res.body.detail).toBe(detail);
    }
  });

  it('answers 404 for an unknown institution', async () => {
    const res = await add({ institution_id: '3f0c4b1e-0000-4000-8000-000000000000', members: [{ identity_id: bob, roles: ['GRANTOR'] }] });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("Identity with id 3f0c4b1e-0000-4000-8000-000000000000 doesn't exist");
  });
});

describe('DeleteInstitutionMember', () => {
  it('removes a member by member id and answers {}', async () => {
    const added = await addBob();
    expect(unwrap(conforming(await sb.client.deleteInstitutionMember(added)))).toEqual({});
    expect((await members()).map((m) => m.identity_id)).toEqual([alice]);
  });

  it('answers 404 for an identity id, an unknown id and an already removed member', async () => {
    const added = await addBob();
    expect((await remove(bob)).status).toBe(404);
    expect((await remove('no-such-member')).status).toBe(404);
    await remove(added);
    const again = await remove(added);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('lets the institution be approved once its only remaining member is approved', async () => {
    const added = await addBob();
    await setSanctions(bob, 'DENIED');
    await setSanctions(alice, 'APPROVED');
    await setSanctions(trust, 'APPROVED');
    expect(await status(trust)).not.toBe('APPROVED');
    expect((await remove(added)).status).toBe(200);
    expect(await status(trust)).toBe('APPROVED');
  });
});
