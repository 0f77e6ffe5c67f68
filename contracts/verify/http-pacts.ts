/**
 * @module contracts/verify/http-pacts
 * Verify the two HTTP pacts (OAuth token endpoint, Identity API) against one
 * target. Each pact runs through pact-js's Verifier with its own provider base
 * URL (Paxos serves them from two hosts); provider states come from
 * contracts/provider/, credentials only from the request filters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pactFileName, PROVIDERS } from '../consumer/participants.js';
import type { StateFailure } from '../provider/state-handlers.js';
import { interactionResults, type InteractionResult, type PactInteraction } from './results.js';
import { runPact, type PactRun } from './run-pact.js';
import type { Target } from './target.js';
import { apiVerifierSetup, oauthVerifierSetup, type SetupDeps } from './verifier-options.js';

export interface HttpVerification {
  interactions: InteractionResult[];
  stateFailures: StateFailure[];
  errors: string[];
}

/** @example const { interactions } = await verifyHttpPacts({ target, pactsDir: 'contracts/pacts', ids, fetch, sleep, now, timeoutMs: 60_000 }); */
export async function verifyHttpPacts(options: Omit<SetupDeps, 'stateFailures'> & { target: Target; pactsDir: string }): Promise<HttpVerification> {
  const { target, pactsDir } = options;
  const out: HttpVerification = { interactions: [], stateFailures: [], errors: [] };
  const deps: SetupDeps = { ...options, stateFailures: out.stateFailures };

  const oauthFile = join(pactsDir, pactFileName(PROVIDERS.oauth));
  collect(out, PROVIDERS.oauth, oauthFile, await runPact({ ...oauthVerifierSetup(target, deps), pactUrls: [oauthFile] }));
  const apiFile = join(pactsDir, pactFileName(PROVIDERS.api));
  collect(out, PROVIDERS.api, apiFile, await runPact({ ...apiVerifierSetup(target, deps), pactUrls: [apiFile] }));
  return out;
}

function collect(out: HttpVerification, provider: string, file: string, run: PactRun): void {
  out.interactions.push(...interactionResults(provider, readInteractions(file), run));
  if (run.crash) out.errors.push(`${provider}: ${run.crash}`);
}

/** The interactions listed in a pact file. */
export function readInteractions(file: string): PactInteraction[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { interactions: PactInteraction[] }).interactions;
}
