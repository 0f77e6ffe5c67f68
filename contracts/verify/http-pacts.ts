/**
 * @module contracts/verify/http-pacts
 * Verify the two HTTP pacts (OAuth token endpoint, Identity API) against one
 * target. Each pact runs through pact-js's Verifier with its own provider base
 * URL (Paxos serves them from two hosts); provider states come from
 * contracts/provider/, credentials only from the request filters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenSource, type FetchLike } from '../../src/index.js';
import { pactFileName, PROVIDERS } from '../consumer/participants.js';
import { createDriver } from '../provider/driver.js';
import type { RunIds } from '../provider/run-ids.js';
import { createStateHandlers, type AuthSwitch, type StateFailure } from '../provider/state-handlers.js';
import { FULL_SCOPES, NARROW_SCOPES, STATES } from '../provider/states.js';
import { createApiRequestFilter, createTokenRequestFilter } from './request-filter.js';
import { interactionResults, type InteractionResult, type PactInteraction } from './results.js';
import { runPact } from './run-pact.js';
import type { Target } from './target.js';

export interface HttpVerificationOptions {
  target: Target;
  pactsDir: string;
  ids: RunIds;
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Per request (and per provider-state setup) timeout of the verifier. */
  timeoutMs: number;
}

export interface HttpVerification {
  interactions: InteractionResult[];
  stateFailures: StateFailure[];
  errors: string[];
}

/** @example const { interactions } = await verifyHttpPacts({ target, pactsDir: 'contracts/pacts', ids, fetch, sleep, now, timeoutMs: 60_000 }); */
export async function verifyHttpPacts(options: HttpVerificationOptions): Promise<HttpVerification> {
  const { target, pactsDir, ids, fetch, sleep, now, timeoutMs } = options;
  const out: HttpVerification = { interactions: [], stateFailures: [], errors: [] };
  const tokenUrl = new URL(target.tokenUrl);
  const baseUrl = new URL(target.baseUrl);

  // 1. the token endpoint, on its own host
  const oauthFile = join(pactsDir, pactFileName(PROVIDERS.oauth));
  const oauth = await runPact({
    provider: PROVIDERS.oauth,
    providerBaseUrl: tokenUrl.origin,
    pactUrls: [oauthFile],
    // Nothing to set up: the filter puts the target's credentials into the request.
    stateHandlers: { [STATES.clientCredentialsValid]: async () => ({}) },
    requestFilter: createTokenRequestFilter({ tokenPath: tokenUrl.pathname, clientId: target.clientId, clientSecret: target.clientSecret }) as never,
    timeout: timeoutMs,
  });
  collect(out, PROVIDERS.oauth, oauthFile, oauth);

  // 2. the Identity and Events API
  const auth: AuthSwitch = { mode: 'full' };
  const tokens = (scopes: readonly string[]) => createTokenSource({ ...target, scopes: [...scopes], fetch, timeoutMs, now });
  const full = tokens(FULL_SCOPES);
  const narrow = tokens(NARROW_SCOPES);
  const driver = createDriver({ client: { ...target, fetch, scopes: [...FULL_SCOPES] }, ids, sleep, now });
  const apiFile = join(pactsDir, pactFileName(PROVIDERS.api));
  const api = await runPact({
    provider: PROVIDERS.api,
    providerBaseUrl: baseUrl.origin,
    pactUrls: [apiFile],
    stateHandlers: createStateHandlers({ driver, auth, failures: out.stateFailures }) as never,
    beforeEach: async () => {
      auth.mode = 'full';
    },
    requestFilter: createApiRequestFilter({
      basePath: baseUrl.pathname,
      auth,
      tokens: { full: () => full.get(), narrow: () => narrow.get() },
      invalidToken: `invalid-token-${ids.runId}`,
    }) as never,
    timeout: timeoutMs,
  });
  collect(out, PROVIDERS.api, apiFile, api);
  return out;
}

function collect(out: HttpVerification, provider: string, file: string, run: Awaited<ReturnType<typeof runPact>>): void {
  out.interactions.push(...interactionResults(provider, readInteractions(file), run));
  if (run.crash) out.errors.push(`${provider}: ${run.crash}`);
}

/** The interactions listed in a pact file. */
export function readInteractions(file: string): PactInteraction[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { interactions: PactInteraction[] }).interactions;
}
