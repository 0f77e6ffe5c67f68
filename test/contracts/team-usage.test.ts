/**
 * The helpers exported from contracts/index.ts, used the way docs/contracts.md
 * tells a team to: a pact for their own application built with our state
 * names and matchers, then verified against a simulator with the same
 * verifier setup contracts/verify.ts uses.
 */
import { MatchersV3, PactV4, Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_PREFIX, apiVerifierSetup, bearerToken, createRunIds, EXAMPLE_IDS, identityStatus, PROVIDERS, STATES, simulatorTarget, temporaryPactDir, type Target,
} from '../../contracts/index.js';
import { createPaxosClient, unwrap } from '../../src/index.js';

const { fromProviderState, like } = MatchersV3;

describe('a team pact built and verified with contracts/index.ts', () => {
  const dir = temporaryPactDir();
  let target: Target;
  beforeAll(async () => {
    target = await simulatorTarget();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('records the team interaction on the Pact mock server', async () => {
    const pact = new PactV4({ consumer: 'example-onboarding-app', provider: PROVIDERS.api, dir, logLevel: 'error' });
    await pact
      .addInteraction()
      .given(STATES.personApproved, { ref_id: 'onboarding-approved' })
      .uponReceiving('a request for an approved customer')
      .withRequest('GET', fromProviderState(`${API_PREFIX}/identity/identities/\${id}`, `${API_PREFIX}/identity/identities/${EXAMPLE_IDS.identity}`), (b) =>
        b.headers({ authorization: bearerToken() }),
      )
      .willRespondWith(200, (b) => b.jsonBody({ id: like(EXAMPLE_IDS.identity), status: identityStatus('APPROVED'), summary_status: 'APPROVED' }))
      .executeTest(async (mock) => {
        const client = createPaxosClient({
          baseUrl: `${mock.url}${API_PREFIX}`,
          tokenUrl: 'https://oauth.example.test/oauth2/token',
          clientId: 'id',
          clientSecret: 'secret',
          fetch: (request, init) =>
            request.url.startsWith('https://oauth.example.test/')
              ? Response.json({ access_token: 't', token_type: 'bearer', expires_in: 3599 })
              : globalThis.fetch(request, init),
        });
        expect(unwrap(await client.getIdentity(EXAMPLE_IDS.identity)).summary_status).toBe('APPROVED');
      });
  });

  it('verifies that pact against a simulator with apiVerifierSetup', async () => {
    const setup = apiVerifierSetup(target, {
      ids: createRunIds({ runId: 'teamtest', random: () => 0.42 }),
      fetch: (request, init) => globalThis.fetch(request, init),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      timeoutMs: 20_000,
      stateFailures: [],
    });
    const output = await new Verifier({ ...setup, logLevel: 'error', pactUrls: [`${dir}/example-onboarding-app-${PROVIDERS.api}.json`] }).verifyProvider();
    expect(JSON.parse(output)).toMatchObject({ result: true });
  }, 60_000);
});
