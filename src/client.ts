/**
 * @module client
 * createPaxosClient(): a thin typed layer over openapi-fetch's
 * `createClient<paths>`. One method per operation of our spec, each returning
 * openapi-fetch's `{ data, error, response }` tagged with its operationId;
 * request and response types come only from the generated `paths`.
 */
import createClient, { type Client } from 'openapi-fetch';
import { createTokenSource } from './auth.js';
import { existingIdOf, toProblem } from './errors.js';
import { resolveOptions, type PaxosClientOptions } from './options.js';
import { iterateAccounts, iterateEvents, iterateIdentities, iterateIdentityControls, iterateProfiles } from './pagination.js';
import { tagged, type CallOptions, type PaxosResult } from './result.js';
import { createTransport } from './transport.js';
import type {
  Account, AddAccountMembersRequest, CreateAccountRequest, CreateIdentityControlRequest, CreateProfileRequest,
  DeleteIdentityControlQuery, GetProfileQuery, IdentityControl, ListAccountsQuery, ListIdentityControlsQuery,
  ListProfileBalancesQuery, ListProfilesQuery, Profile, SandboxDepositRequest, UpdateAccountRequest, UpdateProfileRequest,
  AddInstitutionMembersRequest, CreateIdentityRequest, DocumentUploadRequest, Event, GetEventQuery, GetIdentityQuery,
  Identity, ListEventsQuery, ListIdentitiesQuery, ListIdentityDocumentsQuery, paths, SandboxSetIdentityStatusRequest,
  UpdateIdentityRequest,
} from './types.js';

/** Document metadata plus the file itself, for uploadDocument(). */
export type DocumentUploadInput = DocumentUploadRequest & {
  content: Uint8Array | ArrayBuffer | Blob;
  /** MIME type of `content`: `application/pdf`, `image/jpeg` or `image/png`. */
  contentType: string;
};

export interface PaxosClient {
  /** The underlying openapi-fetch client (authenticated, with timeouts and retries). */
  readonly raw: Client<paths>;
  createIdentity(body: CreateIdentityRequest, init?: CallOptions): Promise<PaxosResult<'CreateIdentity'>>;
  getIdentity(id: string, query?: GetIdentityQuery, init?: CallOptions): Promise<PaxosResult<'GetIdentity'>>;
  listIdentities(query?: ListIdentitiesQuery, init?: CallOptions): Promise<PaxosResult<'ListIdentities'>>;
  updateIdentity(id: string, body: UpdateIdentityRequest, init?: CallOptions): Promise<PaxosResult<'UpdateIdentity'>>;
  sandboxSetIdentityStatus(id: string, body: SandboxSetIdentityStatusRequest, init?: CallOptions): Promise<PaxosResult<'SandboxSetIdentityStatus'>>;
  listIdentityDocuments(identityId: string, query?: ListIdentityDocumentsQuery, init?: CallOptions): Promise<PaxosResult<'ListIdentityDocuments'>>;
  /** DocumentUpload, then PUT the bytes to the returned `upload_url`. */
  uploadDocument(identityId: string, input: DocumentUploadInput, init?: CallOptions): Promise<PaxosResult<'DocumentUpload'>>;
  addInstitutionMembers(body: AddInstitutionMembersRequest, init?: CallOptions): Promise<PaxosResult<'AddInstitutionMembers'>>;
  /** `memberId` is the institution member id, not the member's identity id. */
  deleteInstitutionMember(memberId: string, init?: CallOptions): Promise<PaxosResult<'DeleteInstitutionMember'>>;
  listEvents(query?: ListEventsQuery, init?: CallOptions): Promise<PaxosResult<'ListEvents'>>;
  getEvent(id: string, query?: GetEventQuery, init?: CallOptions): Promise<PaxosResult<'GetEvent'>>;
  createAccount(body: CreateAccountRequest, init?: CallOptions): Promise<PaxosResult<'CreateAccount'>>;
  /** `body.account.id` names the account; `members`, when sent, is the complete list. */
  updateAccount(body: UpdateAccountRequest, init?: CallOptions): Promise<PaxosResult<'UpdateAccount'>>;
  getAccount(id: string, init?: CallOptions): Promise<PaxosResult<'GetAccount'>>;
  listAccounts(query?: ListAccountsQuery, init?: CallOptions): Promise<PaxosResult<'ListAccounts'>>;
  addAccountMembers(body: AddAccountMembersRequest, init?: CallOptions): Promise<PaxosResult<'AddAccountMembers'>>;
  /** `memberId` is the account member id, not the member's identity id. */
  deleteAccountMember(memberId: string, init?: CallOptions): Promise<PaxosResult<'DeleteAccountMember'>>;
  listProfiles(query?: ListProfilesQuery, init?: CallOptions): Promise<PaxosResult<'ListProfiles'>>;
  createProfile(body: CreateProfileRequest, init?: CallOptions): Promise<PaxosResult<'CreateProfile'>>;
  getProfile(profileId: string, query?: GetProfileQuery, init?: CallOptions): Promise<PaxosResult<'GetProfile'>>;
  updateProfile(profileId: string, body: UpdateProfileRequest, init?: CallOptions): Promise<PaxosResult<'UpdateProfile'>>;
  listProfileBalances(profileId: string, query?: ListProfileBalancesQuery, init?: CallOptions): Promise<PaxosResult<'ListProfileBalances'>>;
  getProfileBalance(profileId: string, asset: string, init?: CallOptions): Promise<PaxosResult<'GetProfileBalance'>>;
  deactivateProfile(profileId: string, init?: CallOptions): Promise<PaxosResult<'DeactivateProfile'>>;
  /** Sandbox only: credit test funds to a profile. */
  sandboxDeposit(profileId: string, body: SandboxDepositRequest, init?: CallOptions): Promise<PaxosResult<'CreateSandboxDeposit'>>;
  listIdentityControls(query: ListIdentityControlsQuery, init?: CallOptions): Promise<PaxosResult<'ListIdentityControls'>>;
  createIdentityControl(body: CreateIdentityControlRequest, init?: CallOptions): Promise<PaxosResult<'CreateIdentityControl'>>;
  /** Removes an overridable control (`control_id` query parameter, as Paxos's spec has it). */
  deleteIdentityControl(controlId: string, query?: Omit<DeleteIdentityControlQuery, 'control_id'>, init?: CallOptions): Promise<PaxosResult<'DeleteIdentityControl'>>;
  /** Every account matching `query`, page by page. Throws PaxosProblemError. */
  iterateAccounts(query?: ListAccountsQuery, init?: CallOptions): AsyncGenerator<Account>;
  /** Every profile matching `query`, page by page. Throws PaxosProblemError. */
  iterateProfiles(query?: ListProfilesQuery, init?: CallOptions): AsyncGenerator<Profile>;
  /** Every control of an identity, page by page. Throws PaxosProblemError. */
  iterateIdentityControls(query: ListIdentityControlsQuery, init?: CallOptions): AsyncGenerator<IdentityControl>;
  /** Every identity matching `query`, page by page (`page_cursor`). Throws PaxosProblemError. */
  iterateIdentities(query?: ListIdentitiesQuery, init?: CallOptions): AsyncGenerator<Identity>;
  /** Every event matching `query`, oldest first (`created_at.gt` paging). Throws PaxosProblemError. */
  iterateEvents(query?: ListEventsQuery, init?: CallOptions): AsyncGenerator<Event>;
}

/**
 * Create a client for the Paxos Identity and Events API (or the simulator).
 * Throws TypeError for missing credentials or a malformed URL.
 * @example
 * const paxos = createPaxosClient({
 *   baseUrl: 'http://127.0.0.1:4010/v2', tokenUrl: 'http://127.0.0.1:4010/oauth2/token',
 *   clientId: 'paxos-sim-client', clientSecret: 'paxos-sim-secret',
 * });
 * const { data, error } = await paxos.getIdentity(id, { include_details: true });
 */
export function createPaxosClient(options: PaxosClientOptions): PaxosClient {
  const o = resolveOptions(options);
  const runtime = { fetch: o.fetch, timeoutMs: o.timeoutMs, retry: o.retry, random: o.random, sleep: o.sleep, now: o.now };
  const tokens = createTokenSource({ ...o, fetch: o.fetch });
  const api = createTransport({ ...runtime, tokens });
  const storage = createTransport(runtime); // pre-signed upload URLs take no bearer token
  const raw = createClient<paths>({ baseUrl: o.baseUrl, fetch: api.fetchWith() });

  const client: PaxosClient = {
    raw,
    async createIdentity(body, init) {
      // Paxos has no idempotency key; a `ref_id` makes a repeat detectable (409), so only then is POST retried.
      let ambiguous = false;
      const fetch = api.fetchWith({ retryUnsafe: Boolean(body.ref_id), onAmbiguousRetry: () => (ambiguous = true) });
      const result = tagged('CreateIdentity', await raw.POST('/identity/identities', { body, fetch, signal: init?.signal }));
      const existingId = result.response.status === 409 ? existingIdOf(result.error) : undefined;
      if (ambiguous && existingId && /ref_id/.test(result.error?.detail ?? '')) {
        // Our own earlier attempt got through before the failure: hand back that identity.
        const found = await client.getIdentity(existingId, { include_details: true }, init);
        if (found.data) return tagged('CreateIdentity', found);
      }
      return result;
    },
    async getIdentity(id, query, init) {
      return tagged('GetIdentity', await raw.GET('/identity/identities/{id}', { params: { path: { id }, query }, signal: init?.signal }));
    },
    async listIdentities(query, init) {
      return tagged('ListIdentities', await raw.GET('/identity/identities', { params: { query }, signal: init?.signal }));
    },
    async updateIdentity(id, body, init) {
      return tagged('UpdateIdentity', await raw.PUT('/identity/identities/{id}', { params: { path: { id } }, body, signal: init?.signal }));
    },
    async sandboxSetIdentityStatus(id, body, init) {
      return tagged(
        'SandboxSetIdentityStatus',
        await raw.PUT('/identity/identities/{id}/sandbox-status', { params: { path: { id } }, body, signal: init?.signal }),
      );
    },
    async listIdentityDocuments(identityId, query, init) {
      return tagged(
        'ListIdentityDocuments',
        await raw.GET('/identity/identities/{identity_id}/documents', { params: { path: { identity_id: identityId }, query }, signal: init?.signal }),
      );
    },
    async uploadDocument(identityId, input, init) {
      const { content, contentType, ...metadata } = input;
      const registered = tagged(
        'DocumentUpload',
        await raw.PUT('/identity/identities/{identity_id}/documents', {
          params: { path: { identity_id: identityId } },
          body: metadata,
          signal: init?.signal,
        }),
      );
      if (!registered.data?.upload_url) return registered;
      const upload = new Request(registered.data.upload_url, {
        method: 'PUT',
        headers: { 'content-type': contentType },
        body: content as BodyInit, // a Buffer or Uint8Array is a valid body at runtime
        signal: init?.signal,
      });
      const stored = await storage.send(upload);
      if (stored.ok) return registered;
      const problem = toProblem(await stored.text(), stored);
      return tagged('DocumentUpload', { error: { ...problem, detail: `uploading the file failed: ${problem.detail ?? stored.status}` }, response: stored });
    },
    async addInstitutionMembers(body, init) {
      return tagged('AddInstitutionMembers', await raw.POST('/identity/institution-members', { body, signal: init?.signal }));
    },
    async deleteInstitutionMember(memberId, init) {
      return tagged(
        'DeleteInstitutionMember',
        await raw.DELETE('/identity/institution-members/{id}', { params: { path: { id: memberId } }, signal: init?.signal }),
      );
    },
    async listEvents(query, init) {
      return tagged('ListEvents', await raw.GET('/events', { params: { query }, signal: init?.signal }));
    },
    async getEvent(id, query, init) {
      return tagged('GetEvent', await raw.GET('/events/{id}', { params: { path: { id }, query }, signal: init?.signal }));
    },
    async createAccount(body, init) {
      return tagged('CreateAccount', await raw.POST('/identity/accounts', { body, signal: init?.signal }));
    },
    async updateAccount(body, init) {
      return tagged('UpdateAccount', await raw.PUT('/identity/accounts', { body, signal: init?.signal }));
    },
    async getAccount(id, init) {
      return tagged('GetAccount', await raw.GET('/identity/accounts/{id}', { params: { path: { id } }, signal: init?.signal }));
    },
    async listAccounts(query, init) {
      return tagged('ListAccounts', await raw.GET('/identity/accounts', { params: { query }, signal: init?.signal }));
    },
    async addAccountMembers(body, init) {
      return tagged('AddAccountMembers', await raw.POST('/identity/account-members', { body, signal: init?.signal }));
    },
    async deleteAccountMember(memberId, init) {
      return tagged('DeleteAccountMember', await raw.DELETE('/identity/account-members/{id}', { params: { path: { id: memberId } }, signal: init?.signal }));
    },
    async listProfiles(query, init) {
      return tagged('ListProfiles', await raw.GET('/profiles', { params: { query }, signal: init?.signal }));
    },
    async createProfile(body, init) {
      return tagged('CreateProfile', await raw.POST('/profiles', { body, signal: init?.signal }));
    },
    async getProfile(profileId, query, init) {
      return tagged('GetProfile', await raw.GET('/profiles/{profile_id}', { params: { path: { profile_id: profileId }, query }, signal: init?.signal }));
    },
    async updateProfile(profileId, body, init) {
      return tagged('UpdateProfile', await raw.PUT('/profiles/{profile_id}', { params: { path: { profile_id: profileId } }, body, signal: init?.signal }));
    },
    async listProfileBalances(profileId, query, init) {
      return tagged(
        'ListProfileBalances',
        await raw.GET('/profiles/{profile_id}/balances', { params: { path: { profile_id: profileId }, query }, signal: init?.signal }),
      );
    },
    async getProfileBalance(profileId, asset, init) {
      return tagged(
        'GetProfileBalance',
        await raw.GET('/profiles/{profile_id}/balances/{asset}', { params: { path: { profile_id: profileId, asset } }, signal: init?.signal }),
      );
    },
    async deactivateProfile(profileId, init) {
      return tagged('DeactivateProfile', await raw.PUT('/profiles/{profile_id}/deactivate', { params: { path: { profile_id: profileId } }, signal: init?.signal }));
    },
    async sandboxDeposit(profileId, body, init) {
      return tagged(
        'CreateSandboxDeposit',
        await raw.POST('/sandbox/profiles/{profile_id}/deposit', { params: { path: { profile_id: profileId } }, body, signal: init?.signal }),
      );
    },
    async listIdentityControls(query, init) {
      return tagged('ListIdentityControls', await raw.GET('/identity/controls', { params: { query }, signal: init?.signal }));
    },
    async createIdentityControl(body, init) {
      return tagged('CreateIdentityControl', await raw.POST('/identity/controls', { body, signal: init?.signal }));
    },
    async deleteIdentityControl(controlId, query, init) {
      return tagged('DeleteIdentityControl', await raw.DELETE('/identity/controls', { params: { query: { ...query, control_id: controlId } }, signal: init?.signal }));
    },
    iterateAccounts: (query, init) => iterateAccounts(client, query, init),
    iterateProfiles: (query, init) => iterateProfiles(client, query, init),
    iterateIdentityControls: (query, init) => iterateIdentityControls(client, query, init),
    iterateIdentities: (query, init) => iterateIdentities(client, query, init),
    iterateEvents: (query, init) => iterateEvents(client, query, init),
  };
  return client;
}
