/**
 * The whole onboarding-to-funded-account journey with only the typed client,
 * against a real simulator on an ephemeral port, clock frozen: token, create
 * a person, approval with its webhook received by a real receiver, account
 * with profile, deposit, balance, DORMANT control (DISABLED and the events),
 * control removed (APPROVED again).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaxosClient, createTokenSource, createWebhookHandler, toNodeHandler, unwrap, type CreateIdentityRequest, type PaxosClient } from '../../src/index.js';
import { startSimulator, type RunningSimulator } from '../../src/testing.js';

const SCOPES = [
  'identity:read_identity', 'identity:write_identity', 'identity:read_account', 'identity:write_account',
  'funding:read_profile', 'funding:write_profile', 'identity:read_identity_control', 'identity:write_identity_control', 'events:read_event',
];

const person: CreateIdentityRequest = {
  ref_id: 'journey-1',
  person_details: {
    verifier_type: 'PAXOS',
    first_name: 'Billy',
    last_name: 'Duncan',
    date_of_birth: '1985-04-02',
    nationality: 'USA',
    cip_id: '123-45-0042',
    cip_id_type: 'SSN',
    cip_id_country: 'USA',
    email: 'billy@example.com',
    address: { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
  },
  customer_due_diligence: {
    estimated_yearly_income: 'INCOME_50K_TO_100K',
    expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K',
    source_of_wealth: 'EMPLOYMENT_INCOME',
    employment_status: 'FULL_TIME',
    employment_industry_sector: 'INFORMATION',
  },
};

describe('journey: onboard, open an account, fund it, make it dormant and back (typed client only)', () => {
  let sim: RunningSimulator;
  let receiver: Server;
  let paxos: PaxosClient;
  const received: Array<{ type: string; identity_id?: string; control_type?: string }> = [];

  beforeAll(async () => {
    sim = await startSimulator({ frozen: true });
    const apiKey = { header: 'x-webhook-key', value: 'journey-secret' };
    paxos = sim.createClient({ scopes: SCOPES });
    const record = (event: { type?: string }, object: { identity_id?: string; control_type?: string }) =>
      void received.push({ type: event.type!, identity_id: object.identity_id, ...(object.control_type && { control_type: object.control_type }) });
    const handler = createWebhookHandler({
      client: paxos,
      apiKey,
      onEvent: { 'identity.approved': record, 'identity.disabled': record, 'identity.control.created': record, 'identity.control.deleted': record },
    });
    receiver = createServer(toNodeHandler(handler));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    await sim.webhooks.register({
      url: `http://127.0.0.1:${port}/paxos/webhooks`,
      eventTypes: ['identity.approved', 'identity.disabled', 'identity.control.created', 'identity.control.deleted'],
      apiKey,
    });
  });

  afterAll(async () => {
    await sim?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('goes from a token to a funded account, through dormancy and back', async () => {
    // 1. a token with the guide's scopes
    const tokens = createTokenSource({ tokenUrl: sim.tokenUrl, clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret, scopes: SCOPES, fetch });
    expect(await tokens.get()).toEqual(expect.any(String));

    // 2. a person
    const created = unwrap(await paxos.createIdentity(person));
    expect(created.status).toBe('PENDING');

    // 3. approval after the review delay, and its webhook at the receiver
    await sim.clock.advance('2s');
    expect(unwrap(await paxos.getIdentity(created.id!)).status).toBe('APPROVED');
    expect(received).toEqual([{ type: 'identity.approved', identity_id: created.id }]);

    // 4. an account with a profile
    const account = unwrap(await paxos.createAccount({ create_profile: true, account: { identity_id: created.id!, ref_id: 'journey-acct', type: 'BROKERAGE', description: 'Brokerage account for Billy Duncan' } }));
    expect(account).toMatchObject({ identity_id: created.id, summary_status: 'APPROVED', profile_id: expect.any(String) });
    const accounts: string[] = [];
    for await (const a of paxos.iterateAccounts({ identity_id: created.id })) accounts.push(a.id!);
    expect(accounts).toEqual([account.id]);

    // 5. sandbox funds
    unwrap(await paxos.sandboxDeposit(account.profile_id!, { asset: 'USD', amount: '10000' }));

    // 6. the balance
    expect(unwrap(await paxos.getProfileBalance(account.profile_id!, 'USD'))).toEqual({ asset: 'USD', available: '10000', trading: '0' });
    expect(unwrap(await paxos.listProfileBalances(account.profile_id!)).items).toEqual([{ asset: 'USD', available: '10000', trading: '0' }]);

    // 7. DORMANT: the identity is DISABLED at once, with the events and their webhooks
    const control = unwrap(await paxos.createIdentityControl({ identity_id: created.id!, type: 'DORMANT', reason_code: 'INACTIVITY', reason: 'No activity for 180 days' }));
    const dormant = unwrap(await paxos.getIdentity(created.id!));
    expect(dormant.status).toBe('DISABLED');
    expect(dormant.status_details?.active_controls).toEqual([control]);
    expect(unwrap(await paxos.getAccount(account.id!)).summary_status).toBe('DISABLED');
    await sim.webhooks.drain();
    expect(received.slice(1)).toEqual([
      { type: 'identity.control.created', identity_id: created.id, control_type: 'DORMANT' },
      { type: 'identity.disabled', identity_id: created.id },
    ]);

    // 8. control removed: APPROVED again, and (issue 9: no duplicate decisions) no second identity.approved
    unwrap(await paxos.deleteIdentityControl(control.id!, { reason: 'User returned' }));
    expect(unwrap(await paxos.getIdentity(created.id!)).status).toBe('APPROVED');
    await sim.webhooks.drain();
    expect(received.slice(3)).toEqual([{ type: 'identity.control.deleted', identity_id: created.id, control_type: 'DORMANT' }]);
    expect(received.filter((r) => r.type === 'identity.approved')).toHaveLength(1);
    const history: string[] = [];
    for await (const c of paxos.iterateIdentityControls({ identity_id: created.id!, include_deleted: true })) history.push(`${c.type} ${c.deleted_at ? 'deleted' : 'active'}`);
    expect(history).toEqual(['DORMANT deleted']);
  });
});
