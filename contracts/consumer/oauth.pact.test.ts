/**
 * Consumer pact: the client's token source against the OAuth2 token endpoint
 * (its own host at Paxos, hence its own pact). The credentials are matchers
 * with placeholder examples; the verifier substitutes the real ones.
 */
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenSource } from '../../src/index.js';
import { FULL_SCOPES, NARROW_SCOPES, STATES } from '../provider/states.js';
import { formBody, jsonContentType } from './matchers.js';
import { checkPactFile, temporaryPactDir, updateRequested } from './pact-files.js';
import { CONSUMER, PROVIDERS, TOKEN_PATH } from './participants.js';

const { integer, like, regex } = MatchersV3;

const dir = temporaryPactDir();
const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDERS.oauth, dir, logLevel: 'error' });

/** The form the client posts (REFERENCE.md §1.1); credentials as matchers, never real values. */
const tokenForm = (scopes: readonly string[]) => ({
  grant_type: 'client_credentials',
  client_id: regex('^\\S+$', 'example-client-id'),
  client_secret: regex('^\\S+$', 'example-client-secret'),
  scope: scopes.join(' '),
});

const tokenResponse = (scopes: readonly string[]) => ({
  access_token: like('example-access-token'),
  token_type: regex('^[Bb]earer$', 'bearer'),
  expires_in: integer(3599),
  scope: like(scopes.join(' ')),
});

async function tokenFrom(url: string, scopes: readonly string[]) {
  const tokens = createTokenSource({
    tokenUrl: `${url}${TOKEN_PATH}`,
    clientId: 'example-client-id',
    clientSecret: 'example-client-secret',
    scopes,
    fetch: (request, init) => globalThis.fetch(request, init),
    timeoutMs: 10_000,
  });
  return tokens.get();
}

describe('paxos-oauth pact', () => {
  it('issues a bearer token for the identity and events scopes', async () => {
    await pact
      .addInteraction()
      .given(STATES.clientCredentialsValid)
      .uponReceiving('a client-credentials token request for the identity and events scopes')
      .withRequest('POST', TOKEN_PATH, (b) => formBody(b, tokenForm(FULL_SCOPES)))
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody(tokenResponse(FULL_SCOPES)))
      .executeTest(async (mock) => {
        expect(await tokenFrom(mock.url, FULL_SCOPES)).toBe('example-access-token');
      });
  });

  it('issues a token for fewer scopes than the client holds', async () => {
    await pact
      .addInteraction()
      .given(STATES.clientCredentialsValid)
      .uponReceiving('a client-credentials token request for the identity scopes only')
      .withRequest('POST', TOKEN_PATH, (b) => formBody(b, tokenForm(NARROW_SCOPES)))
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody(tokenResponse(NARROW_SCOPES)))
      .executeTest(async (mock) => {
        expect(await tokenFrom(mock.url, NARROW_SCOPES)).toBe('example-access-token');
      });
  });

  afterAll(() => {
    const check = checkPactFile({ provider: PROVIDERS.oauth, generatedDir: dir, update: updateRequested(process.env) });
    expect(check.ok, check.message).toBe(true);
  });
});
