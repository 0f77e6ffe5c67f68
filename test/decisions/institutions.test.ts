/**
 * Institutions over HTTP (REFERENCE.md §3.7, §4.2): they stay PENDING until
 * sandbox-status approves sanctions and every member is APPROVED; the MEMBERS
 * requirement says why, and a member's approval cascades.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import { apiFor, approvedPerson, create, eventTypesOf, getIdentity, institutionBody, personBody, startDecisionSandbox, type Api } from './support.js';

let sim: Simulator;
let api: Api;

beforeEach(async () => {
  sim = await startDecisionSandbox();
  api = await apiFor(sim);
});
afterEach(async () => {
  await sim.close();
});

const sandbox = (id: string, body: object) => api.put(`/v2/identity/identities/${id}/sandbox-status`, body);
const requirementTypes = async (id: string) => (await getIdentity(api, id)).status_details?.requirements?.map((r) => `${r.type}:${r.status}`);

describe('institution onboarding', () => {
  it('stays PENDING by default, even with approved members and a long wait', async () => {
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    await sim.advance(7 * 86_400_000);
    expect((await getIdentity(api, inst.id)).status).toBe('PENDING');
    expect(await requirementTypes(inst.id)).toEqual(['SCREENING_CHECK:PENDING']);
  });

  it('is APPROVED at once when sandbox-status approves sanctions and all members are approved', async () => {
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    expect((await sandbox(inst.id, { sanctions_verification_status: 'APPROVED' })).status).toBe(200);
    const got = await getIdentity(api, inst.id);
    expect(got.status).toBe('APPROVED');
    expect(got.status_details?.requirements).toEqual([]);
    expect(await eventTypesOf(api, inst.id)).toEqual(['identity.approved']);
  });

  it('waits for a pending member with MEMBERS PENDING, then cascades when the member is approved', async () => {
    const member = await create(api, personBody({ ref_id: 'sim_pending-member' }));
    const inst = await create(api, institutionBody([member.id]));
    await sandbox(inst.id, { sanctions_verification_status: 'APPROVED' });
    const waiting = await getIdentity(api, inst.id);
    expect(waiting.status).toBe('PENDING');
    expect(waiting.status_details?.requirements).toEqual([
      { type: 'MEMBERS', status: 'PENDING', errors: [{ code: 'member_verification_pending', description: expect.stringContaining(member.id) }] },
    ]);
    await sandbox(member.id, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' });
    expect((await getIdentity(api, member.id)).status).toBe('APPROVED');
    expect((await getIdentity(api, inst.id)).status).toBe('APPROVED');
    expect(await eventTypesOf(api, inst.id)).toEqual(['identity.approved']);
  });

  it('cascades a member approved later by the review delay', async () => {
    const member = await create(api, personBody());
    const inst = await create(api, institutionBody([member.id]));
    await sandbox(inst.id, { sanctions_verification_status: 'APPROVED' });
    expect((await getIdentity(api, inst.id)).status).toBe('PENDING');
    await sim.advance(2000);
    expect((await getIdentity(api, inst.id)).status).toBe('APPROVED');
  });

  it('shows MEMBERS FAILED while a member is denied, and shows it on the member list', async () => {
    const good = await approvedPerson(sim, api);
    const bad = await create(api, personBody({ ref_id: 'sim_deny_sanctions-m' }));
    await sim.advance(2000);
    const inst = await create(api, institutionBody([good.id, bad.id]));
    await sandbox(inst.id, { sanctions_verification_status: 'APPROVED' });
    const got = await getIdentity(api, inst.id, '?include_institution_members=true');
    expect(got.status).toBe('PENDING');
    expect(got.status_details?.requirements).toEqual([
      { type: 'MEMBERS', status: 'FAILED', errors: [{ code: 'member_verification_failed', description: expect.stringContaining(`${bad.id} (DENIED)`) }] },
    ]);
    expect(got.institution_members?.map((m) => m.summary_status)).toEqual(['APPROVED', 'DENIED']);
  });

  it('falls back to PENDING with MEMBERS FAILED when a member of an approved institution is disabled', async () => {
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    await sandbox(inst.id, { sanctions_verification_status: 'APPROVED' });
    await api.put(`/v2/identity/identities/${member.id}`, { set_user_disabled: true });
    const got = await getIdentity(api, inst.id);
    expect(got.status).toBe('PENDING');
    expect(await requirementTypes(inst.id)).toEqual(['MEMBERS:FAILED']);
  });

  it('is denied by sandbox-status sanctions DENIED regardless of members', async () => {
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    await sandbox(inst.id, { sanctions_verification_status: 'DENIED' });
    expect((await getIdentity(api, inst.id)).status).toBe('DENIED');
    expect(await eventTypesOf(api, inst.id)).toEqual(['identity.denied']);
  });

  it('denies an institution through a rule that fails id_verification (document verification stands in)', async () => {
    await api.put('/_sim/rules', { rules: [{ match: { identity_type: 'INSTITUTION' }, outcome: 'DENIED', check: 'id_verification' }] });
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    await sim.advance(2000);
    const got = await getIdentity(api, inst.id, '?include_details=true');
    expect(got.status).toBe('DENIED');
    expect(got.institution_details?.document_verification_status).toBe('DENIED');
    expect(got.status_details?.requirements).toEqual([expect.objectContaining({ type: 'DOCUMENT_VERIFICATION', status: 'FAILED' })]);
  });
});
