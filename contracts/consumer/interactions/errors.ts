/**
 * @module contracts/consumer/interactions/errors
 * The error answers the client turns into PaxosProblemError: 401 (a token the
 * provider does not know), 403 (a token without events:read_event), 404, 409
 * duplicate ref_id with `meta.existing.id`, and 400 validation. Only the
 * Problem members the client reads are asserted.
 */
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { PaxosProblemError, unwrap } from '../../../src/index.js';
import { NARROW_SCOPES, STATES } from '../../provider/states.js';
import { EXAMPLE_IDS, passthroughPersonBody, passthroughPersonTemplate } from '../bodies.js';
import { consumerClient } from '../client.js';
import { anyUuid, bearerToken, jsonContentType, problemBody } from '../matchers.js';
import { API_PREFIX } from '../participants.js';

const { fromProviderState, regex } = MatchersV3;

const IDENTITIES = `${API_PREFIX}/identity/identities`;

async function problemOf(call: Promise<Parameters<typeof unwrap>[0]>): Promise<PaxosProblemError> {
  try {
    unwrap(await call);
  } catch (err) {
    if (err instanceof PaxosProblemError) return err;
    throw err;
  }
  throw new Error('expected an error answer');
}

export function errorInteractions(pact: PactV4): void {
  it('401: a token the provider never issued is refused', async () => {
    await pact
      .addInteraction()
      .given(STATES.tokenInvalid)
      .uponReceiving('a request with an invalid access token')
      .withRequest('GET', IDENTITIES, (b) => b.headers({ authorization: bearerToken() }).query({ limit: '1' }))
      .willRespondWith(401, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody(problemBody(401, 'Unauthorized')))
      .executeTest(async (mock) => {
        const err = await problemOf(consumerClient(mock.url).listIdentities({ limit: 1 }));
        expect(err.status).toBe(401);
      });
  });

  it('403: listing events without the events:read_event scope is forbidden', async () => {
    await pact
      .addInteraction()
      .given(STATES.noEventsScope)
      .uponReceiving('a request to list events with a token lacking events:read_event')
      .withRequest('GET', `${API_PREFIX}/events`, (b) => b.headers({ authorization: bearerToken() }).query({ limit: '1' }))
      .willRespondWith(403, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody(
          problemBody(403, 'Forbidden', {
            pattern: '^insufficient scopes.*',
            example: "insufficient scopes: found 'identity:read_identity identity:write_identity', required one of '[events:read_event]'",
          }),
        ),
      )
      .executeTest(async (mock) => {
        const err = await problemOf(consumerClient(mock.url, { scopes: [...NARROW_SCOPES] }).listEvents({ limit: 1 }));
        expect(err.status).toBe(403);
        expect(err.detail).toMatch(/^insufficient scopes/);
      });
  });

  it('404: an unknown identity id is not found', async () => {
    await pact
      .addInteraction()
      .given(STATES.noIdentityWithId)
      .uponReceiving('a request to get an identity that does not exist')
      .withRequest('GET', fromProviderState(`${IDENTITIES}/\${id}`, `${IDENTITIES}/${EXAMPLE_IDS.identity}`), (b) =>
        b.headers({ authorization: bearerToken() }),
      )
      .willRespondWith(404, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody(problemBody(404, 'Not Found')))
      .executeTest(async (mock) => {
        const err = await problemOf(consumerClient(mock.url).getIdentity(EXAMPLE_IDS.identity));
        expect(err.status).toBe(404);
      });
  });

  it('409: a second create with the same ref_id names the existing identity', async () => {
    await pact
      .addInteraction()
      .given(STATES.personExists, { ref_id: 'contract-duplicate-person' })
      .uponReceiving('a request to create an identity with a ref_id that is taken')
      .withRequest('POST', IDENTITIES, (b) => b.headers({ authorization: bearerToken() }).jsonBody(passthroughPersonTemplate()))
      .willRespondWith(409, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          ...problemBody(409, 'Already Exists', { pattern: '.*ref_id.*', example: 'duplicate ref_id provided' }),
          type: regex('^.*already-exists$', 'https://developer.paxos.com/docs/v2/problems/already-exists'),
          meta: { existing: { id: anyUuid(EXAMPLE_IDS.identity) } },
        }),
      )
      .executeTest(async (mock) => {
        const err = await problemOf(consumerClient(mock.url).createIdentity(passthroughPersonBody(EXAMPLE_IDS)));
        expect(err.status).toBe(409);
        expect(err.existingId).toBe(EXAMPLE_IDS.identity);
      });
  });

  it('400: an invalid create request is rejected', async () => {
    const invalid = passthroughPersonTemplate() as { person_details: Record<string, unknown> };
    invalid.person_details = { ...invalid.person_details, date_of_birth: '31/12/1990' };
    const sent = passthroughPersonBody(EXAMPLE_IDS);
    sent.person_details = { ...sent.person_details, date_of_birth: '31/12/1990' };
    await pact
      .addInteraction()
      .given(STATES.noIdentityWithRefId, { ref_id: 'contract-invalid-person' })
      .uponReceiving('a request to create a person with a malformed date_of_birth')
      .withRequest('POST', IDENTITIES, (b) => b.headers({ authorization: bearerToken() }).jsonBody(invalid))
      .willRespondWith(400, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody(problemBody(400, 'Bad Request')))
      .executeTest(async (mock) => {
        const err = await problemOf(consumerClient(mock.url).createIdentity(sent));
        expect(err.status).toBe(400);
      });
  });
}
