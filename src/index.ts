/**
 * @module paxos-identity-sandbox
 * Public surface of the typed Paxos Identity client. Curated on purpose: the
 * generated module is never re-exported wholesale.
 */

// The client
export { createPaxosClient } from './client.js';
export type { PaxosClient, DocumentUploadInput } from './client.js';
export { CLIENT_SCOPES, ENVIRONMENTS } from './options.js';
export type { PaxosClientOptions, PaxosEnvironment } from './options.js';
export type { FetchLike } from './fetch.js';
export type { RetryPolicy } from './retry.js';
export type { PaxosResult, OperationId, SuccessData, CallOptions } from './result.js';

// Errors and unwrap()
export {
  unwrap,
  PaxosError,
  PaxosProblemError,
  PaxosNetworkError,
  PaxosAuthError,
  PaxosTimeoutError,
  PaxosPaginationError,
} from './errors.js';

// Tokens (used by the client; exported for custom transports)
export { createTokenSource } from './auth.js';
export type { TokenSource, TokenSourceOptions } from './auth.js';

// Pagination and waiting
export { iterateIdentities, iterateEvents, createEventPager, iterateAccounts, iterateProfiles, iterateIdentityControls } from './pagination.js';
export { waitForDecision, identityStatus } from './wait.js';
export type { WaitForDecisionOptions } from './wait.js';

// Webhooks
export { createWebhookHandler, parseNotification } from './webhooks.js';
export type { WebhookHandlers, WebhookHandlerOptions, IdentityEventObject } from './webhooks.js';
export { toNodeHandler } from './webhooks-node.js';
export { createMemoryDedupeStore } from './dedupe.js';
export type { DedupeStore } from './dedupe.js';

// Testing: startSimulator() itself is imported from `paxos-identity-sandbox/testing`
// (src/testing.ts), so this entry never loads the simulator (hono, lowdb, node:fs);
// its types are named here too.
export type {
  RunningSimulator,
  StartSimulatorOptions,
  SimulatorClock,
  SimulatorWebhooks,
  SimulatorCredentials,
  RegisterWebhookInput,
  WebhookDelivery,
} from './testing.js';

// Wire types, named once in src/types.ts from the generated spec types
export type {
  paths,
  operations,
  Account,
  AccountType,
  AccountMember,
  AccountRoleType,
  CreateAccountRequest,
  UpdateAccountRequest,
  ListAccountsResponse,
  ListAccountsQuery,
  AddAccountMembersRequest,
  AddAccountMembersResponse,
  Profile,
  ProfileBalance,
  ListProfilesResponse,
  ListProfilesQuery,
  ListProfileBalancesResponse,
  CreateProfileRequest,
  UpdateProfileRequest,
  SandboxDepositRequest,
  SandboxDepositResponse,
  IdentityControlType,
  IdentityControlReasonCode,
  ClientIdentityControlType,
  CreateIdentityControlRequest,
  ListIdentityControlsResponse,
  ListIdentityControlsQuery,
  IdentityControlEvent,
  Identity,
  IdentityStatus,
  IdentityType,
  PersonDetails,
  InstitutionDetails,
  IdentityMailingAddress,
  TaxDetail,
  CustomerDueDiligence,
  CreateIdentityRequest,
  UpdateIdentityRequest,
  SandboxSetIdentityStatusRequest,
  ListIdentitiesResponse,
  ListIdentitiesQuery,
  GetIdentityQuery,
  VerifierType,
  PassthroughVerifierType,
  PassthroughVerificationField,
  PersonCipIdType,
  InstitutionCipIdType,
  InstitutionType,
  InstitutionSubType,
  StatusDetails,
  IdentityRequirement,
  IdentityRequirementType,
  RequirementErrorCode,
  IdentityControl,
  InstitutionMember,
  InstitutionRoleType,
  AddInstitutionMembersRequest,
  AddInstitutionMembersResponse,
  DocumentType,
  DocumentDescription,
  DocumentUploadRequest,
  DocumentUploadResponse,
  ListIdentityDocumentsResponse,
  ListIdentityDocumentsQuery,
  Event,
  ListEventsResponse,
  ListEventsQuery,
  GetEventQuery,
  IdentityEventType,
  IdentitySummaryStatusChange,
  IdentityDocumentsRequired,
  IdentityKycRefresh,
  WebhookEventNotification,
  Problem,
  TokenResponse,
  OAuthError,
} from './types.js';
