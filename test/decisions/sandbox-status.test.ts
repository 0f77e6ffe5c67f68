/**
 * PUT /identity/identities/{id}/sandbox-status (REFERENCE.md §4.1) and the
 * disable flags (§3.6): each field, an immediate recompute with events, the
 * empty body, validation, ownership; set_user_disabled and the admin disable
 * a client cannot lift.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import { apiFor, approvedPerson, create, eventTypesOf, events, getIdentity, institutionBody, OTHER_CLIENT, personBody, startDecisionSandbox, type Api } from './support.js';

let sim: Simulator;
let api: Api;

beforeEach(async () => {
  sim = await startDecisionSandbox();
  api = await apiFor(sim);
});
afterEach(async () => {
  await sim.close();
});

const sandbox = (id: string, body: unknown) => api.put(`/v2/identity/identities/${id}/sandbox-status`, body);
let n = 0;
/** A person with no automatic decision (magic value sim_pending). */
const pendingPerson = async () => (await create(api, personBody({ ref_id: `sim_pending-${++n}` }))).id;

describe('sandbox-status fields', () => {
  it.each([
    ['id_verification_status', 'id_verification_status'],
    ['sanctions_verification_status', 'sanctions_verification_status'],
    ['additional_screening_status', 'additional_screening_status'],
  ] as const)('sets a person %s and answers {}', async (field, detail) => {
    const id = await pendingPerson();
    const res = await sandbox(id, { [field]: 'ERROR' });
    expect(res).toEqual({ status: 200, body: {} });
    const got = await getIdentity(api, id, '?include_details=true');
    expect(got.person_details?.[detail]).toBe('ERROR');
    expect(got.status_details?.requirements).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'COMPLIANCE_CHECK' })]));
  });

  it('sets an institution document_verification_status', async () => {
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    await sandbox(inst.id, { document_verification_status: 'DENIED' });
    const got = await getIdentity(api, inst.id, '?include_details=true');
    expect(got.institution_details?.document_verification_status).toBe('DENIED');
    expect(got.status).toBe('DENIED');
  });

  it('approves a person at once when ID verification and sanctions are APPROVED, with identity.approved', async () => {
    const id = await pendingPerson();
    await sandbox(id, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' });
    expect((await getIdentity(api, id)).status).toBe('APPROVED');
    const [approved] = await events(api);
    expect(approved).toMatchObject({ type: 'identity.approved', object: { identity_id: id, old_summary_status: 'PENDING', new_summary_status: 'APPROVED' } });
  });

  it('denies at once on sanctions DENIED and replaces the pending automatic decision', async () => {
    const created = await create(api, personBody());
    await sandbox(created.id, { sanctions_verification_status: 'DENIED' });
    expect((await getIdentity(api, created.id)).status).toBe('DENIED');
    await sim.advance(60_000);
    expect((await getIdentity(api, created.id)).status).toBe('DENIED');
    expect(await eventTypesOf(api, created.id)).toEqual(['identity.denied']);
  });

  it('takes a manual review out of review and drops its note', async () => {
    const created = await create(api, personBody({ ref_id: 'sim_review-x' }));
    await sim.advance(2000);
    await sandbox(created.id, { sanctions_verification_status: 'APPROVED' });
    const got = await getIdentity(api, created.id);
    expect(got.status).toBe('APPROVED');
    expect(got.status_details?.requirements).toEqual([]);
  });

  it('changes nothing for an empty body', async () => {
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    const before = await getIdentity(api, inst.id, '?include_details=true');
    expect(await sandbox(inst.id, {})).toEqual({ status: 200, body: {} });
    expect(await getIdentity(api, inst.id, '?include_details=true')).toEqual(before);
  });

  it.each([
    ['an unknown status value', { sanctions_verification_status: 'MAYBE' }],
    ['a disable flag that is not an object', { user_disabled: true }],
  ])('answers 400 for %s', async (_name, body) => {
    const id = await pendingPerson();
    const res = await sandbox(id, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, detail: expect.any(String) });
  });

  it('answers 400 for a field that does not fit the identity type', async () => {
    const id = await pendingPerson();
    expect((await sandbox(id, { document_verification_status: 'APPROVED' })).status).toBe(400);
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    expect((await sandbox(inst.id, { id_verification_status: 'APPROVED' })).status).toBe(400);
  });

  it("answers 404 for another entity's identity and leaves it alone", async () => {
    const id = await pendingPerson();
    const other = await apiFor(sim, OTHER_CLIENT);
    const res = await other.put(`/v2/identity/identities/${id}/sandbox-status`, { sanctions_verification_status: 'DENIED' });
    expect(res.status).toBe(404);
    expect((await getIdentity(api, id)).status).toBe('PENDING');
  });
});

describe('disabling', () => {
  // set_user_disabled through UpdateIdentity (controls, events): test/api/update-identity.test.ts
  it('sandbox user_disabled behaves like set_user_disabled', async () => {
    const person = await approvedPerson(sim, api);
    await sandbox(person.id, { user_disabled: { disabled: true } });
    expect(await getIdentity(api, person.id)).toMatchObject({ status: 'DISABLED', user_disabled: true });
    await sandbox(person.id, { user_disabled: { disabled: false } });
    expect((await getIdentity(api, person.id)).status).toBe('APPROVED');
  });

  it('an admin disable cannot be lifted by the client, only through sandbox-status', async () => {
    const person = await approvedPerson(sim, api);
    await sandbox(person.id, { admin_disabled: { disabled: true } });
    const got = await getIdentity(api, person.id);
    expect(got).toMatchObject({ status: 'DISABLED', admin_disabled: true });
    expect(got.status_details?.active_controls).toEqual([expect.objectContaining({ type: 'SELL_ONLY', set_by: 'SET_BY_PAXOS', is_overridable: false })]);
    const lift = await api.put(`/v2/identity/identities/${person.id}`, { set_user_disabled: false });
    expect(lift.status).toBe(403);
    expect((await getIdentity(api, person.id)).status).toBe('DISABLED');
    await sandbox(person.id, { admin_disabled: { disabled: false } });
    expect((await getIdentity(api, person.id)).status).toBe('APPROVED');
  });

  it('stays DISABLED while either disable is on', async () => {
    const person = await approvedPerson(sim, api);
    await api.put(`/v2/identity/identities/${person.id}`, { set_user_disabled: true });
    await sandbox(person.id, { admin_disabled: { disabled: true } });
    await sandbox(person.id, { user_disabled: { disabled: false } });
    expect((await getIdentity(api, person.id)).status).toBe('DISABLED');
    expect(await eventTypesOf(api, person.id)).toEqual(['identity.approved', 'identity.control.created', 'identity.disabled', 'identity.control.created', 'identity.control.deleted']);
  });
});
