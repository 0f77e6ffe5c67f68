/**
 * The identity lifecycle as Paxos has it: a passthrough DENIED shows in
 * id_verification_status at once; a change of screened details on an
 * APPROVED identity re-runs screening (PENDING, then a new decision with its
 * event); a decision already announced is not announced again after a
 * disable/re-enable; identity.disabled only for an identity that was approved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import { ConfigError, loadConfig } from '../../simulator/config.js';
import type { Event, Identity } from '../../src/types.js';
import { apiFor, approvedPerson, create, events, getIdentity, institutionBody, personBody, REVIEW_DELAY_MS, startDecisionSandbox, type Api } from './support.js';

let sim: Simulator;
let api: Api;

beforeEach(async () => {
  sim = await startDecisionSandbox();
  api = await apiFor(sim);
});
afterEach(async () => {
  await sim.close();
});

const transitions = async (id: string) =>
  (await events(api))
    .filter((e: Event) => (e.object as { identity_id?: string }).identity_id === id)
    .map((e) => {
      const o = e.object as { old_summary_status?: string; new_summary_status?: string; control_type?: string; set_by?: string };
      if (o.control_type) return `${e.type} ${o.control_type}/${o.set_by}`;
      return o.old_summary_status ? `${e.type} ${o.old_summary_status}->${o.new_summary_status}` : (e.type as string);
    });
const update = (id: string, body: unknown) => api.put<Identity>(`/v2/identity/identities/${id}`, body);
const details = async (id: string) => (await api.get<Identity>(`/v2/identity/identities/${id}?include_details=true`)).body;

describe('passthrough DENIED', () => {
  it('shows id_verification_status DENIED at once; Create answers PENDING and the denial comes with the decision', async () => {
    const created = await create(api, personBody({ passthrough_status: 'DENIED' }));
    expect(created.status).toBe('PENDING');
    expect(created.person_details).toMatchObject({ id_verification_status: 'DENIED', sanctions_verification_status: 'PENDING', passthrough_verification_status: 'DENIED' });
    expect(created.status_details?.requirements).toContainEqual(expect.objectContaining({ type: 'ID_VERIFICATION', status: 'FAILED' }));
    expect((await details(created.id)).person_details?.id_verification_status).toBe('DENIED');
    expect(await transitions(created.id)).toEqual([]);

    await sim.advance(REVIEW_DELAY_MS);
    const decided = await details(created.id);
    expect(decided.status).toBe('DENIED');
    expect(decided.person_details?.id_verification_status).toBe('DENIED');
    expect(await transitions(created.id)).toEqual(['identity.denied PENDING->DENIED']);
  });

  it('is DENIED at once when sandbox-status replaces the pending decision', async () => {
    const created = await create(api, personBody({ passthrough_status: 'DENIED' }));
    await api.put(`/v2/identity/identities/${created.id}/sandbox-status`, { sanctions_verification_status: 'APPROVED' });
    expect((await getIdentity(api, created.id)).status).toBe('DENIED');
    expect(await transitions(created.id)).toEqual(['identity.denied PENDING->DENIED']);
  });
});

describe('re-screening', () => {
  it('a name change on an APPROVED person: PENDING with screening PENDING, then APPROVED with a new identity.approved', async () => {
    const person = await approvedPerson(sim, api);
    const res = await update(person.id, { person_details: { last_name: 'Byron' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('PENDING');
    expect(res.body.person_details).toMatchObject({ last_name: 'Byron', sanctions_verification_status: 'PENDING', additional_screening_status: 'PENDING', id_verification_status: 'APPROVED' });
    expect(res.body.status_details?.requirements).toEqual([expect.objectContaining({ type: 'SCREENING_CHECK', status: 'PENDING', awaiting_action_from: 'PAXOS' })]);
    expect(await transitions(person.id)).toEqual(['identity.approved PENDING->APPROVED']);

    await sim.advance(REVIEW_DELAY_MS - 1);
    expect((await getIdentity(api, person.id)).status).toBe('PENDING');
    await sim.advance(1);
    expect((await details(person.id)).person_details).toMatchObject({ sanctions_verification_status: 'APPROVED', additional_screening_status: 'APPROVED' });
    expect(await transitions(person.id)).toEqual(['identity.approved PENDING->APPROVED', 'identity.approved PENDING->APPROVED']);
  });

  it.each([
    ['date of birth', { date_of_birth: '1991-05-02' }],
    ['address', { address: { city: 'Boston', province: 'MA', zip_code: '02108' } }],
    ['CIP id', { cip_id: '999-88-7777' }],
    ['first name', { first_name: 'Augusta' }],
  ])('re-screens on a change of %s', async (_what, change) => {
    const person = await approvedPerson(sim, api);
    expect((await update(person.id, { person_details: change })).body.status).toBe('PENDING');
    await sim.advance(REVIEW_DELAY_MS);
    expect((await getIdentity(api, person.id)).status).toBe('APPROVED');
  });

  it('does not re-screen for other details, the same values sent again, or an identity that is not APPROVED', async () => {
    const person = await approvedPerson(sim, api);
    const current = await details(person.id);
    expect((await update(person.id, { person_details: { email: 'new@example.com' }, metadata: { a: 'b' } })).body.status).toBe('APPROVED');
    expect((await update(person.id, { person_details: { last_name: current.person_details!.last_name, address: current.person_details!.address } })).body.status).toBe('APPROVED');
    const pending = await create(api, personBody({ ref_id: 'sim_pending-1' }));
    expect((await update(pending.id, { person_details: { last_name: 'Other' } })).body.person_details?.sanctions_verification_status).toBe('PENDING');
    await sim.advance(REVIEW_DELAY_MS);
    expect((await getIdentity(api, pending.id)).status).toBe('PENDING');
    expect(await transitions(person.id)).toEqual(['identity.approved PENDING->APPROVED']);
  });

  it('follows the magic values for the new details: a change to a sanctioned name ends DENIED with identity.denied', async () => {
    const person = await approvedPerson(sim, api);
    await update(person.id, { person_details: { last_name: 'Sanctioned' } });
    await sim.advance(REVIEW_DELAY_MS);
    const got = await details(person.id);
    expect(got.status).toBe('DENIED');
    expect(got.person_details?.sanctions_verification_status).toBe('DENIED');
    expect(await transitions(person.id)).toEqual(['identity.approved PENDING->APPROVED', 'identity.denied PENDING->DENIED']);
  });

  it('re-screens an APPROVED institution on a change of its name', async () => {
    const member = await approvedPerson(sim, api);
    const inst = await create(api, institutionBody([member.id]));
    await api.put(`/v2/identity/identities/${inst.id}/sandbox-status`, { sanctions_verification_status: 'APPROVED' });
    expect((await getIdentity(api, inst.id)).status).toBe('APPROVED');
    const res = await update(inst.id, { institution_details: { name: 'Renamed Corp' } });
    expect(res.body).toMatchObject({ status: 'PENDING', institution_details: { sanctions_verification_status: 'PENDING' } });
    await sim.advance(REVIEW_DELAY_MS);
    expect((await getIdentity(api, inst.id)).status).toBe('APPROVED');
    expect(await transitions(inst.id)).toEqual(['identity.approved PENDING->APPROVED', 'identity.approved PENDING->APPROVED']);
  });

  it('is off with rescreen_on_update: false', async () => {
    await sim.close();
    sim = await startDecisionSandbox({ rescreenOnUpdate: false });
    api = await apiFor(sim);
    const person = await approvedPerson(sim, api);
    const res = await update(person.id, { person_details: { last_name: 'Byron' } });
    expect(res.body).toMatchObject({ status: 'APPROVED', person_details: { last_name: 'Byron', sanctions_verification_status: 'APPROVED' } });
    expect(await transitions(person.id)).toEqual(['identity.approved PENDING->APPROVED']);
  });
});

describe('no duplicate decisions', () => {
  it('an approved identity disabled and re-enabled twice announces its approval once', async () => {
    const person = await approvedPerson(sim, api);
    for (let i = 0; i < 2; i++) {
      await update(person.id, { set_user_disabled: true });
      await update(person.id, { set_user_disabled: false });
    }
    await api.put(`/v2/identity/identities/${person.id}/sandbox-status`, { admin_disabled: { disabled: true } });
    await api.put(`/v2/identity/identities/${person.id}/sandbox-status`, { admin_disabled: { disabled: false } });
    expect((await getIdentity(api, person.id)).status).toBe('APPROVED');
    // each disable is a SELL_ONLY control (issue 10, Paxos's migration mapping) with its control events;
    // the approval is announced once, each disable of the approved identity once
    expect(await transitions(person.id)).toEqual([
      'identity.approved PENDING->APPROVED',
      'identity.control.created SELL_ONLY/SET_BY_CLIENT',
      'identity.disabled APPROVED->DISABLED',
      'identity.control.deleted SELL_ONLY/SET_BY_CLIENT',
      'identity.control.created SELL_ONLY/SET_BY_CLIENT',
      'identity.disabled APPROVED->DISABLED',
      'identity.control.deleted SELL_ONLY/SET_BY_CLIENT',
      'identity.control.created SELL_ONLY/SET_BY_PAXOS',
      'identity.disabled APPROVED->DISABLED',
      'identity.control.deleted SELL_ONLY/SET_BY_PAXOS',
    ]);
  });

  it('a denied identity disabled and re-enabled: no identity.disabled (never approved), no second identity.denied', async () => {
    const person = await create(api, personBody({ ref_id: 'sim_deny_sanctions-1' }));
    await sim.advance(REVIEW_DELAY_MS);
    expect((await getIdentity(api, person.id)).status).toBe('DENIED');
    expect((await update(person.id, { set_user_disabled: true })).body.status).toBe('DISABLED');
    expect((await update(person.id, { set_user_disabled: false })).body.status).toBe('DENIED');
    expect(await transitions(person.id)).toEqual(['identity.denied PENDING->DENIED', 'identity.control.created SELL_ONLY/SET_BY_CLIENT', 'identity.control.deleted SELL_ONLY/SET_BY_CLIENT']);
  });

  it('a PENDING identity that is disabled emits no identity.disabled, and its later approval is announced', async () => {
    const person = await create(api, personBody());
    expect((await update(person.id, { set_user_disabled: true })).body.status).toBe('DISABLED');
    await sim.advance(REVIEW_DELAY_MS);
    expect(await transitions(person.id)).toEqual(['identity.control.created SELL_ONLY/SET_BY_CLIENT']);
    expect((await update(person.id, { set_user_disabled: false })).body.status).toBe('APPROVED');
    expect(await transitions(person.id)).toEqual(['identity.control.created SELL_ONLY/SET_BY_CLIENT', 'identity.control.deleted SELL_ONLY/SET_BY_CLIENT', 'identity.approved DISABLED->APPROVED']);
  });

  it('a new decision after a different one is announced: APPROVED, then DENIED, then APPROVED again', async () => {
    const person = await approvedPerson(sim, api);
    await api.put(`/v2/identity/identities/${person.id}/sandbox-status`, { sanctions_verification_status: 'DENIED' });
    await api.put(`/v2/identity/identities/${person.id}/sandbox-status`, { sanctions_verification_status: 'APPROVED' });
    expect(await transitions(person.id)).toEqual(['identity.approved PENDING->APPROVED', 'identity.denied APPROVED->DENIED', 'identity.approved DENIED->APPROVED']);
  });
});

describe('configuration of the lifecycle settings', () => {
  const load = (file: string, env: Record<string, string> = {}, argv: string[] = []) =>
    loadConfig({ argv: ['--config', 'c.yaml', ...argv], env, readFile: () => file });

  it('reads rescreen_on_update and edd_review_delay from the file, the environment and the flag', () => {
    expect(load('')).toMatchObject({ rescreenOnUpdate: true, eddReviewDelayMs: 2000 });
    expect(load('rescreen_on_update: false\nedd_review_delay: 1h\n')).toMatchObject({ rescreenOnUpdate: false, eddReviewDelayMs: 3_600_000 });
    expect(load('rescreen_on_update: true\n', { PAXOS_SIM_RESCREEN_ON_UPDATE: 'false', PAXOS_SIM_EDD_REVIEW_DELAY: '5s' })).toMatchObject({ rescreenOnUpdate: false, eddReviewDelayMs: 5000 });
    expect(load('edd_review_delay: 1h\n', {}, ['--edd-review-delay', '0s']).eddReviewDelayMs).toBe(0);
  });

  it.each([
    ['rescreen_on_update: maybe\n', 'rescreen_on_update must be true or false, got "maybe"'],
    ['edd_review_delay: soon\n', 'edd-review-delay must be a duration such as "5s", "10m", "24h", got "soon"'],
  ])('refuses %j', (file, message) => {
    expect(() => load(file)).toThrow(ConfigError);
    expect(() => load(file)).toThrow(message);
  });
});
