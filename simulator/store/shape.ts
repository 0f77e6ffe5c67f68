/**
 * @module store/shape
 * The persisted document: collections keyed by id, records in the wire shape
 * (snake_case, as the spec has them) with simulator-only fields under `_sim`.
 */
import type {
  Account,
  AccountRoleType,
  DocumentDescription,
  DocumentType,
  Event,
  Identity,
  IdentityControl,
  IdentityStatus,
  InstitutionRoleType,
  Profile,
} from '../../src/types.js';

type ProfileType = Profile['type'];
import type { ClockState } from '../clock.js';
import { timeKey, type Stamp } from '../domain/timestamps.js';

export const SCHEMA_VERSION = 1;

/** Simulator-only state kept beside an identity. */
export interface IdentityInternal {
  /** the OAuth client that created it (shown in the dashboard) */
  client_id: string;
  /** the entity that owns it: every client of the entity sees it, other entities get 404 */
  entity_id: string;
  /** an approval or denial already announced by an event, so a disable/re-enable does not announce it again */
  announced?: 'APPROVED' | 'DENIED';
  /** has the identity ever been APPROVED? (identity.disabled is sent only for one that was) */
  ever_approved?: boolean;
  /** the onboarding decision is still due (a review job is scheduled): the status stays PENDING until it runs */
  decision_pending?: boolean;
  /** sequence number: total order for cursors when created_at ties */
  seq: number;
  /** the decision rule chosen at create time (name), if any */
  rule?: string;
  /** an open EDD requirement: document types still needed and the outcome once covered */
  edd?: { required: DocumentType[]; then: 'APPROVED' | 'DENIED'; then_delay_ms: number; opened_at: string; state: 'awaiting_documents' | 'in_review' | 'failed' };
  /** a manual-review hold that explains a stuck PENDING */
  manual_review?: string;
  /** periodic KYC refresh: 'started' while the window is open, 'expired' once it passed */
  kyc?: 'started' | 'expired';
  /** Required Details not yet supplied (lenient create): no decision until an update supplies them */
  missing?: Array<{ field: string; message: string }>;
  /** active controls (user/admin disable, compliance freeze, KYC expiry), shown in status_details */
  controls?: IdentityControl[];
}

export type IdentityRecord = Identity & { id: string; _sim: IdentityInternal };

export interface DocumentRecord extends DocumentDescription {
  file_id: string;
  identity_id: string;
  client_id: string;
  entity_id: string;
  /** bytes received through upload_url; a document counts once uploaded */
  uploaded_at?: string;
  size?: number;
  content_type?: string;
  upload_key: string;
}

export interface MemberRecord {
  id: string;
  institution_id: string;
  identity_id: string;
  roles: InstitutionRoleType[];
  ownership?: string;
  position?: string;
  client_id: string;
  entity_id: string;
  created_at: string;
}

/** An account; members live in `account_members`, the status is derived when read. */
export type AccountRecord = Omit<Account, 'members' | 'summary_status'> & {
  id: string;
  identity_id: string;
  _sim: { client_id: string; entity_id: string; seq: number };
};

export interface AccountMemberRecord {
  id: string;
  account_id: string;
  identity_id: string;
  roles: AccountRoleType[];
  client_id: string;
  entity_id: string;
  created_at: string;
  seq: number;
}

export interface ProfileRecord {
  id: string;
  nickname: string;
  description?: string;
  type: ProfileType;
  account_id?: string;
  client_id: string;
  entity_id: string;
  created_at: string;
  seq: number;
  deactivated_at?: string;
  /** asset → available amount (decimal string) */
  balances: Record<string, string>;
}

/**
 * Every control set through the Identity Controls API, kept after removal
 * (with `deleted_at`) for `include_deleted`. The active list the status
 * derivation reads stays on the identity (`_sim.controls`).
 */
export type ControlRecord = IdentityControl & { id: string; identity_id: string; client_id: string; entity_id: string; seq: number };

export type EventRecord = Event & {
  id: string;
  created_at: string;
  _sim: { client_id: string; entity_id: string; seq: number; identity_id?: string };
};

export interface DeliveryAttempt {
  at: string;
  status_code?: number;
  latency_ms: number;
  error?: string;
}

export interface DeliveryRecord {
  id: string;
  event_id: string;
  consumer_id: string;
  client_id: string;
  entity_id: string;
  status: 'pending' | 'succeeded' | 'failed';
  is_test: boolean;
  created_at: string;
  first_attempt_at?: string;
  next_attempt_at?: string;
  attempts: DeliveryAttempt[];
  seq: number;
}

export interface TokenRecord {
  token: string;
  client_id: string;
  scopes: string[];
  expires_at: string;
}

export type WebhookAuth =
  | { type: 'none' }
  | { type: 'api_key'; header: string; value: string }
  | { type: 'oauth'; token_url: string; client_id: string; client_secret: string; scope?: string };

export interface ConsumerRecord {
  id: string;
  name: string;
  url: string;
  /** the entity whose events this consumer receives (set by the simulator from entity_id or client_id) */
  entity_id?: string;
  /** as configured: an OAuth client standing for its entity; alone (no entity_id) it filters by client */
  client_id?: string;
  event_types: string[];
  auth: WebhookAuth;
  active: boolean;
  created_at: string;
  /** where it came from: the config file / CLI flags, or the control API */
  source: 'config' | 'api';
}

export interface JobRecord {
  id: string;
  kind: 'decide' | 'kyc_refresh_start' | 'kyc_refresh_expire';
  client_id: string;
  identity_id: string;
  due_at: string;
  seq: number;
  /** job-specific arguments */
  args?: Record<string, unknown>;
}

export interface DbShape {
  version: number;
  seq: number;
  identities: Record<string, IdentityRecord>;
  documents: Record<string, DocumentRecord>;
  members: Record<string, MemberRecord>;
  events: Record<string, EventRecord>;
  deliveries: Record<string, DeliveryRecord>;
  jobs: Record<string, JobRecord>;
  tokens: Record<string, TokenRecord>;
  consumers: Record<string, ConsumerRecord>;
  accounts: Record<string, AccountRecord>;
  account_members: Record<string, AccountMemberRecord>;
  profiles: Record<string, ProfileRecord>;
  controls: Record<string, ControlRecord>;
  settings: { clock?: ClockState; rules?: unknown; stamp?: Stamp };
}

export type CollectionName = Exclude<keyof DbShape, 'version' | 'seq' | 'settings'>;

export function defaultData(): DbShape {
  return {
    version: SCHEMA_VERSION,
    seq: 0,
    identities: {},
    documents: {},
    members: {},
    events: {},
    deliveries: {},
    jobs: {},
    tokens: {},
    consumers: {},
    accounts: {},
    account_members: {},
    profiles: {},
    controls: {},
    settings: {},
  };
}

export type { IdentityStatus };

type Row<C extends CollectionName> = DbShape[C][string];

/**
 * Secondary indexes, kept in memory beside each collection (never persisted):
 * name → key of a row, or undefined when the row is not indexed.
 * Unique keys (ref_id, the CIP triple) are per entity.
 */
export const INDEXES: { [C in CollectionName]?: Record<string, (row: Row<C>) => string | undefined> } = {
  identities: {
    ref_id: (r) => (r.ref_id === undefined ? undefined : `${r._sim.entity_id}|${r.ref_id}`),
    cip: (r) => cipKey(r._sim.entity_id, r.person_details ?? r.institution_details),
    unowned: (r) => unowned(r._sim.entity_id),
    /** for the distinct entities and clients (Collection.keys), without reading every row */
    entity: (r) => r._sim.entity_id,
    client: (r) => r._sim.client_id,
    /** identities holding active controls, by entity (finding a control's identity without reading every row) */
    with_controls: (r) => (r._sim.controls?.length ? r._sim.entity_id : undefined),
  },
  members: { institution: (m) => m.institution_id, identity: (m) => m.identity_id, unowned: (m) => unowned(m.entity_id) },
  documents: { identity: (d) => d.identity_id, upload_key: (d) => d.upload_key, unowned: (d) => unowned(d.entity_id) },
  deliveries: {
    event: (d) => d.event_id,
    unowned: (d) => unowned(d.entity_id),
    /** a consumer's pending deliveries (cancelled when it is removed) */
    pending_consumer: (d) => (d.status === 'pending' ? d.consumer_id : undefined),
  },
  /** a client's tokens (revoke-tokens) */
  tokens: { client: (t) => t.client_id },
  jobs: { identity: (j) => j.identity_id },
  events: {
    identity: (e) => e._sim.identity_id,
    /** the identity an event's object names, when that is not the identity it is filed under (the dashboard's timeline) */
    about_identity: (e) => {
      const about = (e.object as { identity_id?: unknown } | undefined)?.identity_id;
      return typeof about === 'string' && about !== e._sim.identity_id ? about : undefined;
    },
    unowned: (e) => unowned(e._sim.entity_id),
  },
  consumers: { unowned: (c) => unowned(c.entity_id) },
  accounts: {
    ref_id: (a) => (a.ref_id === undefined ? undefined : `${a._sim.entity_id}|${a.ref_id}`),
    identity: (a) => a.identity_id,
  },
  account_members: { account: (m) => m.account_id, identity: (m) => m.identity_id },
  profiles: {
    account: (p) => p.account_id,
    /** active profiles by entity and nickname (nicknames are unique among them) */
    active_nickname: (p) => (p.deactivated_at ? undefined : nicknameKey(p.entity_id, p.nickname)),
  },
  controls: { identity: (c) => c.identity_id },
};

/**
 * Secondary indexes whose key is the id of an identity (a job's, an event's,
 * ... `identity`). Loading an index file (index-file.ts) files such a key as
 * the identity's own id string rather than a copy of it: 100k jobs held 5.6 MB
 * of copies (issue 11: RSS at 100k identities). Memory only; answers are the same.
 */
export const IDENTITY_ID_KEYS: { [C in CollectionName]?: readonly string[] } = {
  members: ['identity'],
  documents: ['identity'],
  jobs: ['identity'],
  events: ['identity', 'about_identity'],
  accounts: ['identity'],
  account_members: ['identity'],
  controls: ['identity'],
};

/** Index key of a record written before entities existed (no entity_id): found at start-up without reading every row. */
function unowned(entityId: string | undefined): string | undefined {
  return entityId === undefined ? 'unowned' : undefined;
}

/** Key of the events `feed` index: `rest` empty gives the prefix of an entity's (test) events. */
export const eventFeedKey = (entityId: string | undefined, isTest: boolean, rest = ''): string => `${entityId ?? ''}\u0001${isTest ? 1 : 0}\u0001${rest}`;

/** A sequence number as a fixed-width string, so keys built from it sort as numbers. */
export const seqKey = (seq: number): string => String(seq).padStart(16, '0');

/**
 * The millisecond an identity was created, as a string-comparable key
 * ("YYYY-MM-DDTHH:MM:SS.mmm"). The digits past the millisecond come from a
 * wrapping counter (domain/timestamps.ts), so they do not order records.
 * Start-up keys every identity: timeKey reads a UTC timestamp as the
 * simulator writes it on its digits, without Date objects.
 */
export const createdKey = (r: { created_at?: string }): string => (timeKey(r.created_at ?? '') ?? '').slice(0, 23);

/** When a delivery stopped being pending: its last attempt, or its creation if it never ran. */
export const finishedAt = (d: DeliveryRecord): string => d.attempts.at(-1)?.at ?? d.created_at;

/**
 * Ordered indexes, kept in memory beside each collection (never persisted):
 * name → a sort key of a row (rows without a key are not in the index). Keys
 * compare as strings; every timestamp here is `toISOString()` output, so string
 * order is time order, and the fixed-width seq breaks ties. Background work
 * reads only the front of these (what is due), never the whole collection.
 */
export const ORDERED_INDEXES: { [C in CollectionName]?: Record<string, (row: Row<C>) => string | undefined> } = {
  /** each entity's identities in list order: created_at to the millisecond, then creation sequence */
  identities: { created: (r) => `${r._sim.entity_id}|${createdKey(r)}|${seqKey(r._sim.seq)}` },
  /** each entity's events (test ones apart), in feed order: created_at, then sequence (List Events walks it) */
  events: { feed: (e) => eventFeedKey(e._sim.entity_id, e.is_test ?? false, `${e.created_at}\u0001${seqKey(e._sim.seq)}`) },
  /** every job, in firing order (due time, then creation) */
  jobs: { due: (j) => `${j.due_at}|${seqKey(j.seq)}` },
  /** each entity's accounts in list order (created_at to the millisecond, then creation sequence), as identities */
  accounts: { created: (a) => `${a._sim.entity_id}|${createdKey(a)}|${seqKey(a._sim.seq)}` },
  /** each entity's profiles in list order */
  profiles: { created: (p) => `${p.entity_id}|${createdKey(p)}|${seqKey(p.seq)}` },
  /** tokens by when they expire, to the millisecond (each token request drops the expired ones) */
  tokens: { expires: (t) => timeKey(t.expires_at)?.slice(0, 23) },
  deliveries: {
    /** pending deliveries by next attempt */
    due: (d) => (d.status === 'pending' && d.next_attempt_at !== undefined ? `${d.next_attempt_at}|${seqKey(d.seq)}` : undefined),
    /** finished (succeeded or given up) deliveries by when they finished, for retention */
    finished: (d) => (d.status === 'pending' ? undefined : `${finishedAt(d)}|${seqKey(d.seq)}`),
  },
};

/** Key of the profiles' `active_nickname` index: unambiguous whatever the entity id and nickname hold. */
export const nicknameKey = (entityId: string, nickname: string): string => JSON.stringify([entityId, nickname]);

/** The CIP uniqueness key (cip_id, cip_id_type, cip_id_country) within one entity. */
export function cipKey(entityId: string, d: { cip_id?: string; cip_id_type?: string; cip_id_country?: string } | undefined): string | undefined {
  return d?.cip_id && d.cip_id_type && d.cip_id_country ? `${entityId}|${d.cip_id}|${d.cip_id_type}|${d.cip_id_country}` : undefined;
}
