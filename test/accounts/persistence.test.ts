/**
 * Accounts, members, profiles with balances and control history survive a
 * restart on the file store, and their indexes are rebuilt (ref_id 409,
 * list by identity, controls by identity).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSandbox } from '../support/sandbox.js';
import { approvedPerson } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('file store: accounts, profiles and controls across a restart', () => {
  it('keeps them and rebuilds their indexes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-accounts-restart-'));
    dirs.push(dir);
    const data = join(dir, 'db.json');
    const first = await createTestSandbox({ config: { storage: 'file', data, reset: true } });
    const alice = await approvedPerson(first, 1);
    const bob = await approvedPerson(first, 2);
    const account = (await first.api('POST', '/identity/accounts', { create_profile: true, account: { identity_id: alice, ref_id: 'keep', members: [{ identity_id: bob, roles: ['AUTHORIZED_USER'] }] } })).body;
    await first.api('POST', `/sandbox/profiles/${account.profile_id}/deposit`, { asset: 'BTC', amount: '0.125' });
    const control = (await first.api('POST', '/identity/controls', { identity_id: alice, type: 'SELL_ONLY', reason_code: 'OTHER' })).body;
    await first.api('DELETE', `/identity/controls?control_id=${control.id}`);
    await first.close();

    const second = await createTestSandbox({ config: { storage: 'file', data, reset: false } });
    try {
      expect((await second.api('GET', `/identity/accounts/${account.id}`)).body).toEqual(account);
      expect((await second.api('GET', `/identity/accounts?identity_id=${alice}`)).body.items.map((a: { id: string }) => a.id)).toEqual([account.id]);
      expect((await second.api('POST', '/identity/accounts', { account: { identity_id: bob, ref_id: 'keep' } })).status).toBe(409);
      expect((await second.api('GET', `/profiles/${account.profile_id}/balances/BTC`)).body.available).toBe('0.125');
      expect((await second.api('GET', `/profiles?account_id=${account.id}`)).body.items).toHaveLength(1);
      const history = (await second.api('GET', `/identity/controls?identity_id=${alice}&include_deleted=true`)).body.items;
      expect(history).toEqual([{ ...control, deleted_at: expect.any(String) }]);
      expect((await second.api('POST', '/identity/account-members', { account_id: account.id, members: [{ identity_id: bob, roles: ['AUTHORIZED_USER'] }] })).status).toBe(409);
    } finally {
      await second.close();
    }
  });
});
