/**
 * @module contracts/provider/driver
 * What provider states need from a Paxos-shaped API, done through the typed
 * client and the public API only: create a PASSTHROUGH person, approve it with
 * Sandbox Set Identity Status, upload a document, page identities, and find an
 * event. Waits poll with a deadline, because Paxos may apply changes
 * asynchronously; against the simulator they return at once.
 */
import { createPaxosClient, unwrap, type Event, type Identity, type PaxosClient, type PaxosClientOptions } from '../../src/index.js';
import { passthroughPersonBody } from '../consumer/bodies.js';
import type { RunIds } from './run-ids.js';

export interface DriverOptions {
  client: PaxosClientOptions;
  ids: RunIds;
  /** Waits between polls. */
  sleep: (ms: number) => Promise<void>;
  /** Epoch ms, for poll deadlines. */
  now: () => number;
  /** How long to wait for an asynchronous change. Default 60 s. */
  waitMs?: number;
  /** Poll interval. Default 1 s. */
  pollMs?: number;
}

export interface PaxosDriver {
  readonly client: PaxosClient;
  readonly ids: RunIds;
  /** Create a PASSTHROUGH person with a fresh ref_id (from `refBase`) and CIP id. */
  createPerson(refBase: string): Promise<Identity & { id: string; ref_id: string }>;
  /** Approve id verification and sanctions, then wait until the identity is APPROVED. */
  approve(id: string): Promise<void>;
  /** Register a document and send its bytes to the returned upload URL. */
  uploadDocument(id: string, name: string): Promise<void>;
  /** Cursor of page two of PERSON identities, newest first, one per page. */
  secondPageCursor(): Promise<string>;
  /** Open an account (no profile) for an APPROVED identity; returns its id. */
  createAccount(identityId: string, refBase: string): Promise<string>;
  /** Set a DORMANT client control on an identity; returns the control id. */
  createDormantControl(identityId: string): Promise<string>;
  /** Wait for an event of `type` about `identityId` created at or after `since`. */
  findEvent(type: string, identityId: string, since: string): Promise<Event & { id: string }>;
}

/** @example const driver = createDriver({ client: { baseUrl, tokenUrl, clientId, clientSecret }, ids, sleep, now: Date.now }); */
export function createDriver(options: DriverOptions): PaxosDriver {
  const { ids, sleep, now, waitMs = 60_000, pollMs = 1_000 } = options;
  const client = createPaxosClient({ timeoutMs: 20_000, ...options.client, sleep, now });

  async function poll<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
    const deadline = now() + waitMs;
    for (;;) {
      const found = await attempt();
      if (found !== undefined) return found;
      if (now() >= deadline) throw new Error(`gave up after ${waitMs} ms waiting for ${what}`);
      await sleep(pollMs);
    }
  }

  return {
    client,
    ids,
    async createPerson(refBase) {
      const body = passthroughPersonBody({ ref_id: ids.refId(refBase), cip_id: ids.ssn() });
      const identity = unwrap(await client.createIdentity(body));
      return { ...identity, id: identity.id, ref_id: body.ref_id };
    },
    async approve(id) {
      unwrap(await client.sandboxSetIdentityStatus(id, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' }));
      await poll(`identity ${id} to be APPROVED`, async () => {
        const identity = unwrap(await client.getIdentity(id));
        return (identity.status ?? identity.summary_status) === 'APPROVED' ? identity : undefined;
      });
    },
    async uploadDocument(id, name) {
      const content = new TextEncoder().encode('%PDF-1.4\n% contract verification document\n');
      unwrap(await client.uploadDocument(id, { name, document_types: ['PROOF_OF_RESIDENCY'], content, contentType: 'application/pdf' }));
    },
    async createAccount(identityId, refBase) {
      const account = unwrap(await client.createAccount({ account: { identity_id: identityId, ref_id: ids.refId(refBase), type: 'BROKERAGE' } }));
      return account.id!;
    },
    async createDormantControl(identityId) {
      const control = unwrap(await client.createIdentityControl({ identity_id: identityId, type: 'DORMANT', reason_code: 'INACTIVITY', reason: 'contract test' }));
      return control.id!;
    },
    async secondPageCursor() {
      const first = unwrap(await client.listIdentities({ identity_type: 'PERSON', order: 'DESC', limit: 1 }));
      if (!first.next_page_cursor) throw new Error('List Identities returned no next_page_cursor for limit=1');
      return first.next_page_cursor;
    },
    async findEvent(type, identityId, since) {
      return poll(`a ${type} event for identity ${identityId}`, async () => {
        const { events } = unwrap(await client.listEvents({ type, 'created_at.gte': since, limit: 100 }));
        const event = events?.find((e) => (e.object as { identity_id?: string } | undefined)?.identity_id === identityId);
        return event?.id ? { ...event, id: event.id } : undefined;
      });
    },
  };
}

/** `2025-01-07T14:30:02.123456Z` → `2025-01-07T14:30:02Z` (filters take whole seconds, REFERENCE.md §7.4). */
export function wholeSeconds(instant: string): string {
  return `${new Date(Date.parse(instant)).toISOString().slice(0, 19)}Z`;
}
