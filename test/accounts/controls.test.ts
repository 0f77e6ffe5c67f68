/**
 * Identity controls (REFERENCE.md §2.16, §3.6) on both stores: a client control
 * disables the identity at once, its removal re-approves it, both DELETE forms,
 * identity.control.* events, set_user_disabled as a control, Paxos-set controls
 * that the client cannot remove, and every error path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_CLIENT, specError, type TestSandbox } from '../support/sandbox.js';
import { approvedPerson, sandboxOn, STORES } from './support.js';

const UNKNOWN = '00000000-0000-4000-8000-0000000000cc';

describe.each(STORES)('identity controls on the %s store', (store) => {
  let sb: TestSandbox & { cleanup(): Promise<void> };
  let alice: string;
  beforeEach(async () => {
    sb = await sandboxOn(store);
    alice = await approvedPerson(sb, 1);
  });
  afterEach(() => sb?.cleanup());

  const create = async (body: unknown) => {
    const res = await sb.api('POST', '/identity/controls', body);
    expect(specError('CreateIdentityControl', res)).toBeUndefined();
    return res;
  };
  const identity = async () => (await sb.api('GET', `/identity/identities/${alice}`)).body;
  const eventTypes = async () => ((await sb.api('GET', '/events')).body.events as Array<{ type: string; object: Record<string, unknown> }>);

  it('DORMANT disables the identity at once, with identity.control.created and identity.disabled; removal re-approves', async () => {
    const made = await create({ identity_id: alice, type: 'DORMANT', reason_code: 'INACTIVITY', reason: 'No activity for 180 days' });
    expect(made.status).toBe(200);
    expect(made.body).toEqual({
      id: expect.any(String), type: 'DORMANT', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'INACTIVITY', reason: 'No activity for 180 days', created_at: expect.any(String),
    });
    const disabled = await identity();
    expect(disabled.status).toBe('DISABLED');
    expect(disabled.status_details.active_controls).toEqual([made.body]);
    const events = await eventTypes();
    expect(events.map((e) => e.type).slice(-2)).toEqual(['identity.control.created', 'identity.disabled']);
    expect(events.at(-2)!.object).toEqual({ id: expect.any(String), identity_id: alice, control_id: made.body.id, control_type: 'DORMANT', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'INACTIVITY' });

    const listed = await sb.api('GET', `/identity/controls?identity_id=${alice}`);
    expect(specError('ListIdentityControls', listed)).toBeUndefined();
    expect(listed.body).toEqual({ items: [made.body] });

    const removed = await sb.api('DELETE', `/identity/controls?control_id=${made.body.id}&reason=back`);
    expect(removed.status).toBe(200);
    expect(specError('DeleteIdentityControl', removed)).toBeUndefined();
    expect(removed.body).toEqual({});
    expect((await identity()).status).toBe('APPROVED');
    // issue 9, no duplicate decisions: the approval was announced before the control; it is not announced again
    const after = (await eventTypes()).map((e) => e.type);
    expect(after.slice(-3)).toEqual(['identity.control.created', 'identity.disabled', 'identity.control.deleted']);
    expect((await eventTypes()).filter((e) => e.type === 'identity.approved' && e.object.identity_id === alice)).toHaveLength(1);
    expect((await sb.api('GET', `/identity/controls?identity_id=${alice}`)).body).toEqual({ items: [] });
    const history = await sb.api('GET', `/identity/controls?identity_id=${alice}&include_deleted=true`);
    expect(history.body.items).toEqual([{ ...made.body, deleted_at: expect.any(String) }]);
  });

  it('accepts the dormancy guide\'s DELETE with the id in a JSON body', async () => {
    const made = (await create({ identity_id: alice, type: 'CLOSED', reason_code: 'END_USER_REQUEST' })).body;
    const res = await sb.api('DELETE', '/identity/controls', { id: made.id, reason: 'User returned and requested reactivation' });
    expect(res.status).toBe(200);
    expect((await identity()).status).toBe('APPROVED');
  });

  it('shows set_user_disabled as a client SELL_ONLY control that the controls API can remove', async () => {
    await sb.api('PUT', `/identity/identities/${alice}`, { set_user_disabled: true });
    const items = (await sb.api('GET', `/identity/controls?identity_id=${alice}`)).body.items;
    expect(items).toEqual([expect.objectContaining({ type: 'SELL_ONLY', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'END_USER_REQUEST' })]);
    expect((await eventTypes()).map((e) => e.type)).toContain('identity.control.created');
    expect((await sb.api('DELETE', `/identity/controls?control_id=${items[0].id}`)).status).toBe(200);
    const after = await identity();
    expect(after).toMatchObject({ status: 'APPROVED', user_disabled: false });
  });

  it('answers 403 for a control set by Paxos, which stays in force', async () => {
    await sb.api('PUT', `/identity/identities/${alice}/sandbox-status`, { admin_disabled: { disabled: true } });
    const [paxos] = (await sb.api('GET', `/identity/controls?identity_id=${alice}`)).body.items;
    expect(paxos).toMatchObject({ set_by: 'SET_BY_PAXOS', is_overridable: false });
    const res = await sb.api('DELETE', `/identity/controls?control_id=${paxos.id}`);
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe(`identity control ${paxos.id} was set by Paxos and cannot be deleted by the client`);
    expect(specError('DeleteIdentityControl', res)).toBeUndefined();
    expect((await identity()).status).toBe('DISABLED');
  });

  it('takes FROZEN and other Paxos-set controls from the control API; the client cannot delete them, the control API lifts them', async () => {
    const frozen = await sb.request(`/_sim/identities/${alice}/controls`, { method: 'POST', json: { type: 'FROZEN', reason_code: 'COMPLIANCE_INVESTIGATION', reason: 'Under review' } });
    expect(frozen.status).toBe(201);
    expect(frozen.body).toMatchObject({ type: 'FROZEN', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'COMPLIANCE_INVESTIGATION' });
    expect((await identity()).status).toBe('ERROR');
    const events = await eventTypes();
    expect(events.at(-1)).toMatchObject({ type: 'identity.control.created', object: { control_type: 'FROZEN', set_by: 'SET_BY_PAXOS' } });
    expect((await sb.api('DELETE', `/identity/controls?control_id=${frozen.body.id}`)).status).toBe(403);
    expect((await sb.request(`/_sim/identities/${alice}/controls/${frozen.body.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await identity()).status).toBe('APPROVED');
    const bad: Array<[Record<string, unknown>, RegExp, string]> = [
      [{ type: 'ICED', reason_code: 'OTHER' }, /^type must be one of .*FROZEN/, 'type'],
      [{ reason_code: 'OTHER' }, /^type must be one of /, 'type'],
      [{ type: 'FROZEN', reason_code: 'NOPE' }, /^reason_code must be one of .*OTHER/, 'reason_code'],
      [{ type: 'FROZEN', reason_code: 'OTHER', reason: 5 }, /^reason must be a string$/, 'reason'],
      [{ type: 'FROZEN', reason_code: 'OTHER', extra: 1 }, /^unknown field extra$/, 'extra'],
    ];
    for (const [body, detail, field] of bad) {
      const res = await sb.request(`/_sim/identities/${alice}/controls`, { method: 'POST', json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.detail, JSON.stringify(body)).toMatch(detail);
      expect(res.body.meta.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toEqual([field]);
    }
    expect((await sb.request(`/_sim/identities/${UNKNOWN}/controls`, { method: 'POST', json: { type: 'FROZEN', reason_code: 'OTHER' } })).status).toBe(404);
    expect((await sb.request(`/_sim/identities/${alice}/controls/${UNKNOWN}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 400 for FROZEN, a bad reason code, missing fields and bad DELETE forms', async () => {
    for (const body of [
      { identity_id: alice, type: 'FROZEN', reason_code: 'COMPLIANCE_INVESTIGATION' },
      { identity_id: alice, type: 'DORMANT', reason_code: 'BORED' },
      { identity_id: alice, type: 'DORMANT' },
      { type: 'DORMANT', reason_code: 'INACTIVITY' },
    ]) {
      expect((await create(body)).status, JSON.stringify(body)).toBe(400);
    }
    const made = (await create({ identity_id: alice, type: 'DORMANT', reason_code: 'INACTIVITY' })).body;
    const none = await sb.api('DELETE', '/identity/controls');
    expect(none.status).toBe(400);
    expect(none.body.detail).toBe('control_id is required (query parameter control_id, or id in a JSON body)');
    expect((await sb.api('DELETE', `/identity/controls?control_id=${made.id}`, { id: UNKNOWN })).status).toBe(400);
    expect((await sb.api('DELETE', `/identity/controls?colour=red&control_id=${made.id}`)).status).toBe(400);
    const token = await sb.token();
    const notJson = await sb.request('/v2/identity/controls', { method: 'DELETE', token, body: 'id=abc' });
    expect(notJson.status).toBe(400);
    expect((await sb.api('GET', '/identity/controls')).status).toBe(400);
    expect((await sb.api('GET', `/identity/controls?identity_id=${alice}&limit=0`)).status).toBe(400);
    expect((await sb.api('GET', `/identity/controls?identity_id=${alice}&page_cursor=zz`)).status).toBe(400);
  });

  it('answers 404 for unknown identities and controls, and for a removed control', async () => {
    expect((await create({ identity_id: UNKNOWN, type: 'DORMANT', reason_code: 'INACTIVITY' })).status).toBe(404);
    expect((await sb.api('GET', `/identity/controls?identity_id=${UNKNOWN}`)).status).toBe(404);
    expect((await sb.api('DELETE', `/identity/controls?control_id=${UNKNOWN}`)).status).toBe(404);
    const made = (await create({ identity_id: alice, type: 'DORMANT', reason_code: 'INACTIVITY' })).body;
    const other = await sb.request(`/v2/identity/controls?control_id=${made.id}`, { method: 'DELETE', token: await sb.token(undefined, OTHER_CLIENT) });
    expect(other.status).toBe(404);
    await sb.api('DELETE', `/identity/controls?control_id=${made.id}`);
    expect((await sb.api('DELETE', `/identity/controls?control_id=${made.id}`)).status).toBe(404);
  });

  it('answers 409 for a second active client control of the same type', async () => {
    const first = (await create({ identity_id: alice, type: 'SELL_ONLY', reason_code: 'OTHER' })).body;
    const again = await create({ identity_id: alice, type: 'SELL_ONLY', reason_code: 'RISK_FRAUD' });
    expect(again.status).toBe(409);
    expect(again.body.meta).toEqual({ existing: { id: first.id } });
    expect((await create({ identity_id: alice, type: 'DORMANT', reason_code: 'INACTIVITY' })).status).toBe(200);
  });

  it('pages the list with limit and page_cursor', async () => {
    const ids: string[] = [];
    for (const type of ['SELL_ONLY', 'CLOSED', 'DORMANT']) {
      ids.push((await create({ identity_id: alice, type, reason_code: 'OTHER' })).body.id);
      sb.clock.advanceBy(1000);
    }
    const first = await sb.api('GET', `/identity/controls?identity_id=${alice}&limit=2`);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    const second = await sb.api('GET', `/identity/controls?identity_id=${alice}&limit=2&page_cursor=${first.body.next_page_cursor}`);
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
    expect(second.body.next_page_cursor).toBeUndefined();
  });
});
