/**
 * @module contracts/consumer/interactions/identities
 * CreateIdentity, GetIdentity (with and without details), ListIdentities
 * (filters and a cursor), UpdateIdentity and SandboxSetIdentityStatus, each
 * driven through the typed client. Responses assert only what the client and
 * its callers read.
 */
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { unwrap } from '../../../src/index.js';
import { STATES } from '../../provider/states.js';
import { EXAMPLE_IDS, passthroughPersonBody, passthroughPersonTemplate } from '../bodies.js';
import { consumerClient } from '../client.js';
import { anyUuid, bearerToken, identityStatus, jsonContentType, rfc3339 } from '../matchers.js';
import { API_PREFIX } from '../participants.js';

const { eachLike, fromProviderState, like } = MatchersV3;

const IDENTITIES = `${API_PREFIX}/identity/identities`;
const identityPath = (suffix = '') => fromProviderState(`${IDENTITIES}/\${id}${suffix}`, `${IDENTITIES}/${EXAMPLE_IDS.identity}${suffix}`);

/** The fields every caller of Get/List/Create reads. */
const identitySummary = () => ({
  id: anyUuid(EXAMPLE_IDS.identity),
  type: 'PERSON',
  summary_status: identityStatus(),
  created_at: rfc3339('2025-01-07T14:30:02.123456Z'),
});

export function identityInteractions(pact: PactV4): void {
  it('CreateIdentity: creates a PASSTHROUGH person and returns it with its id and status', async () => {
    await pact
      .addInteraction()
      .given(STATES.noIdentityWithRefId, { ref_id: EXAMPLE_IDS.ref_id })
      .uponReceiving('a request to create a PASSTHROUGH person identity')
      .withRequest('POST', IDENTITIES, (b) => b.headers({ authorization: bearerToken() }).jsonBody(passthroughPersonTemplate()))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          ...identitySummary(),
          ref_id: fromProviderState('${ref_id}', EXAMPLE_IDS.ref_id),
          person_details: { verifier_type: 'PASSTHROUGH', id_verification_status: identityStatus('APPROVED') },
        }),
      )
      .executeTest(async (mock) => {
        const identity = unwrap(await consumerClient(mock.url).createIdentity(passthroughPersonBody(EXAMPLE_IDS)));
        expect(identity.id).toBe(EXAMPLE_IDS.identity);
        expect(identity.ref_id).toBe(EXAMPLE_IDS.ref_id);
        expect(identity.summary_status).toBe('PENDING');
      });
  });

  it('GetIdentity: returns the identity without person_details by default', async () => {
    await pact
      .addInteraction()
      .given(STATES.personExists, { ref_id: 'contract-get-person' })
      .uponReceiving('a request to get an identity')
      .withRequest('GET', identityPath(), (b) => b.headers({ authorization: bearerToken() }))
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody({ ...identitySummary(), ref_id: like('contract-get-person') }))
      .executeTest(async (mock) => {
        const identity = unwrap(await consumerClient(mock.url).getIdentity(EXAMPLE_IDS.identity));
        expect(identity.id).toBe(EXAMPLE_IDS.identity);
        expect(identity.type).toBe('PERSON');
      });
  });

  it('GetIdentity: returns person_details when include_details=true', async () => {
    await pact
      .addInteraction()
      .given(STATES.personExists, { ref_id: 'contract-get-details' })
      .uponReceiving('a request to get an identity with its details')
      .withRequest('GET', identityPath(), (b) => b.headers({ authorization: bearerToken() }).query({ include_details: 'true' }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          ...identitySummary(),
          person_details: {
            first_name: like('Ada'),
            last_name: like('Lovelace'),
            verifier_type: 'PASSTHROUGH',
            passthrough_verification_status: 'APPROVED',
            id_verification_status: identityStatus('APPROVED'),
            sanctions_verification_status: identityStatus('PENDING'),
          },
        }),
      )
      .executeTest(async (mock) => {
        const identity = unwrap(await consumerClient(mock.url).getIdentity(EXAMPLE_IDS.identity, { include_details: true }));
        expect(identity.person_details?.last_name).toBe('Lovelace');
      });
  });

  it('ListIdentities: filters by type and follows a page cursor', async () => {
    await pact
      .addInteraction()
      .given(STATES.personsExist, { count: 3 })
      .uponReceiving('a request for the second page of person identities, one per page')
      .withRequest('GET', IDENTITIES, (b) =>
        b.headers({ authorization: bearerToken() }).query({
          identity_type: 'PERSON',
          order: 'DESC',
          limit: '1',
          page_cursor: fromProviderState('${page_cursor}', 'example-page-cursor'),
        }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({ items: eachLike(identitySummary()), next_page_cursor: like('example-next-cursor') }),
      )
      .executeTest(async (mock) => {
        const page = unwrap(
          await consumerClient(mock.url).listIdentities({ identity_type: 'PERSON', order: 'DESC', limit: 1, page_cursor: 'example-page-cursor' }),
        );
        expect(page.items?.[0]?.type).toBe('PERSON');
        expect(page.next_page_cursor).toBe('example-next-cursor');
      });
  });

  it('UpdateIdentity: merges metadata and returns the updated identity', async () => {
    await pact
      .addInteraction()
      .given(STATES.personExists, { ref_id: 'contract-update-person' })
      .uponReceiving('a request to update the metadata of an identity')
      .withRequest('PUT', identityPath(), (b) => b.headers({ authorization: bearerToken() }).jsonBody({ metadata: { crm_id: 'crm-0042' } }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({ id: anyUuid(EXAMPLE_IDS.identity), metadata: { crm_id: 'crm-0042' } }),
      )
      .executeTest(async (mock) => {
        const identity = unwrap(await consumerClient(mock.url).updateIdentity(EXAMPLE_IDS.identity, { metadata: { crm_id: 'crm-0042' } }));
        expect(identity.metadata?.crm_id).toBe('crm-0042');
      });
  });

  it('SandboxSetIdentityStatus: sets the sub-statuses and answers with an empty object', async () => {
    await pact
      .addInteraction()
      .given(STATES.personExists, { ref_id: 'contract-sandbox-status' })
      .uponReceiving('a request to approve the checks of an identity in the sandbox')
      .withRequest('PUT', identityPath('/sandbox-status'), (b) =>
        b.headers({ authorization: bearerToken() }).jsonBody({ id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody({}))
      .executeTest(async (mock) => {
        const result = await consumerClient(mock.url).sandboxSetIdentityStatus(EXAMPLE_IDS.identity, {
          id_verification_status: 'APPROVED',
          sanctions_verification_status: 'APPROVED',
        });
        expect(result.response.status).toBe(200);
        expect(result.error).toBeUndefined();
      });
  });
}
