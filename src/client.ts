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
import { iterateEvents, iterateIdentities } from './pagination.js';
import { tagged, type CallOptions, type PaxosResult } from './result.js';
import { createTransport } from './transport.js';
import type {
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
    iterateIdentities: (query, init) => iterateIdentities(client, query, init),
    iterateEvents: (query, init) => iterateEvents(client, query, init),
  };
  return client;
}
