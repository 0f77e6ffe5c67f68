/**
 * @module services/records
 * Between stored identity records and the domain/wire views: the sub-statuses
 * (which live in person_details / institution_details, as on the wire), the
 * input of the status derivation, and the response shape of Get/List.
 */
import type { DocumentType, Identity, IdentityStatus, InstitutionMember } from '../../src/types.js';
import { SCREENED_CHECKS, type Check, type StatusInput } from '../domain/identity-status.js';
import { missingDocuments } from '../domain/onboarding.js';
import type { IdentityRecord, MemberRecord } from '../store/shape.js';
import type { StoreView } from '../store/store.js';

const FIELD: Record<Check, 'id_verification_status' | 'sanctions_verification_status' | 'additional_screening_status' | 'document_verification_status'> = {
  id_verification: 'id_verification_status',
  sanctions: 'sanctions_verification_status',
  additional_screening: 'additional_screening_status',
  document_verification: 'document_verification_status',
};

export const checksFor = (rec: IdentityRecord) => SCREENED_CHECKS[rec.type === 'INSTITUTION' ? 'INSTITUTION' : 'PERSON'];

export function readChecks(rec: IdentityRecord): Partial<Record<Check, IdentityStatus>> {
  const details = (rec.type === 'INSTITUTION' ? rec.institution_details : rec.person_details) as Record<string, IdentityStatus | undefined> | undefined;
  const out: Partial<Record<Check, IdentityStatus>> = {};
  for (const c of checksFor(rec)) out[c] = details?.[FIELD[c]];
  return out;
}

/** Write sub-statuses back; keeps passthrough_verification_status mirrored (REFERENCE.md §2.4). */
export function writeChecks(rec: IdentityRecord, checks: Partial<Record<Check, IdentityStatus>>): void {
  const details = (rec.type === 'INSTITUTION' ? (rec.institution_details ??= {}) : (rec.person_details ??= {})) as Record<string, unknown>;
  for (const c of checksFor(rec)) if (checks[c] !== undefined) details[FIELD[c]] = checks[c];
}

export function membersOf(view: Pick<StoreView, 'members'>, institutionId: string): MemberRecord[] {
  return view.members.by('institution', institutionId).sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/** Document types whose bytes have arrived for an identity. */
export function uploadedTypesOf(view: Pick<StoreView, 'documents'>, identityId: string): DocumentType[] {
  return view.documents.by('identity', identityId).filter((d) => d.uploaded_at !== undefined).flatMap((d) => d.document_types ?? []);
}

export function statusInputOf(view: Pick<StoreView, 'members' | 'identities' | 'documents'>, rec: IdentityRecord): StatusInput {
  const edd = rec._sim.edd;
  const missing = edd ? missingDocuments(edd, uploadedTypesOf(view, rec.id)) : [];
  const input: StatusInput = {
    type: rec.type === 'INSTITUTION' ? 'INSTITUTION' : 'PERSON',
    verifier_type: rec.person_details?.verifier_type,
    checks: readChecks(rec),
    controls: rec._sim.controls ?? [],
    edd: edd ? (edd.state === 'awaiting_documents' ? { state: edd.state, missing } : { state: edd.state }) : undefined,
    members:
      rec.type === 'INSTITUTION'
        ? membersOf(view, rec.id).map((m) => ({ identity_id: m.identity_id, status: view.identities.get(m.identity_id)?.status ?? 'PENDING' }))
        : undefined,
    manualReviewReason: rec._sim.manual_review,
    kyc: rec._sim.kyc,
  };
  // (the keys as `...(pending && { decision_pending: true })` placed them: before `missing`)
  if (rec._sim.decision_pending) input.decision_pending = true;
  input.missing = rec._sim.missing;
  return input;
}

export function presentMember(view: Pick<StoreView, 'identities'>, m: MemberRecord): InstitutionMember {
  const person = view.identities.get(m.identity_id);
  const name = [person?.person_details?.first_name, person?.person_details?.last_name].filter(Boolean).join(' ');
  const out: InstitutionMember = { id: m.id, identity_id: m.identity_id, roles: m.roles };
  if (m.ownership !== undefined) out.ownership = m.ownership;
  if (m.position !== undefined) out.position = m.position;
  if (name) out.name = name;
  if (person?.status) out.summary_status = person.status;
  return out;
}

/** The wire Identity: no `_sim`; details and members only when asked for (REFERENCE.md §2.10). */
export function presentIdentity(
  view: Pick<StoreView, 'identities' | 'members'>,
  rec: IdentityRecord,
  opts: { includeDetails?: boolean; includeMembers?: boolean } = {},
): Identity {
  // one pass over the record's keys, in its order (what `const { _sim, …, ...rest } = rec` gives, without its copy steps)
  const out = {} as Record<string, unknown>;
  const source = rec as unknown as Record<string, unknown>;
  for (const key of Object.keys(source)) if (!NOT_IN_VIEW.has(key)) out[key] = source[key];
  if (opts.includeDetails) {
    if (rec.person_details) out.person_details = rec.person_details;
    if (rec.institution_details) out.institution_details = rec.institution_details;
  }
  if (opts.includeMembers && rec.type === 'INSTITUTION') out.institution_members = membersOf(view, rec.id).map((m) => presentMember(view, m));
  return out as Identity;
}

/** Record keys the wire view leaves out (details and members are added back when asked for). */
const NOT_IN_VIEW: ReadonlySet<string> = new Set(['_sim', 'person_details', 'institution_details', 'institution_members']);

/** `"key":` as JSON.stringify writes a key, kept per key (records have a few dozen) */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`;
    if (keyTexts.size < 256) keyTexts.set(key, text);
  }
  return text;
}

/**
 * A person's stored row and its answer with details (what
 * `JSON.stringify(rec)` and `JSON.stringify(presentIdentity(view, rec,
 * { includeDetails: true, includeMembers: true }))` give), from one
 * serialisation of each field: the answer is the row's fields in the row's
 * order, without `_sim` and with the details last, so each field's text
 * serves both. Undefined for an institution (its answer lists its members).
 */
export function personTexts(rec: IdentityRecord): { row: string; answer: string } | undefined {
  if (rec.type === 'INSTITUTION') return undefined;
  const source = rec as unknown as Record<string, unknown>;
  let row = '';
  let answer = '';
  let person = '';
  let institution = '';
  for (const key of Object.keys(source)) {
    const value = source[key];
    // (JSON.stringify leaves out a field whose value is undefined, a function or a symbol)
    const text = JSON.stringify(value);
    if (text === undefined) continue;
    const field = keyText(key) + text;
    row = row ? `${row},${field}` : field;
    // the details go last in the answer, when set (presentIdentity's `if (rec.person_details)`)
    if (key === 'person_details') person = value ? field : '';
    else if (key === 'institution_details') institution = value ? field : '';
    else if (!NOT_IN_VIEW.has(key)) answer = answer ? `${answer},${field}` : field;
  }
  for (const field of [person, institution]) if (field) answer = answer ? `${answer},${field}` : field;
  return { row: `{${row}}`, answer: `{${answer}}` };
}

/**
 * JSON text of the summary view (`presentIdentity` with neither details nor
 * members: what List Identities returns for each item and GET Identity by
 * default), kept per row object the store hands to reads. The store shares a
 * row object between reads until the row changes (then a new object is
 * parsed), so a row object's text never goes stale; a WeakMap lets each text
 * go with its row object, so the cache holds no more rows than the store's
 * own read cache.
 */
const summaryJson = new WeakMap<IdentityRecord, string>();

export function presentIdentityJson(
  view: Pick<StoreView, 'identities' | 'members'>,
  rec: IdentityRecord,
  opts: { includeDetails?: boolean; includeMembers?: boolean } = {},
): string {
  if (opts.includeDetails || (opts.includeMembers && rec.type === 'INSTITUTION')) return JSON.stringify(presentIdentity(view, rec, opts));
  let text = summaryJson.get(rec);
  if (text === undefined) {
    text = JSON.stringify(presentIdentity(view, rec));
    summaryJson.set(rec, text);
  }
  return text;
}
