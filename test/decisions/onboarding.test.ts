/**
 * Onboarding decisions over HTTP: the defaults (a person is decided after the
 * review delay, never before), each magic value end to end with the events it
 * emits, and decision rules from the config file or PUT /_sim/rules.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import { MAGIC_VALUES } from '../../simulator/domain/decision-rules.js';
import type { IdentityStatus } from '../../src/types.js';
import { apiFor, create, eventTypesOf, events, getIdentity, personBody, REVIEW_DELAY_MS, startDecisionSandbox, T0, type Api } from './support.js';

let sim: Simulator;
let api: Api;

beforeEach(async () => {
  sim = await startDecisionSandbox();
  api = await apiFor(sim);
});
afterEach(async () => {
  await sim.close();
});

/** Create, check it is PENDING just before the delay, then advance past it. */
async function decide(body = personBody()): Promise<{ id: string; before: IdentityStatus; after: IdentityStatus }> {
  const created = await create(api, body);
  expect(created.status).toBe('PENDING');
  await sim.advance(REVIEW_DELAY_MS - 1);
  const before = (await getIdentity(api, created.id)).status!;
  await sim.advance(1);
  const after = (await getIdentity(api, created.id)).status!;
  return { id: created.id, before, after };
}

describe('default decisions', () => {
  it('approves a PASSTHROUGH person after the 2 s review delay, not before', async () => {
    const { id, before, after } = await decide(personBody());
    expect(before).toBe('PENDING');
    expect(after).toBe('APPROVED');
    const [approved] = await events(api);
    expect(approved).toMatchObject({
      type: 'identity.approved',
      object_type: 'identity_summary_status_change',
      object: { identity_id: id, old_summary_status: 'PENDING', new_summary_status: 'APPROVED', status_details: { active_controls: [], requirements: [] } },
      is_test: false,
    });
    expect(Date.parse(approved.created_at!)).toBe(T0 + REVIEW_DELAY_MS);
  });

  it('approves a PAXOS-verified person after the delay', async () => {
    const { before, after } = await decide(personBody({ verifier: 'PAXOS' }));
    expect([before, after]).toEqual(['PENDING', 'APPROVED']);
  });

  it('shows a PAXOS-verified person waiting on Paxos for ID verification meanwhile', async () => {
    const created = await create(api, personBody({ verifier: 'PAXOS' }));
    expect(created.status_details?.requirements).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'ID_VERIFICATION', status: 'PENDING', awaiting_action_from: 'PAXOS' })]),
    );
  });

  it('denies a person whose passthrough verification was DENIED, after the delay', async () => {
    const { id, before, after } = await decide(personBody({ passthrough_status: 'DENIED' }));
    expect([before, after]).toEqual(['PENDING', 'DENIED']);
    const [denied] = await events(api);
    expect(denied).toMatchObject({ type: 'identity.denied', object: { identity_id: id, old_summary_status: 'PENDING', new_summary_status: 'DENIED' } });
    const details = (await getIdentity(api, id, '?include_details=true')).status_details;
    expect(details?.requirements).toEqual([expect.objectContaining({ type: 'ID_VERIFICATION', status: 'FAILED', errors: [expect.objectContaining({ code: 'identity_verification_failed' })] })]);
  });

  it('keeps status and summary_status equal', async () => {
    const { id } = await decide();
    const got = await getIdentity(api, id);
    expect(got.summary_status).toBe(got.status);
  });
});

/** What each magic value leads to after the review delay. */
const MAGIC_EXPECTED: Record<string, { status: IdentityStatus; events: string[] }> = {
  sim_approve: { status: 'APPROVED', events: ['identity.approved'] },
  sim_deny_sanctions: { status: 'DENIED', events: ['identity.denied'] },
  sim_deny_idv: { status: 'DENIED', events: ['identity.denied'] },
  sim_deny_screening: { status: 'DENIED', events: ['identity.denied'] },
  sim_edd_approve: { status: 'PENDING', events: ['identity.documents_required'] },
  sim_edd_deny: { status: 'PENDING', events: ['identity.documents_required'] },
  sim_review: { status: 'PENDING', events: [] },
  // No status event for ERROR (REFERENCE.md §5.3); the FROZEN control is announced.
  sim_error: { status: 'ERROR', events: ['identity.control.created'] },
  sim_pending: { status: 'PENDING', events: [] },
};

describe('magic values', () => {
  it('has an expectation here for every magic value', () => {
    expect(Object.keys(MAGIC_EXPECTED).sort()).toEqual(MAGIC_VALUES.map((m) => m.refIdPrefix).sort());
  });

  describe.each(MAGIC_VALUES.map((m) => [m.refIdPrefix, m.lastName] as const))('%s / last name %s', (prefix, lastName) => {
    const want = MAGIC_EXPECTED[prefix];
    it.each([
      ['ref_id prefix', { ref_id: `${prefix}_001` }],
      ['last name', { last_name: lastName }],
    ])(`leads to ${want.status} with [${want.events.join(', ')}] (by %s)`, async (_how, input) => {
      const created = await create(api, personBody(input));
      await sim.advance(REVIEW_DELAY_MS);
      expect((await getIdentity(api, created.id)).status).toBe(want.status);
      expect(await eventTypesOf(api, created.id)).toEqual(want.events);
    });
  });

  it('names the failed check in status_details for each denial', async () => {
    const cases = [
      ['sim_deny_sanctions', 'SCREENING_CHECK', 'screening_failed'],
      ['sim_deny_screening', 'SCREENING_CHECK', 'screening_failed'],
      ['sim_deny_idv', 'ID_VERIFICATION', 'identity_verification_failed'],
    ] as const;
    const ids: string[] = [];
    for (const [prefix] of cases) ids.push((await create(api, personBody({ ref_id: `${prefix}-1` }))).id);
    await sim.advance(REVIEW_DELAY_MS);
    for (const [i, [, type, code]] of cases.entries()) {
      const denied = (await events(api)).find((e) => (e.object as { identity_id: string }).identity_id === ids[i])!;
      const details = (denied.object as { status_details: { requirements: unknown[] } }).status_details;
      expect.soft(details.requirements).toEqual([expect.objectContaining({ type, status: 'FAILED', errors: [expect.objectContaining({ code })] })]);
    }
  });

  it('holds a manual review PENDING with a COMPLIANCE_CHECK requirement that explains it', async () => {
    const created = await create(api, personBody({ ref_id: 'sim_review-1' }));
    await sim.advance(REVIEW_DELAY_MS * 10);
    const got = await getIdentity(api, created.id, '?include_details=true');
    expect(got.status).toBe('PENDING');
    expect(got.person_details?.sanctions_verification_status).toBe('ERROR');
    expect(got.status_details?.requirements).toEqual([
      { type: 'COMPLIANCE_CHECK', status: 'PENDING', awaiting_action_from: 'PAXOS', errors: [{ code: 'compliance_review_required', description: expect.stringContaining('manual compliance review') }] },
    ]);
  });

  it('freezes an ERROR outcome with a FROZEN control and emits only identity.control.created', async () => {
    const created = await create(api, personBody({ last_name: 'Frozen' }));
    await sim.advance(REVIEW_DELAY_MS);
    const got = await getIdentity(api, created.id);
    expect(got.status).toBe('ERROR');
    expect(got.status_details?.active_controls).toEqual([expect.objectContaining({ type: 'FROZEN', set_by: 'SET_BY_PAXOS', is_overridable: false })]);
    const [only, ...rest] = await events(api);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ type: 'identity.control.created', object_type: 'identity_control', object: { identity_id: created.id, control_type: 'FROZEN', set_by: 'SET_BY_PAXOS', is_overridable: false } });
  });

  it('keeps sim_pending PENDING with no decision job at all', async () => {
    const created = await create(api, personBody({ ref_id: 'sim_pending-1' }));
    const clock = await api.get<{ jobs: Array<{ identity_id: string }> }>('/_sim/clock');
    expect(clock.body.jobs.filter((j) => j.identity_id === created.id)).toEqual([]);
  });
});

describe('decision rules', () => {
  it('applies rules from the config (raw form) before the magic values', async () => {
    await sim.close();
    sim = await startDecisionSandbox({
      rules: [
        { name: 'vip', match: { metadata: { tier: 'vip' } }, outcome: 'APPROVED', delay: '10s' },
        { name: 'blocked', match: { first_name: 'Mallory' }, outcome: 'DENIED', check: 'additional_screening' },
      ],
    });
    api = await apiFor(sim);
    const vip = await create(api, personBody({ last_name: 'Sanctioned', metadata: { tier: 'vip' } }));
    const mallory = await create(api, personBody({ first_name: 'Mallory' }));
    await sim.advance(REVIEW_DELAY_MS);
    expect((await getIdentity(api, vip.id)).status).toBe('PENDING');
    expect((await getIdentity(api, mallory.id, '?include_details=true')).person_details?.additional_screening_status).toBe('DENIED');
    await sim.advance(8000);
    expect((await getIdentity(api, vip.id)).status).toBe('APPROVED');
  });

  it('replaces the rules at run time with PUT /_sim/rules and reports them with GET', async () => {
    const put = await api.put('/_sim/rules', { rules: [{ name: 'deny-acme', match: { email_local_part: 'acme' }, outcome: 'DENIED' }] });
    expect(put.status).toBe(200);
    const got = await api.get('/_sim/rules');
    expect(got.body.rules).toEqual([{ name: 'deny-acme', match: { email_local_part: 'acme' }, outcome: 'DENIED', check: 'sanctions' }]);
    expect(got.body.magic_values).toHaveLength(MAGIC_VALUES.length);
    expect(got.body.review_delay_ms).toBe(REVIEW_DELAY_MS);
    const created = await create(api, personBody({ email: 'acme@example.com' }));
    await sim.advance(REVIEW_DELAY_MS);
    expect((await getIdentity(api, created.id)).status).toBe('DENIED');
  });

  it('answers bad rules with a 400 Problem naming the path and keeps the old rules', async () => {
    await api.put('/_sim/rules', { rules: [{ name: 'keep', match: { ref_id_prefix: 'k' }, outcome: 'APPROVED' }] });
    const bad = await api.put('/_sim/rules', { rules: [{ outcome: 'APPROVED' }, { outcome: 'EDD', documents: ['SELFIE'] }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      type: 'about:blank', title: 'Bad Request', status: 400, detail: 'rules[1].documents: "SELFIE" is not a DocumentType',
      meta: { errors: [{ field: 'rules[1].documents', message: 'rules[1].documents: "SELFIE" is not a DocumentType' }] },
    });
    expect((await api.get('/_sim/rules')).body.rules).toEqual([{ name: 'keep', match: { ref_id_prefix: 'k' }, outcome: 'APPROVED' }]);
  });

  it('returns to the config rules on reset', async () => {
    await api.put('/_sim/rules', { rules: [{ outcome: 'PENDING' }] });
    expect((await api.post('/_sim/reset')).status).toBe(200);
    expect((await api.get('/_sim/rules')).body.rules).toEqual([]);
  });
});

