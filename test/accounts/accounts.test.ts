/**
 * Accounts and account members (REFERENCE.md §2.15) on both stores: create
 * with a profile, joint members, ref_id 409, update with set_user_disabled,
 * list filters and cursors, member add/remove, and every error path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_CLIENT, specError, type TestSandbox } from '../support/sandbox.js';
import { approvedPerson, pendingPerson, sandboxOn, STORES } from './support.js';

const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';

describe.each(STORES)('accounts on the %s store', (store) => {
  let sb: TestSandbox & { cleanup(): Promise<void> };
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    sb = await sandboxOn(store);
    alice = await approvedPerson(sb, 1);
    bob = await approvedPerson(sb, 2);
  });
  afterEach(() => sb?.cleanup());

  const create = async (body: unknown) => {
    const res = await sb.api('POST', '/identity/accounts', body);
    expect(specError('CreateAccount', res)).toBeUndefined();
    return res;
  };

  it('opens an account with a profile, readable by id and listed under the profile', async () => {
    const res = await create({ create_profile: true, account: { identity_id: alice, ref_id: 'acct-1', type: 'BROKERAGE', description: 'Main' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ identity_id: alice, ref_id: 'acct-1', type: 'BROKERAGE', description: 'Main', summary_status: 'APPROVED', members: [], user_disabled: false });
    expect(res.body.profile_id).toEqual(expect.any(String));
    const got = await sb.api('GET', `/identity/accounts/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(specError('GetAccount', got)).toBeUndefined();
    expect(got.body).toEqual(res.body);
    const profile = await sb.api('GET', `/profiles/${res.body.profile_id}`);
    expect(profile.body).toEqual({ id: res.body.profile_id, nickname: 'Main', type: 'NORMAL', account_id: res.body.id });
    const byAccount = await sb.api('GET', `/profiles?account_id=${res.body.id}`);
    expect(byAccount.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.profile_id]);
  });

  it('opens no profile without create_profile', async () => {
    const res = await create({ account: { identity_id: alice } });
    expect(res.status).toBe(200);
    expect(res.body.profile_id).toBeUndefined();
    expect(res.body.type).toBe('BROKERAGE');
  });

  it('opens a joint account whose members carry ids and roles', async () => {
    const res = await create({ create_profile: true, account: { identity_id: alice, members: [{ identity_id: bob, roles: ['BENEFICIAL_OWNER'] }] } });
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual([{ id: expect.any(String), identity_id: bob, roles: ['BENEFICIAL_OWNER'] }]);
  });

  it('answers 409 with the existing id for a repeated ref_id', async () => {
    const first = await create({ account: { identity_id: alice, ref_id: 'dup' } });
    const again = await create({ account: { identity_id: bob, ref_id: 'dup' } });
    expect(again.status).toBe(409);
    expect(again.body.meta).toEqual({ existing: { id: first.body.id } });
    // another client may use the same ref_id
    const otherToken = await sb.token(undefined, OTHER_CLIENT);
    const carol = (await sb.request('/v2/identity/identities', { method: 'POST', token: otherToken, json: (await import('../support/bodies.js')).personBody(9) })).body.id;
    await sb.request(`/v2/identity/identities/${carol}/sandbox-status`, { method: 'PUT', token: otherToken, json: { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' } });
    const theirs = await sb.request('/v2/identity/accounts', { method: 'POST', token: otherToken, json: { account: { identity_id: carol, ref_id: 'dup' } } });
    expect(theirs.status).toBe(200);
  });

  it('answers 400 for an identity that is not APPROVED, unless configured otherwise', async () => {
    const pending = await pendingPerson(sb, 3);
    const res = await create({ account: { identity_id: pending } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(`identity ${pending} is PENDING; an account can only be opened for an APPROVED identity`);
    const lenient = await sandboxOn(store, { config: { accounts: { requireApprovedIdentity: false } } });
    try {
      const id = await pendingPerson(lenient, 3);
      const ok = await lenient.api('POST', '/identity/accounts', { account: { identity_id: id } });
      expect(ok.status).toBe(200);
      expect(ok.body.summary_status).toBe('PENDING');
    } finally {
      await lenient.cleanup();
    }
  });

  it('answers 400 for malformed bodies and member mistakes', async () => {
    for (const [body, detail] of [
      [{}, 'account is required'],
      [{ account: { identity_id: alice, type: 'SAVINGS' } }, /^account\.type must be one of /],
      [{ account: { identity_id: alice, members: [{ identity_id: bob }] } }, 'account.members[0].roles must name at least one role'],
      [{ account: { identity_id: alice, members: [{ identity_id: alice, roles: ['AUTHORIZED_USER'] }] } }, "account.members[0].identity_id is the account's primary identity"],
      [{ account: { identity_id: alice, members: [{ identity_id: bob, roles: ['AUTHORIZED_USER'] }, { identity_id: bob, roles: ['AUTHORIZED_USER'] }] } }, `account.members[1].identity_id ${bob} is listed twice`],
      [{ account: {} }, 'account.identity_id is required'],
    ] as const) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (typeof detail === 'string') expect(res.body.detail).toBe(detail);
      else expect(res.body.detail).toMatch(detail);
    }
    const huge = await sb.request('/v2/identity/accounts', { method: 'POST', token: await sb.token(), body: JSON.stringify({ account: { identity_id: alice, description: 'x'.repeat(1024 * 1024) } }) });
    expect(huge.status).toBe(413);
    const empty = await sb.request('/v2/identity/accounts', { method: 'POST', token: await sb.token(), body: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toBe('request body is empty; a JSON object is required');
    const array = await sb.request('/v2/identity/accounts', { method: 'POST', token: await sb.token(), body: '[]' });
    expect(array.body.detail).toBe('request body must be a JSON object');
    const notJson = await sb.request('/v2/identity/accounts', { method: 'POST', token: await sb.token(), body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.detail).toMatch(/^request body is not valid JSON/);
  });

  it('answers 404 for an unknown primary or member identity, and for another client\'s identity', async () => {
    expect((await create({ account: { identity_id: UNKNOWN } })).status).toBe(404);
    const member = await create({ account: { identity_id: alice, members: [{ identity_id: UNKNOWN, roles: ['AUTHORIZED_USER'] }] } });
    expect(member.status).toBe(404);
    expect(member.body.detail).toBe(`Identity with id ${UNKNOWN} doesn't exist`);
    const other = await sb.request('/v2/identity/accounts', { method: 'POST', token: await sb.token(undefined, OTHER_CLIENT), json: { account: { identity_id: alice } } });
    expect(other.status).toBe(404);
    expect((await sb.api('GET', `/identity/accounts/${UNKNOWN}`)).status).toBe(404);
  });

  it('reads a body sent without Content-Type (as curl --data sends it) as JSON', async () => {
    const res = await sb.request('/v2/identity/accounts', {
      method: 'POST',
      token: await sb.token(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ create_profile: true, account: { identity_id: alice, ref_id: 'curl' } }),
    });
    expect(res.status).toBe(200);
    expect(res.body.ref_id).toBe('curl');
  });

  describe('UpdateAccount', () => {
    it('disables and re-enables with set_user_disabled, replaces fields and the complete member list', async () => {
      const acct = (await create({ account: { identity_id: alice, ref_id: 'u1', members: [{ identity_id: bob, roles: ['AUTHORIZED_USER'] }] } })).body;
      sb.clock.advanceBy(1000);
      const off = await sb.api('PUT', '/identity/accounts', { account: { id: acct.id, description: 'renamed' }, set_user_disabled: true });
      expect(off.status).toBe(200);
      expect(specError('UpdateAccount', off)).toBeUndefined();
      expect(off.body).toMatchObject({ user_disabled: true, summary_status: 'DISABLED', description: 'renamed' });
      expect(off.body.members).toEqual(acct.members);
      const on = await sb.api('PUT', '/identity/accounts', { account: { id: acct.id, members: [] }, set_user_disabled: false });
      expect(on.body).toMatchObject({ user_disabled: false, summary_status: 'APPROVED', members: [] });
    });

    it('answers 400, 404 and 409 on its error paths', async () => {
      const a = (await create({ account: { identity_id: alice, ref_id: 'a' } })).body;
      await create({ account: { identity_id: alice, ref_id: 'b' } });
      const noId = await sb.api('PUT', '/identity/accounts', { account: { description: 'x' } });
      expect(noId.status).toBe(400);
      expect(noId.body.detail).toBe('account.id is required: it names the account to update');
      const owner = await sb.api('PUT', '/identity/accounts', { account: { id: a.id, identity_id: bob } });
      expect(owner.status).toBe(400);
      expect((await sb.api('PUT', '/identity/accounts', { account: { id: UNKNOWN } })).status).toBe(404);
      const clash = await sb.api('PUT', '/identity/accounts', { account: { id: a.id, ref_id: 'b' } });
      expect(clash.status).toBe(409);
      expect(specError('UpdateAccount', clash)).toBeUndefined();
    });
  });

  describe('ListAccounts', () => {
    it('filters by identity_id and created_at, and pages with cursors in both orders', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await create({ account: { identity_id: i < 3 ? alice : bob, ref_id: `l${i}` } })).body.id);
        sb.clock.advanceBy(1000);
      }
      const all = await sb.api('GET', '/identity/accounts');
      expect(specError('ListAccounts', all)).toBeUndefined();
      expect(all.body.items.map((a: { id: string }) => a.id)).toEqual([...ids].reverse());
      const mine = await sb.api('GET', `/identity/accounts?identity_id=${bob}`);
      expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([ids[4], ids[3]]);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await sb.api('GET', `/identity/accounts?order=ASC&limit=2${cursor ? `&page_cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((a: { id: string }) => a.id));
        cursor = page.body.next_page_cursor;
      } while (cursor);
      expect(seen).toEqual(ids);
      const second = (await sb.api('GET', '/identity/accounts')).body.items.at(-2).created_at as string;
      const after = await sb.api('GET', `/identity/accounts?created_at.gte=${encodeURIComponent(second)}`);
      expect(after.body.items).toHaveLength(4);
      const before = await sb.api('GET', `/identity/accounts?created_at.lt=${encodeURIComponent(second)}`);
      expect(before.body.items.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
    });


    it('answers 400 for a bad limit, cursor, filter or unknown parameter', async () => {
      for (const q of ['limit=0', 'limit=1001', 'page_cursor=@@', 'created_at.gt=yesterday', 'order=SIDEWAYS', 'colour=red']) {
        const res = await sb.api('GET', `/identity/accounts?${q}`);
        expect(res.status, q).toBe(400);
        expect(specError('ListAccounts', res), q).toBeUndefined();
      }
    });
  });

  describe('account members', () => {
    it('adds a member and removes it by member id', async () => {
      const acct = (await create({ account: { identity_id: alice } })).body;
      const added = await sb.api('POST', '/identity/account-members', { account_id: acct.id, members: [{ identity_id: bob, roles: ['BENEFICIAL_OWNER'] }] });
      expect(added.status).toBe(200);
      expect(specError('AddAccountMembers', added)).toBeUndefined();
      expect(added.body).toEqual({ account_id: acct.id, members: [{ id: expect.any(String), identity_id: bob, roles: ['BENEFICIAL_OWNER'] }] });
      expect((await sb.api('GET', `/identity/accounts/${acct.id}`)).body.members).toEqual(added.body.members);
      const removed = await sb.api('DELETE', `/identity/account-members/${added.body.members[0].id}`);
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({});
      expect((await sb.api('GET', `/identity/accounts/${acct.id}`)).body.members).toEqual([]);
      expect((await sb.api('DELETE', `/identity/account-members/${added.body.members[0].id}`)).status).toBe(404);
    });

    it('answers 400, 404 and 409 on its error paths', async () => {
      const acct = (await create({ account: { identity_id: alice, members: [{ identity_id: bob, roles: ['AUTHORIZED_USER'] }] } })).body;
      const missingField = await sb.api('POST', '/identity/account-members', { account_id: acct.id });
      expect(missingField.status).toBe(400);
      expect(missingField.body.detail).toBe('members is required');
      const empty = await sb.api('POST', '/identity/account-members', { account_id: acct.id, members: [] });
      expect(empty.status).toBe(400);
      expect((await sb.api('POST', '/identity/account-members', { account_id: UNKNOWN, members: [{ identity_id: bob, roles: ['AUTHORIZED_USER'] }] })).status).toBe(404);
      const dup = await sb.api('POST', '/identity/account-members', { account_id: acct.id, members: [{ identity_id: bob, roles: ['AUTHORIZED_USER'] }] });
      expect(dup.status).toBe(409);
      expect(dup.body.meta.existing.id).toBe(acct.members[0].id);
      expect((await sb.api('DELETE', `/identity/account-members/${UNKNOWN}`)).status).toBe(404);
    });
  });
});

describe('account, profile and control routes: 401 and 403 per operation', () => {
  let sb: TestSandbox & { cleanup(): Promise<void> };
  beforeEach(async () => {
    sb = await sandboxOn('memory');
  });
  afterEach(() => sb?.cleanup());

  const OPS: Array<{ op: string; method: string; path: string; json?: unknown; scope: string }> = [
    { op: 'ListAccounts', method: 'GET', path: '/identity/accounts', scope: 'identity:read_account' },
    { op: 'CreateAccount', method: 'POST', path: '/identity/accounts', json: { account: { identity_id: UNKNOWN } }, scope: 'identity:write_account' },
    { op: 'UpdateAccount', method: 'PUT', path: '/identity/accounts', json: { account: { id: UNKNOWN } }, scope: 'identity:write_account' },
    { op: 'GetAccount', method: 'GET', path: `/identity/accounts/${UNKNOWN}`, scope: 'identity:read_account' },
    { op: 'AddAccountMembers', method: 'POST', path: '/identity/account-members', json: { account_id: UNKNOWN, members: [] }, scope: 'identity:write_account' },
    { op: 'DeleteAccountMember', method: 'DELETE', path: `/identity/account-members/${UNKNOWN}`, scope: 'identity:write_account' },
    { op: 'ListProfiles', method: 'GET', path: '/profiles', scope: 'funding:read_profile' },
    { op: 'CreateProfile', method: 'POST', path: '/profiles', json: { nickname: 'n' }, scope: 'funding:write_profile' },
    { op: 'GetProfile', method: 'GET', path: `/profiles/${UNKNOWN}`, scope: 'funding:read_profile' },
    { op: 'UpdateProfile', method: 'PUT', path: `/profiles/${UNKNOWN}`, json: { nickname: 'n' }, scope: 'funding:write_profile' },
    { op: 'ListProfileBalances', method: 'GET', path: `/profiles/${UNKNOWN}/balances`, scope: 'funding:read_profile' },
    { op: 'GetProfileBalance', method: 'GET', path: `/profiles/${UNKNOWN}/balances/USD`, scope: 'funding:read_profile' },
    { op: 'DeactivateProfile', method: 'PUT', path: `/profiles/${UNKNOWN}/deactivate`, scope: 'funding:write_profile' },
    { op: 'CreateSandboxDeposit', method: 'POST', path: `/sandbox/profiles/${UNKNOWN}/deposit`, json: { asset: 'USD', amount: '1' }, scope: 'funding:read_profile' },
    { op: 'ListIdentityControls', method: 'GET', path: `/identity/controls?identity_id=${UNKNOWN}`, scope: 'identity:read_identity_control' },
    { op: 'CreateIdentityControl', method: 'POST', path: '/identity/controls', json: { identity_id: UNKNOWN, type: 'DORMANT', reason_code: 'INACTIVITY' }, scope: 'identity:write_identity_control' },
    { op: 'DeleteIdentityControl', method: 'DELETE', path: `/identity/controls?control_id=${UNKNOWN}`, scope: 'identity:write_identity_control' },
  ];

  it('answers 401 without a token', async () => {
    for (const o of OPS) {
      const res = await sb.request(`/v2${o.path}`, { method: o.method, json: o.json });
      expect(res.status, o.op).toBe(401);
      expect(res.body.detail, o.op).toBe('no authorization header set');
    }
  });

  it('answers 403 in Paxos\'s wording when the token lacks the scope, and 404 with it', async () => {
    const others = 'identity:read_identity identity:write_identity';
    const narrow = await sb.token(others.split(' '));
    for (const o of OPS) {
      const res = await sb.request(`/v2${o.path}`, { method: o.method, json: o.json, token: narrow });
      expect(res.status, o.op).toBe(403);
      expect(res.body.detail, o.op).toBe(`insufficient scopes: found '${others}', required one of '[${o.scope}]'`);
      expect(specError(o.op, res), o.op).toBeUndefined();
      const scoped = await sb.request(`/v2${o.path}`, { method: o.method, json: o.json, token: await sb.token([o.scope]) });
      expect([200, 400, 404], `${o.op} with ${o.scope}: ${scoped.text}`).toContain(scoped.status);
    }
  });
});
