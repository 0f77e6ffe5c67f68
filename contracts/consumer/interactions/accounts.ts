/**
 * @module contracts/consumer/interactions/accounts
 * CreateAccount with a profile, AddAccountMembers, and CreateIdentityControl /
 * DeleteIdentityControl, each driven through the typed client. Responses
 * assert only what the client and its callers read.
 */
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { unwrap } from '../../../src/index.js';
import { STATES } from '../../provider/states.js';
import { EXAMPLE_IDS } from '../bodies.js';
import { consumerClient } from '../client.js';
import { anyUuid, bearerToken, identityStatus, jsonContentType, rfc3339 } from '../matchers.js';
import { API_PREFIX } from '../participants.js';

const { eachLike, fromProviderState, like } = MatchersV3;

const EXAMPLE = {
  account: '0c2f6e1a-7b3d-4c5e-9f80-1a2b3c4d5e6f',
  profile: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  member: '7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9e0f',
  memberIdentity: '2b3c4d5e-6f70-4a81-9b2c-3d4e5f6a7b8c',
  control: 'ae54b3b4-cce6-4707-b34b-c9c4f0537798',
} as const;

export function accountInteractions(pact: PactV4): void {
  it('CreateAccount: opens a brokerage account with a profile for an APPROVED person', async () => {
    await pact
      .addInteraction()
      .given(STATES.personApproved, { ref_id: 'contract-account-owner' })
      .uponReceiving('a request to create an account with a profile')
      .withRequest('POST', `${API_PREFIX}/identity/accounts`, (b) =>
        b.headers({ authorization: bearerToken() }).jsonBody({
          create_profile: true,
          account: { identity_id: fromProviderState('${id}', EXAMPLE_IDS.identity), type: 'BROKERAGE', description: 'Brokerage account' },
        }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          id: anyUuid(EXAMPLE.account),
          identity_id: fromProviderState('${id}', EXAMPLE_IDS.identity),
          profile_id: anyUuid(EXAMPLE.profile),
          type: 'BROKERAGE',
          summary_status: identityStatus('APPROVED'),
          created_at: rfc3339('2025-01-07T14:30:02.123456Z'),
        }),
      )
      .executeTest(async (mock) => {
        const account = unwrap(
          await consumerClient(mock.url).createAccount({ create_profile: true, account: { identity_id: EXAMPLE_IDS.identity, type: 'BROKERAGE', description: 'Brokerage account' } }),
        );
        expect(account.identity_id).toBe(EXAMPLE_IDS.identity);
        expect(account.profile_id).toBe(EXAMPLE.profile);
      });
  });

  it('AddAccountMembers: adds a joint owner and returns it with its member id', async () => {
    await pact
      .addInteraction()
      .given(STATES.accountExists, { ref_id: 'contract-joint' })
      .uponReceiving('a request to add a beneficial owner to an account')
      .withRequest('POST', `${API_PREFIX}/identity/account-members`, (b) =>
        b.headers({ authorization: bearerToken() }).jsonBody({
          account_id: fromProviderState('${account_id}', EXAMPLE.account),
          members: [{ identity_id: fromProviderState('${member_id}', EXAMPLE.memberIdentity), roles: ['BENEFICIAL_OWNER'] }],
        }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          account_id: fromProviderState('${account_id}', EXAMPLE.account),
          members: eachLike({ id: anyUuid(EXAMPLE.member), identity_id: anyUuid(EXAMPLE.memberIdentity), roles: eachLike('BENEFICIAL_OWNER') }),
        }),
      )
      .executeTest(async (mock) => {
        const added = unwrap(await consumerClient(mock.url).addAccountMembers({ account_id: EXAMPLE.account, members: [{ identity_id: EXAMPLE.memberIdentity, roles: ['BENEFICIAL_OWNER'] }] }));
        expect(added.members?.[0]?.id).toBe(EXAMPLE.member);
      });
  });

  it('CreateIdentityControl: marks an identity DORMANT', async () => {
    await pact
      .addInteraction()
      .given(STATES.personApproved, { ref_id: 'contract-dormant' })
      .uponReceiving('a request to create a DORMANT identity control')
      .withRequest('POST', `${API_PREFIX}/identity/controls`, (b) =>
        b.headers({ authorization: bearerToken() }).jsonBody({
          identity_id: fromProviderState('${id}', EXAMPLE_IDS.identity),
          type: 'DORMANT',
          reason_code: 'INACTIVITY',
          reason: 'No activity for 180 days',
        }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          id: anyUuid(EXAMPLE.control),
          type: 'DORMANT',
          set_by: like('SET_BY_CLIENT'),
          is_overridable: true,
          reason_code: 'INACTIVITY',
          created_at: rfc3339('2025-01-07T14:30:02Z'),
        }),
      )
      .executeTest(async (mock) => {
        const control = unwrap(
          await consumerClient(mock.url).createIdentityControl({ identity_id: EXAMPLE_IDS.identity, type: 'DORMANT', reason_code: 'INACTIVITY', reason: 'No activity for 180 days' }),
        );
        expect(control.id).toBe(EXAMPLE.control);
        expect(control.is_overridable).toBe(true);
      });
  });

  it('DeleteIdentityControl: removes a client control by control_id', async () => {
    await pact
      .addInteraction()
      .given(STATES.dormantControlExists, { ref_id: 'contract-undormant' })
      .uponReceiving('a request to delete an identity control')
      .withRequest('DELETE', `${API_PREFIX}/identity/controls`, (b) =>
        b.headers({ authorization: bearerToken() }).query({ control_id: fromProviderState('${control_id}', EXAMPLE.control) }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody({}))
      .executeTest(async (mock) => {
        const result = await consumerClient(mock.url).deleteIdentityControl(EXAMPLE.control);
        expect(result.error).toBeUndefined();
        expect(result.response.status).toBe(200);
      });
  });
}
