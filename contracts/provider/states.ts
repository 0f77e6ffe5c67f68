/**
 * @module contracts/provider/states
 * The provider-state vocabulary shared by the consumer pacts and the verifier.
 * Names are present-tense sentences; `{name}` marks a parameter whose value
 * travels in the state's params. Each state returns values (ids, ref_ids,
 * cursors) that interactions pick up with `fromProviderState('${key}', …)`.
 *
 * Every state is set up through the public Paxos API only (token, Create
 * Identity, Sandbox Set Identity Status, Document Upload, List Events, Create
 * Account, Create Identity Control), so the
 * same handlers work against the simulator and against Paxos's sandbox.
 */

/** Provider-state names. Use the constant, not the sentence, in pacts. */
export const STATES = {
  /** Token endpoint: the client id and secret given to the verifier are valid. */
  clientCredentialsValid: 'the client credentials are valid',
  /** Params `{ref_id}`. Returns `ref_id` and `cip_id`, both unique for this run. */
  noIdentityWithRefId: 'no identity with ref_id {ref_id} exists',
  /** Params `{ref_id}`. Returns `id`, `ref_id`, and a fresh `cip_id` for a second create. */
  personExists: 'a PASSTHROUGH person identity {ref_id} exists',
  /** Params `{ref_id}`. Returns `id` and `ref_id` of an identity whose status is APPROVED. */
  personApproved: 'a PASSTHROUGH person identity {ref_id} is APPROVED',
  /** Params `{count}`. Returns `page_cursor` of page two of PERSON identities, newest first, one per page. */
  personsExist: 'at least {count} PASSTHROUGH person identities exist',
  /** Params `{ref_id, name}`. Returns `id` of an identity that has the uploaded document `name`. */
  documentUploaded: 'identity {ref_id} has an uploaded document {name}',
  /** Params `{ref_id}`. Returns `id`, `event_id` and `since` (an instant just before the event). */
  approvedEventExists: 'an identity.approved event exists for identity {ref_id}',
  /** Params `{ref_id}`. Returns `account_id` of an account of an APPROVED person, and `member_id`: another APPROVED person. */
  accountExists: 'an account {ref_id} of an APPROVED person exists, and another APPROVED person',
  /** Params `{ref_id}`. Returns `id` of an APPROVED person and `control_id` of its DORMANT client control. */
  dormantControlExists: 'identity {ref_id} has a DORMANT control set by the client',
  /** Returns `id`: a well-formed identity id that no identity has. */
  noIdentityWithId: 'no identity with id {id} exists',
  /** Requests are sent with an access token the provider never issued. */
  tokenInvalid: 'the access token is invalid',
  /** Requests are sent with a token requested for the identity scopes only. */
  noEventsScope: 'the client has no events:read_event scope',
} as const;

export type StateName = (typeof STATES)[keyof typeof STATES];

/** Message-pact states: one per identity event type. */
export const messageState = (eventType: string) => `an ${eventType} event exists`;

/** The scopes the contract's API interactions need (REFERENCE.md §1.4). */
export const FULL_SCOPES = [
  'identity:read_identity',
  'identity:write_identity',
  'events:read_event',
  'identity:read_account',
  'identity:write_account',
  'identity:read_identity_control',
  'identity:write_identity_control',
] as const;

/** The narrower scope set used for the 403 interaction: the same client, no events scope. */
export const NARROW_SCOPES = ['identity:read_identity', 'identity:write_identity'] as const;
