/**
 * @module contracts/verify/verifier-options
 * The verifier setup for one target, as pact-js Verifier options without the
 * pact files: provider base URL, provider-state handlers, request filter and
 * timeout. contracts/verify.ts uses it for our pacts; teams use it (through
 * contracts/index.ts) to verify their own pacts against the same targets.
 */
import type { VerifierOptions } from '@pact-foundation/pact';
import { createTokenSource, type FetchLike } from '../../src/index.js';
import { PROVIDERS } from '../consumer/participants.js';
import { createDriver } from '../provider/driver.js';
import type { RunIds } from '../provider/run-ids.js';
import { createStateHandlers, type AuthSwitch, type StateFailure } from '../provider/state-handlers.js';
import { FULL_SCOPES, NARROW_SCOPES, STATES } from '../provider/states.js';
import { createApiRequestFilter, createTokenRequestFilter } from './request-filter.js';
import type { Target } from './target.js';

export interface SetupDeps {
  ids: RunIds;
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Per request (and per provider-state setup) timeout of the verifier. */
  timeoutMs: number;
  /** Provider states that failed are appended here. */
  stateFailures: StateFailure[];
}

/** Options without `pactUrls`; add your pact files (or broker settings) and call `new Verifier(…).verifyProvider()`. */
export type VerifierSetup = Omit<VerifierOptions, 'pactUrls'>;

/**
 * Verifier options for pacts with the Identity API (`paxos-identity-api`).
 * @example
 * const setup = apiVerifierSetup(target, { ids, fetch, sleep, now: Date.now, timeoutMs: 60_000, stateFailures: [] });
 * await new Verifier({ ...setup, pactUrls: ['pacts/my-app-paxos-identity-api.json'] }).verifyProvider();
 */
export function apiVerifierSetup(target: Target, deps: SetupDeps): VerifierSetup {
  const { ids, fetch, sleep, now, timeoutMs } = deps;
  const auth: AuthSwitch = { mode: 'full' };
  const tokens = (scopes: readonly string[]) => createTokenSource({ ...target, scopes: [...scopes], fetch, timeoutMs, now });
  const full = tokens(FULL_SCOPES);
  const narrow = tokens(NARROW_SCOPES);
  const driver = createDriver({ client: { ...target, fetch, scopes: [...FULL_SCOPES] }, ids, sleep, now });
  return {
    provider: PROVIDERS.api,
    providerBaseUrl: new URL(target.baseUrl).origin,
    stateHandlers: createStateHandlers({ driver, auth, failures: deps.stateFailures }) as VerifierOptions['stateHandlers'],
    // Every interaction starts with a full-scope token; the auth states narrow or spoil it.
    beforeEach: async () => {
      auth.mode = 'full';
    },
    requestFilter: createApiRequestFilter({
      basePath: new URL(target.baseUrl).pathname,
      auth,
      tokens: { full: () => full.get(), narrow: () => narrow.get() },
      invalidToken: `invalid-token-${ids.runId}`,
    }) as unknown as VerifierOptions['requestFilter'],
    timeout: timeoutMs,
  };
}

/**
 * Verifier options for pacts with the token endpoint (`paxos-oauth`).
 * @example await new Verifier({ ...oauthVerifierSetup(target, { timeoutMs: 60_000 }), pactUrls: [file] }).verifyProvider();
 */
export function oauthVerifierSetup(target: Target, deps: Pick<SetupDeps, 'timeoutMs'>): VerifierSetup {
  const tokenUrl = new URL(target.tokenUrl);
  return {
    provider: PROVIDERS.oauth,
    providerBaseUrl: tokenUrl.origin,
    // Nothing to set up: the filter puts the target's credentials into the request.
    stateHandlers: { [STATES.clientCredentialsValid]: async () => ({}) },
    requestFilter: createTokenRequestFilter({ tokenPath: tokenUrl.pathname, clientId: target.clientId, clientSecret: target.clientSecret }) as unknown as VerifierOptions['requestFilter'],
    timeout: deps.timeoutMs,
  };
}
