/**
 * Profiles, balances, deactivation and the sandbox deposit on both stores,
 * with every error path (400, 404).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_CLIENT, specError, type TestSandbox } from '../support/sandbox.js';
import { approvedPerson, sandboxOn, STORES } from './support.js';

const UNKNOWN = '00000000-0000-4000-8000-0000000000bb';

describe.each(STORES)('profiles on the %s store', (store) => {
  let sb: TestSandbox & { cleanup(): Promise<void> };
  let profileId: string;
  beforeEach(async () => {
    sb = await sandboxOn(store);
    const alice = await approvedPerson(sb, 1);
    profileId = (await sb.api('POST', '/identity/accounts', { create_profile: true, account: { identity_id: alice, description: 'Alice' } })).body.profile_id;
  });
  afterEach(() => sb?.cleanup());

  const deposit = async (id: string, body: unknown) => {
    const res = await sb.api('POST', `/sandbox/profiles/${id}/deposit`, body);
    expect(specError('CreateSandboxDeposit', res)).toBeUndefined();
    return res;
  };

  it('credits sandbox deposits exactly and shows them as balances', async () => {
    const first = await deposit(profileId, { asset: 'USD', amount: '10000' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ activity_id: expect.any(String) });
    await deposit(profileId, { asset: 'USD', amount: '0.1' });
    await deposit(profileId, { asset: 'usd', amount: '0.2' });
    await deposit(profileId, { asset: 'BTC', amount: '.5', crypto_network: 'BITCOIN' });
    const all = await sb.api('GET', `/profiles/${profileId}/balances`);
    expect(specError('ListProfileBalances', all)).toBeUndefined();
    expect(all.body).toEqual({ items: [{ asset: 'BTC', available: '0.5', trading: '0' }, { asset: 'USD', available: '10000.3', trading: '0' }] });
    const some = await sb.api('GET', `/profiles/${profileId}/balances?assets=USD&assets=ETH`);
    expect(some.body.items).toEqual([{ asset: 'USD', available: '10000.3', trading: '0' }, { asset: 'ETH', available: '0', trading: '0' }]);
    const comma = await sb.api('GET', `/profiles/${profileId}/balances?assets=ETH,BTC`);
    expect(comma.body.items.map((b: { asset: string }) => b.asset)).toEqual(['ETH', 'BTC']);
    const one = await sb.api('GET', `/profiles/${profileId}/balances/usd`);
    expect(one.status).toBe(200);
    expect(specError('GetProfileBalance', one)).toBeUndefined();
    expect(one.body).toEqual({ asset: 'USD', available: '10000.3', trading: '0' });
  });

  it('answers 400 for a bad amount or asset and 404 for an unknown profile', async () => {
    for (const body of [{ asset: 'USD', amount: '-5' }, { asset: 'USD', amount: '0' }, { asset: 'USD', amount: '1e5' }, { asset: 'U$D', amount: '1' }, { amount: '1' }, { asset: 'USD', amount: 5 }]) {
      const res = await deposit(profileId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await deposit(profileId, { asset: 'USD', amount: '0' })).body.detail).toBe('amount must be greater than zero');
    expect((await deposit(UNKNOWN, { asset: 'USD', amount: '1' })).status).toBe(404);
    expect((await sb.api('GET', `/profiles/${profileId}/balances/U$D`)).status).toBe(400);
    expect((await sb.api('GET', `/profiles/${profileId}/balances?assets=%24%24`)).status).toBe(400);
    expect((await sb.api('GET', `/profiles/${UNKNOWN}/balances`)).status).toBe(404);
    expect((await sb.api('GET', `/profiles/${UNKNOWN}/balances/USD`)).status).toBe(404);
  });

  it('lists, creates and renames profiles; filters by nickname, ids and account', async () => {
    const made = await sb.api('POST', '/profiles', { nickname: 'Savings' });
    expect(made.status).toBe(200);
    expect(specError('CreateProfile', made)).toBeUndefined();
    expect(made.body).toEqual({ id: expect.any(String), nickname: 'Savings', type: 'NORMAL' });
    const list = await sb.api('GET', '/profiles');
    expect(specError('ListProfiles', list)).toBeUndefined();
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([made.body.id, profileId]);
    expect((await sb.api('GET', '/profiles?nickname=Savings')).body.items).toEqual([made.body]);
    expect((await sb.api('GET', `/profiles?ids=${profileId}`)).body.items.map((p: { id: string }) => p.id)).toEqual([profileId]);
    const paged = await sb.api('GET', '/profiles?limit=1');
    expect(paged.body.next_page_cursor).toEqual(expect.any(String));
    const rest = await sb.api('GET', `/profiles?limit=1&page_cursor=${paged.body.next_page_cursor}`);
    expect(rest.body.items.map((p: { id: string }) => p.id)).toEqual([profileId]);
    const renamed = await sb.api('PUT', `/profiles/${made.body.id}`, { nickname: 'Rainy day' });
    expect(renamed.status).toBe(200);
    expect(specError('UpdateProfile', renamed)).toBeUndefined();
    expect(renamed.body.nickname).toBe('Rainy day');
    for (const [method, path, body] of [['POST', '/profiles', {}], ['POST', '/profiles', { nickname: ' ' }], ['PUT', `/profiles/${made.body.id}`, { nickname: 7 }], ['GET', '/profiles?limit=0', undefined]] as const) {
      expect((await sb.api(method, path, body)).status, `${method} ${path}`).toBe(400);
    }
    expect((await sb.api('PUT', `/profiles/${UNKNOWN}`, { nickname: 'x' })).status).toBe(404);
    const dupCreate = await sb.api('POST', '/profiles', { nickname: 'Rainy day', description: 'again' });
    expect(dupCreate.status).toBe(409);
    expect(dupCreate.body.meta).toEqual({ existing: { id: made.body.id } });
    expect(specError('CreateProfile', dupCreate)).toBeUndefined();
    const dupRename = await sb.api('PUT', `/profiles/${profileId}`, { nickname: 'Rainy day' });
    expect(dupRename.status).toBe(409);
    expect(specError('UpdateProfile', dupRename)).toBeUndefined();
    expect((await sb.api('PUT', `/profiles/${made.body.id}`, { nickname: 'Rainy day' })).status).toBe(200);
    expect((await sb.api('GET', `/profiles/${UNKNOWN}`)).status).toBe(404);
    const other = await sb.request(`/v2/profiles/${profileId}`, { token: await sb.token(undefined, OTHER_CLIENT) });
    expect(other.status).toBe(404);
  });

  it('deactivates an empty profile only; a deactivated profile is found only with include_deactivated', async () => {
    await deposit(profileId, { asset: 'USD', amount: '5' });
    const refused = await sb.api('PUT', `/profiles/${profileId}/deactivate`);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe(`profile ${profileId} still holds 5 USD; withdraw the funds first`);
    expect(specError('DeactivateProfile', refused)).toBeUndefined();
    const empty = (await sb.api('POST', '/profiles', { nickname: 'Empty' })).body.id;
    const ok = await sb.api('PUT', `/profiles/${empty}/deactivate`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    expect((await sb.api('GET', `/profiles/${empty}`)).status).toBe(404);
    expect((await sb.api('GET', `/profiles/${empty}?include_deactivated=true`)).status).toBe(200);
    expect((await sb.api('GET', '/profiles')).body.items.map((p: { id: string }) => p.id)).toEqual([profileId]);
    expect((await sb.api('PUT', `/profiles/${empty}/deactivate`)).status).toBe(404);
    expect((await sb.api('PUT', `/profiles/${UNKNOWN}/deactivate`)).status).toBe(404);
    expect((await sb.api('GET', `/profiles/${empty}?include_deactivated=maybe`)).status).toBe(400);
  });
});
