/**
 * @module contracts
 * Helpers for teams that write pacts for their own application against Paxos
 * and verify them the way this kit verifies its own: against the simulator or
 * against their Paxos sandbox credentials. Curated: pact names, provider-state
 * names, matchers, example bodies, and the verifier setup per target.
 */

// Who is in a pact, and the paths the pacts use
export { CONSUMER, PROVIDERS, API_PREFIX, TOKEN_PATH, pactFileName } from './consumer/participants.js';
export type { ProviderName } from './consumer/participants.js';

// Provider states (present tense; `{param}` values travel in the state params)
export { STATES, messageState, FULL_SCOPES, NARROW_SCOPES } from './provider/states.js';
export type { StateName } from './provider/states.js';

// Matchers and example bodies for consumer pacts
export { bearerToken, rfc3339, identityStatus, anyUuid, jsonContentType, problemBody, formBody, RFC3339 } from './consumer/matchers.js';
export { passthroughPersonBody, passthroughPersonTemplate, EXAMPLE_IDS } from './consumer/bodies.js';

// Keeping committed pacts honest
export { checkPactFile, normalisePact, temporaryPactDir } from './consumer/pact-files.js';

// Verifier setup: targets, provider states, request filters
export { sandboxTarget, simulatorTarget, SANDBOX_VARIABLES } from './verify/target.js';
export type { Target, TargetName } from './verify/target.js';
export { apiVerifierSetup, oauthVerifierSetup } from './verify/verifier-options.js';
export type { SetupDeps, VerifierSetup } from './verify/verifier-options.js';
export { createRunIds, newRunId } from './provider/run-ids.js';
export type { RunIds } from './provider/run-ids.js';
export { preflight } from './verify/preflight.js';

// Results and drift
export { compareResults, renderDrift } from './verify/drift-compare.js';
export type { InteractionResult, TargetResults } from './verify/results.js';
