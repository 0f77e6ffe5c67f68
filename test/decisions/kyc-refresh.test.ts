/**
 * Periodic KYC refresh over HTTP (REFERENCE.md §3.8): scheduled one interval
 * after approval, started / completed / expired events, the SELL_ONLY
 * COMPLIANCE_KYC control on expiry, back-dated refresh dates, and the
 * kyc.* config keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import { testConfig } from '../../simulator/config.js';
import type { Event } from '../../src/types.js';
import { apiFor, approvedPerson, DAY, events, getIdentity, REVIEW_DELAY_MS, startDecisionSandbox, T0, type Api } from './support.js';

const YEAR = 365 * DAY;
const APPROVED_AT = T0 + REVIEW_DELAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();

let sim: Simulator;
let api: Api;

async function setUp(kyc?: Partial<ReturnType<typeof testConfig>['kyc']>): Promise<string> {
  sim = await startDecisionSandbox(kyc ? { kyc: { ...testConfig().kyc, ...kyc } } : {});
  api = await apiFor(sim);
  return (await approvedPerson(sim, api)).id;
}
afterEach(async () => {
  await sim.close();
});

const kycEvents = async (): Promise<Event[]> => (await events(api)).filter((e) => (e.type ?? '').startsWith('identity.kyc_refresh.'));
const refresh = (id: string, date: string) => api.put(`/v2/identity/identities/${id}`, { last_kyc_refresh_date: date });

describe('KYC refresh', () => {
  it('schedules the first refresh one interval (365 days by default) after approval', async () => {
    const id = await setUp();
    const clock = await api.get<{ jobs: Array<{ kind: string; identity_id: string; due_at: string }> }>('/_sim/clock');
    expect(clock.body.jobs).toEqual([{ kind: 'kyc_refresh_start', identity_id: id, due_at: iso(APPROVED_AT + YEAR) }]);
  });

  it('emits identity.kyc_refresh.started when the clock passes it, at the due instant', async () => {
    const id = await setUp();
    await sim.advance(YEAR - 1);
    expect(await kycEvents()).toEqual([]);
    await sim.advance(1);
    const [started] = await kycEvents();
    expect(started).toMatchObject({ type: 'identity.kyc_refresh.started', object_type: 'identity_kyc_refresh', object: { identity_id: id, next_kyc_refresh_date: iso(APPROVED_AT + YEAR) } });
    expect(Date.parse(started.created_at!)).toBe(APPROVED_AT + YEAR);
    const got = await getIdentity(api, id);
    expect(got.status).toBe('APPROVED');
    expect(got.status_details?.requirements).toEqual([{ type: 'KYC_REFRESH', status: 'PENDING', awaiting_action_from: 'CLIENT', errors: [] }]);
  });

  it('completes when the client sends a fresh last_kyc_refresh_date, and schedules the next one', async () => {
    const id = await setUp();
    await sim.advance(YEAR + 5 * DAY);
    const confirmed = sim.clock.nowMs();
    const res = await refresh(id, iso(confirmed));
    expect(res.status).toBe(200);
    expect(res.body.last_kyc_refresh_date).toBe(iso(confirmed));
    const [, completed] = await kycEvents();
    expect(completed).toMatchObject({ type: 'identity.kyc_refresh.completed', object: { identity_id: id, last_kyc_refresh_date: iso(confirmed), next_kyc_refresh_date: iso(confirmed + YEAR) } });
    expect((await getIdentity(api, id)).status_details?.requirements).toEqual([]);
    const clock = await api.get<{ jobs: Array<{ kind: string; due_at: string }> }>('/_sim/clock');
    expect(clock.body.jobs).toEqual([expect.objectContaining({ kind: 'kyc_refresh_start', due_at: iso(confirmed + YEAR) })]);
    await sim.advance(60 * DAY);
    expect((await kycEvents()).map((e) => e.type)).toEqual(['identity.kyc_refresh.started', 'identity.kyc_refresh.completed']);
  });

  it('expires after the 30-day window and disables with a SELL_ONLY COMPLIANCE_KYC control', async () => {
    const id = await setUp();
    await sim.advance(YEAR + 30 * DAY - 1);
    expect((await kycEvents()).map((e) => e.type)).toEqual(['identity.kyc_refresh.started']);
    await sim.advance(1);
    const all = (await events(api)).map((e) => e.type);
    expect(all).toEqual(['identity.approved', 'identity.kyc_refresh.started', 'identity.kyc_refresh.expired', 'identity.control.created', 'identity.disabled']);
    const got = await getIdentity(api, id);
    expect(got.status).toBe('DISABLED');
    expect(got.status_details).toEqual({
      active_controls: [expect.objectContaining({ type: 'SELL_ONLY', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'COMPLIANCE_KYC' })],
      requirements: [{ type: 'KYC_REFRESH', status: 'FAILED', awaiting_action_from: 'CLIENT', errors: [expect.objectContaining({ code: 'kyc_refresh_overdue' })] }],
    });
  });

  it('lifts the expiry control and is APPROVED again when the client refreshes late, without a second identity.approved', async () => {
    const id = await setUp();
    await sim.advance(YEAR + 31 * DAY);
    await refresh(id, iso(sim.clock.nowMs()));
    const got = await getIdentity(api, id);
    expect(got.status).toBe('APPROVED');
    expect(got.status_details).toEqual({ active_controls: [], requirements: [] });
    expect((await events(api)).slice(-2).map((e) => e.type)).toEqual(['identity.kyc_refresh.completed', 'identity.control.deleted']);
    expect((await events(api)).filter((e) => e.type === 'identity.approved')).toHaveLength(1);
  });

  it('only marks the refresh overdue when kyc.disable_on_expiry is false', async () => {
    const id = await setUp({ disableOnExpiry: false });
    await sim.advance(YEAR + 30 * DAY);
    const got = await getIdentity(api, id);
    expect(got.status).toBe('APPROVED');
    expect(got.status_details?.requirements).toEqual([expect.objectContaining({ type: 'KYC_REFRESH', status: 'FAILED' })]);
    expect((await events(api)).map((e) => e.type)).toEqual(['identity.approved', 'identity.kyc_refresh.started', 'identity.kyc_refresh.expired']);
  });

  it('honours kyc.refresh_interval and kyc.window', async () => {
    await setUp({ refreshIntervalMs: 10 * DAY, windowMs: 2 * DAY });
    await sim.advance(10 * DAY);
    expect((await kycEvents()).map((e) => e.type)).toEqual(['identity.kyc_refresh.started']);
    await sim.advance(2 * DAY);
    expect((await kycEvents()).map((e) => e.type)).toEqual(['identity.kyc_refresh.started', 'identity.kyc_refresh.expired']);
  });

  it('starts a refresh at once for a last_kyc_refresh_date older than the interval', async () => {
    const id = await setUp();
    const res = await refresh(id, iso(T0 - YEAR - DAY));
    expect(res.status).toBe(200);
    const [started] = await kycEvents();
    expect(started).toMatchObject({ type: 'identity.kyc_refresh.started', object: { identity_id: id, last_kyc_refresh_date: iso(T0 - YEAR - DAY) } });
    expect(Date.parse(started.created_at!)).toBe(APPROVED_AT);
    expect(res.body.status_details.requirements).toEqual([expect.objectContaining({ type: 'KYC_REFRESH', status: 'PENDING' })]);
  });

  it('moves the next refresh for a recent back-dated date without starting one', async () => {
    const id = await setUp();
    await refresh(id, iso(T0 - 100 * DAY));
    expect(await kycEvents()).toEqual([]);
    await sim.advance(YEAR - 100 * DAY - REVIEW_DELAY_MS);
    expect((await kycEvents()).map((e) => e.object)).toEqual([expect.objectContaining({ identity_id: id, next_kyc_refresh_date: iso(T0 - 100 * DAY + YEAR) })]);
  });
});
