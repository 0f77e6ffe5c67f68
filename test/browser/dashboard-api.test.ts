/**
 * The dashboard's JSON endpoints, change stream and asset lookup, in process
 * (app.request, no port, no browser). The page itself is tested in
 * dashboard.browser.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAssetDir, withToken } from '../../simulator/dashboard/assets.js';
import { stateFingerprint } from '../../simulator/dashboard/change-stream.js';
import { createTestSandbox, OTHER_CLIENT, type TestSandbox } from '../support/sandbox.js';
import { Faker, en, en_US } from '@faker-js/faker';
import { buildPerson } from '../../fixtures/factories/index.js';

let sb: TestSandbox;
const faker = new Faker({ locale: [en_US, en], seed: 5 });

beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(async () => {
  await sb.close();
});

async function create(refId: string, token?: string): Promise<string> {
  const res = await sb.request('/v2/identity/identities', { method: 'POST', json: buildPerson(faker, { ref_id: refId }), token: token ?? (await sb.token()) });
  expect(res.status).toBe(200);
  return res.body.id;
}
const post = (path: string, json?: unknown) => sb.request(`/_sim/api${path}`, { method: 'POST', ...(json !== undefined && { json }) });

describe('GET /_sim/api/identities', () => {
  it('lists every client’s identities and filters them by client, status, type and text', async () => {
    const a = await create('sim_pending-a');
    const b = await create('sim_pending-b', await sb.token(undefined, OTHER_CLIENT));
    const all = await sb.request('/_sim/api/identities');
    expect(all.body.identities.map((r: { id: string }) => r.id)).toEqual([b, a]);
    expect(all.body.identities[0]).toMatchObject({ client_id: 'other-client', status: 'PENDING', type: 'PERSON', ref_id: 'sim_pending-b' });
    expect(all.body.clients).toContain('other-client');
    expect((await sb.request('/_sim/api/identities?client_id=other-client')).body.identities).toHaveLength(1);
    expect((await sb.request('/_sim/api/identities?status=APPROVED')).body.identities).toHaveLength(0);
    expect((await sb.request('/_sim/api/identities?type=INSTITUTION')).body.identities).toHaveLength(0);
    expect((await sb.request('/_sim/api/identities?q=PENDING-A')).body.identities.map((r: { id: string }) => r.id)).toEqual([a]);
  });

  it('answers the newest matches only, up to limit, merged across entities, and says when more match', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await create(`sim_pending-${n}`, n % 2 ? await sb.token(undefined, OTHER_CLIENT) : undefined));
    const newestFirst = [...ids].reverse();
    const all = await sb.request('/_sim/api/identities');
    expect(all.body.identities.map((r: { id: string }) => r.id)).toEqual(newestFirst);
    expect(all.body.more).toBe(false);
    const three = await sb.request('/_sim/api/identities?limit=3');
    expect(three.body.identities.map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(0, 3));
    expect(three.body.more).toBe(true);
    const exact = await sb.request('/_sim/api/identities?limit=5');
    expect(exact.body.more).toBe(false);
    const mine = await sb.request('/_sim/api/identities?client_id=paxos-sim-client&limit=2');
    expect(mine.body.identities.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[2]]);
    expect(mine.body.more).toBe(true);
    const searched = await sb.request('/_sim/api/identities?q=sim_pending-1&limit=1');
    expect(searched.body.identities.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    expect(searched.body.more).toBe(false);
  });

  it.each([
    ['limit=0', 'limit must be a whole number from 1 to 5000'],
    ['limit=5001', 'limit must be a whole number from 1 to 5000'],
    ['limit=2.5', 'limit must be a whole number from 1 to 5000'],
    ['status=NOPE', 'status must be one of PENDING, APPROVED, DENIED, DISABLED, ERROR'],
    ['type=ROBOT', 'type must be one of PERSON, INSTITUTION'],
    ['colour=red', 'unknown query parameter colour'],
  ])('answers ?%s with a 400 Problem', async (query, detail) => {
    const res = await sb.request(`/_sim/api/identities?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, detail });
  });
});

describe('GET /_sim/api/identities/:id', () => {
  it('returns the identity with status_details and a timeline of requests, transitions and events', async () => {
    const id = await create('sim_pending-t');
    await sb.api('PUT', `/identity/identities/${id}/sandbox-status`, { sanctions_verification_status: 'DENIED' });
    const res = await sb.request(`/_sim/api/identities/${id}`);
    expect(res.body.identity).toMatchObject({ id, status: 'DENIED', status_details: { requirements: expect.any(Array), active_controls: [] } });
    expect(res.body.timeline.map((t: { kind: string }) => t.kind)).toEqual(['created', 'request', 'request', 'transition', 'event']);
    expect(res.body.timeline[1]).toMatchObject({ method: 'POST', path: '/v2/identity/identities', status: 200 });
    expect(res.body.timeline[2]).toMatchObject({ method: 'PUT', path: `/v2/identity/identities/${id}/sandbox-status` });
    expect(res.body.timeline[3]).toMatchObject({ from: 'PENDING', to: 'DENIED' });
    expect(res.body.timeline[4]).toMatchObject({ type: 'identity.denied', deliveries: [], resend_consumers: 0 });
  });

  it('counts the consumers a re-send would reach now (active, event type and client filters)', async () => {
    const id = await create('sim_pending-r');
    await sb.api('PUT', `/identity/identities/${id}/sandbox-status`, { sanctions_verification_status: 'DENIED' });
    const consumers = [
      { name: 'all', url: 'http://127.0.0.1:9/all' },
      { name: 'denials', url: 'http://127.0.0.1:9/denials', event_types: ['identity.denied'] },
      { name: 'approvals', url: 'http://127.0.0.1:9/approvals', event_types: ['identity.approved'] },
      { name: 'other-client', url: 'http://127.0.0.1:9/other', client_id: 'other-client' },
    ];
    for (const json of consumers) expect((await sb.request('/_sim/webhooks/consumers', { method: 'POST', json })).status).toBe(201);
    const event = (await sb.request(`/_sim/api/identities/${id}`)).body.timeline.find((t: { kind: string }) => t.kind === 'event');
    expect(event).toMatchObject({ type: 'identity.denied', resend_consumers: 2 });
  });

  it('answers an unknown id with a 404 Problem', async () => {
    const res = await sb.request('/_sim/api/identities/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("Identity with id 00000000-0000-4000-8000-000000000000 doesn't exist");
  });
});

describe('POST /_sim/api/identities/:id/:action', () => {
  it('approves, denies, disables and enables through the services', async () => {
    const id = await create('sim_pending-x');
    expect((await post(`/identities/${id}/approve`)).body.identity.status).toBe('APPROVED');
    expect((await post(`/identities/${id}/disable`)).body.identity).toMatchObject({ status: 'DISABLED', user_disabled: true });
    expect((await post(`/identities/${id}/enable`)).body.identity).toMatchObject({ status: 'APPROVED', user_disabled: false });
    expect((await post(`/identities/${id}/deny`)).body.identity.status).toBe('DENIED');
    const events = sb.sim.store.read((db) => db.events.filter((e) => e._sim.identity_id === id).map((e) => e.type));
    expect(events).toEqual(['identity.approved', 'identity.control.created', 'identity.disabled', 'identity.control.deleted', 'identity.denied']); // re-enabling does not announce the approval again
  });

  it('opens Enhanced Due Diligence once, with default or chosen documents', async () => {
    const id = await create('sim_pending-edd');
    const first = await post(`/identities/${id}/require-documents`, { documents: ['PROOF_OF_FUNDS'] });
    expect(first.body.simulator.edd).toMatchObject({ state: 'awaiting_documents', required: ['PROOF_OF_FUNDS'] });
    expect(first.body.timeline.at(-1)).toMatchObject({ type: 'identity.documents_required' });
    const again = await post(`/identities/${id}/require-documents`);
    expect(again.status).toBe(400);
    expect(again.body.detail).toContain('already has an open Enhanced Due Diligence request');
    const other = await create('sim_pending-edd2');
    expect((await post(`/identities/${other}/require-documents`)).body.simulator.edd.required).toEqual(['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
    expect((await post(`/identities/${other}/require-documents`, { documents: ['PASSPORT'] })).body.detail).toContain('"PASSPORT" is not a DocumentType');
  });

  it('refuses what the API refuses, as Problems', async () => {
    const id = await create('sim_pending-admin');
    await sb.api('PUT', `/identity/identities/${id}/sandbox-status`, { admin_disabled: { disabled: true } });
    const enable = await post(`/identities/${id}/enable`);
    expect(enable.status).toBe(403);
    expect(enable.body).toMatchObject({ title: 'Forbidden', detail: 'identity was disabled by Paxos and cannot be re-enabled by the client' });
    expect((await post(`/identities/${id}/explode`)).status).toBe(404);
    expect((await post(`/identities/${id}/approve`, { force: true })).body.detail).toBe('approve takes no request body');
  });
});

describe('accounts, balances and controls in the identity detail', () => {
  it('shows the accounts with profile balances, and marks the identity dormant and back through the controls service', async () => {
    const owner = await create('sim_approve-owner');
    const partner = await create('sim_approve-partner');
    await sb.sim.advance(3_000);
    const account = await sb.api('POST', '/identity/accounts', { create_profile: true, account: { identity_id: owner, ref_id: 'dash-acct', members: [{ identity_id: partner, roles: ['BENEFICIAL_OWNER'] }] } });
    expect(account.status).toBe(200);
    await sb.api('POST', `/sandbox/profiles/${account.body.profile_id}/deposit`, { asset: 'USD', amount: '1200.5' });
    const detail = (await sb.request(`/_sim/api/identities/${owner}`)).body;
    expect(detail.accounts).toEqual([
      expect.objectContaining({ id: account.body.id, role: 'owner', summary_status: 'APPROVED', profile: expect.objectContaining({ id: account.body.profile_id, balances: [{ asset: 'USD', available: '1200.5', trading: '0' }] }) }),
    ]);
    expect((await sb.request(`/_sim/api/identities/${partner}`)).body.accounts).toEqual([expect.objectContaining({ id: account.body.id, role: 'member' })]);
    expect(detail.controls).toEqual([]);

    const dormant = await post(`/identities/${owner}/mark-dormant`);
    expect(dormant.status).toBe(200);
    expect(dormant.body.identity.status).toBe('DISABLED');
    expect(dormant.body.controls).toEqual([expect.objectContaining({ type: 'DORMANT', set_by: 'SET_BY_CLIENT', reason_code: 'INACTIVITY' })]);
    expect(dormant.body.accounts[0].summary_status).toBe('DISABLED');
    expect((await post(`/identities/${owner}/mark-dormant`)).status).toBe(409);

    const back = await post(`/identities/${owner}/unmark-dormant`);
    expect(back.body.identity.status).toBe('APPROVED');
    expect(back.body.controls).toEqual([expect.objectContaining({ type: 'DORMANT', deleted_at: expect.any(String) })]);
    const again = await post(`/identities/${owner}/unmark-dormant`);
    expect(again.status).toBe(400);
    expect(again.body.detail).toBe(`identity ${owner} has no DORMANT control set by the client`);
  });
});

describe('change stream', () => {
  it('sends ready, then change after the state moves', async () => {
    const id = await create('sim_pending-s');
    const res = await sb.raw('/_sim/api/stream');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const next = async () => new TextDecoder().decode((await reader.read()).value);
    expect(await next()).toMatch(/^event: ready\n/);
    await post(`/identities/${id}/approve`);
    expect(await next()).toMatch(/^event: change\ndata: \S+\n\n$/);
    await reader.cancel();
  });

  it('fingerprints identities, deliveries and the clock', async () => {
    const before = stateFingerprint(sb.sim.store, sb.clock);
    await create('sim_pending-f');
    const created = stateFingerprint(sb.sim.store, sb.clock);
    expect(created).not.toBe(before);
    expect(stateFingerprint(sb.sim.store, sb.clock)).toBe(created);
    await sb.sim.advance(1000);
    expect(stateFingerprint(sb.sim.store, sb.clock)).not.toBe(created);
  });
});

describe('dashboard assets', () => {
  it('serves the page at /_sim, /_sim/ and /_sim/dashboard', async () => {
    for (const path of ['/_sim', '/_sim/', '/_sim/dashboard']) {
      const res = await sb.raw(path);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<script type="module" src="/_sim/dashboard/app.js">');
    }
    expect((await sb.raw('/_sim/dashboard/nope.js')).status).toBe(404);
  });

  it('passes a control token on to the page’s assets', async () => {
    const guarded = await createTestSandbox({ config: { control: { enabled: true, token: 's3cret' } } });
    try {
      expect((await guarded.raw('/_sim/')).status).toBe(401);
      expect(await (await guarded.raw('/_sim/?token=s3cret')).text()).toContain('src="/_sim/dashboard/app.js?token=s3cret"');
      expect(await (await guarded.raw('/_sim/dashboard/app.js?token=s3cret')).text()).toContain("from './api.js?token=s3cret'");
    } finally {
      await guarded.close();
    }
  });

  it('finds the assets from a dist/ build and carries a control token into asset URLs', () => {
    const fromDist = new URL('../../dist/simulator/dashboard/assets.js', import.meta.url);
    expect(findAssetDir(fromDist)).toBe(fileURLToPath(new URL('../../simulator/dashboard/public/', import.meta.url)));
    const js = withToken({ body: "import { h } from './dom.js';", contentType: 'text/javascript; charset=utf-8' }, 'a b');
    expect(js).toBe("import { h } from './dom.js?token=a%20b';");
    const html = withToken({ body: '<link href="/_sim/dashboard/dashboard.css">', contentType: 'text/html; charset=utf-8' }, 't');
    expect(html).toBe('<link href="/_sim/dashboard/dashboard.css?token=t">');
  });
});
