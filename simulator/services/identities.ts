/**
 * @module services/identities
 * Create, read, list and update identities, and the sandbox status endpoint.
 * Each mutation is one transaction: the record, its events, their deliveries
 * and any timed jobs are written together.
 */
import type {
  CreateIdentityRequest,
  Identity,
  IdentityStatus,
  SandboxSetIdentityStatusRequest,
  UpdateIdentityRequest,
} from '../../src/types.js';
import { dropClearedAddress2 } from '../domain/addresses.js';
import { setControl, hasControl } from '../domain/controls.js';
import { decideOutcome } from '../domain/decision-rules.js';
import { checkCreateIdentity, checkInstitution, checkPerson, checkTaxDetails, missingDetails, type FieldIssue } from '../domain/identity-validation.js';
import { issueTimestamp } from './stamps.js';
import { conflict, denied, invalid, invalidFields } from '../domain/errors.js';
import { cipKey, type IdentityRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import type { SimContext } from './context.js';
import { createIdentityAnswers, type IdentityAnswers } from './identity-answers.js';
import { ownIdentity } from './identity-lookup.js';
import { scheduleJob } from './jobs.js';
import { addMembersInTx } from './members.js';
import { applyDecision, recordKycRefresh, startRescreen } from './onboarding.js';
import { changedScreenedDetails } from '../domain/onboarding.js';
import { personTexts, presentIdentity, presentIdentityJson, readChecks, writeChecks } from './records.js';
import { recompute } from './status.js';
import type { Check } from '../domain/identity-status.js';

/** The simulator clock's UTC date (YYYY-MM-DD); the text is kept for the rest of its day (every create asks). */
let day = { from: 0, to: -1, text: '' };
const today = (ctx: Pick<SimContext, 'clock'>): string => {
  const ms = ctx.clock.nowMs();
  if (ms < day.from || ms >= day.to) {
    const text = new Date(ms).toISOString().slice(0, 10);
    const from = Date.parse(`${text}T00:00:00.000Z`);
    day = { from, to: from + 86_400_000, text };
  }
  return day.text;
};

export { ownIdentity };


/** 409 for a ref_id or CIP triple (keys as in the store's indexes) held by another identity of the entity. */
function assertUnique(tx: StoreTx, entityId: string, selfId: string | undefined, refId: string | undefined, cip: string | undefined): void {
  if (refId !== undefined) {
    const clash = tx.identities.by('ref_id', `${entityId}|${refId}`).find((r) => r.id !== selfId);
    if (clash) throw conflict('duplicate ref_id provided', { id: clash.id });
  }
  if (cip !== undefined) {
    // SANDBOX: CIP uniqueness is per entity here (Paxos: [U], REFERENCE.md §2.9).
    const clash = tx.identities.by('cip', cip).find((r) => r.id !== selfId);
    if (clash) throw conflict('duplicate (cip_id, cip_id_type, cip_id_country) provided', { id: clash.id });
  }
}

/** Sub-statuses a client may send in the details; Paxos sets them (read-only), so they are dropped. */
const PERSON_READ_ONLY: ReadonlySet<string> = new Set(['id_verification_status', 'sanctions_verification_status', 'additional_screening_status', 'id_verification_url']);
const INSTITUTION_READ_ONLY: ReadonlySet<string> = new Set(['sanctions_verification_status', 'document_verification_status', 'additional_screening_status']);
const ADDRESS_KEYS: ReadonlySet<string> = new Set(['address', 'business_address', 'incorporation_address']);

/**
 * The stored details of a create, built in one pass over what the client
 * sent: its fields in their order without the read-only ones, an address's
 * `address2: ""` dropped (the cleared line), then the initial sub-statuses
 * (keys and order as `{ ...dropClearedAddress2(sentWithoutReadOnly), ...statuses }`
 * gave, without the intermediate copies).
 */
function createdDetails(sent: object, readOnly: ReadonlySet<string>, statuses: Record<string, IdentityStatus>): Record<string, unknown> {
  const source = sent as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (readOnly.has(key)) continue;
    const value = source[key];
    out[key] = ADDRESS_KEYS.has(key) ? withoutEmptyAddress2(value) : value;
  }
  for (const key of Object.keys(statuses)) out[key] = statuses[key];
  return out;
}

/** An address without `address2: ""` (a copy only when there is one to drop); anything else as it is. */
function withoutEmptyAddress2(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || (value as Record<string, unknown>).address2 !== '') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (key !== 'address2') out[key] = (value as Record<string, unknown>)[key];
  return out;
}

/** The details of a new identity: read-only sub-statuses a client may have sent are dropped (Paxos sets them). */
function initialDetails(rec: IdentityRecord, body: CreateIdentityRequest): void {
  if (body.person_details) {
    const p = body.person_details;
    // With PASSTHROUGH, id_verification reflects the passthrough status (APPROVED or DENIED) at once
    // (statuses guide; REFERENCE.md §2.4, §2.9).
    const passthrough = p.verifier_type === 'PASSTHROUGH' ? p.passthrough_verification_status : undefined;
    const idv: IdentityStatus = passthrough === 'APPROVED' || passthrough === 'DENIED' ? passthrough : 'PENDING';
    rec.person_details = createdDetails(p, PERSON_READ_ONLY, { id_verification_status: idv, sanctions_verification_status: 'PENDING', additional_screening_status: 'PENDING' }) as IdentityRecord['person_details'];
    return;
  }
  rec.institution_details = createdDetails(body.institution_details!, INSTITUTION_READ_ONLY, {
    sanctions_verification_status: 'PENDING',
    document_verification_status: 'PENDING',
    additional_screening_status: 'PENDING',
  }) as IdentityRecord['institution_details'];
}

/**
 * `{ ...sent, created_at: now }` (the same keys in the same order), copied
 * field by field: V8 (Node 20) takes its slow path for a spread followed by
 * a field, over a microsecond per create.
 */
function withCreatedAt<T extends object>(sent: T, now: string): T & { created_at: string } {
  const out = Object.assign({}, sent) as T & { created_at: string };
  out.created_at = now;
  return out;
}

/** Paxos fills tax_details from an SSN/ITIN/EIN CIP id when none are sent (REFERENCE.md §2.7). */
function defaultTaxDetails(body: CreateIdentityRequest): IdentityRecord['tax_details'] {
  if (body.tax_details) return body.tax_details;
  const d = body.person_details ?? body.institution_details;
  if (d?.cip_id && (d.cip_id_type === 'SSN' || d.cip_id_type === 'ITIN' || d.cip_id_type === 'EIN') && !body.tax_details_not_required) {
    return [{ tax_payer_id: d.cip_id, tax_payer_country: d.cip_id_country }];
  }
  return undefined;
}

/**
 * Malformed values are always a 400 listing every problem. Missing Required
 * Details are 400s too in strict mode; in lenient mode (the default) the
 * identity is created PENDING, status_details names each missing field
 * (awaiting CLIENT), and no onboarding decision is scheduled until an update
 * supplies them.
 */
export function createIdentity(ctx: SimContext, clientId: string, body: CreateIdentityRequest): Promise<Identity> {
  return createIdentityAs(ctx, clientId, body, false);
}

/**
 * createIdentity with the answer as JSON text (what `JSON.stringify` of
 * createIdentity's answer gives): a person's answer is built from the same
 * serialisation of each field as the stored row (records.ts personTexts), so
 * the record is serialised once, not once for the store and once for the answer.
 */
export async function createIdentityJson(ctx: SimContext, clientId: string, body: CreateIdentityRequest): Promise<{ id: string; json: string }> {
  return createIdentityAs(ctx, clientId, body, true);
}

async function createIdentityAs(ctx: SimContext, clientId: string, body: CreateIdentityRequest, asJson: false): Promise<Identity>;
async function createIdentityAs(ctx: SimContext, clientId: string, body: CreateIdentityRequest, asJson: true): Promise<{ id: string; json: string }>;
async function createIdentityAs(ctx: SimContext, clientId: string, body: CreateIdentityRequest, asJson: boolean): Promise<Identity | { id: string; json: string }> {
  const issues = checkCreateIdentity(body, today(ctx));
  const strict = ctx.config.validation === 'strict';
  if (issues.invalid.length || (strict && issues.missing.length)) throw invalidFields([...issues.invalid, ...(strict ? issues.missing : [])]);
  const missing = issues.missing.filter((m) => m.field !== 'institution_members');
  const decision = decideOutcome(body, ctx.rules.get(), ctx.config.reviewDelayMs);
  const entityId = ctx.entities.of(clientId);
  const identity = await ctx.commit((tx) => {
    assertUnique(tx, entityId, undefined, body.ref_id, cipKey(entityId, body.person_details ?? body.institution_details));
    const seq = tx.nextSeq();
    const now = issueTimestamp(tx, ctx.clock.nowMs(), 6);
    // Built field by field, in the order the record has always had (the stored text and the
    // answer keep their bytes): a literal with conditional spreads allocates an object per spread.
    const rec = { id: ctx.ids.uuid(), type: body.institution_details ? 'INSTITUTION' : 'PERSON' } as IdentityRecord;
    if (body.ref_id !== undefined) rec.ref_id = body.ref_id;
    rec.status = 'PENDING';
    rec.summary_status = 'PENDING';
    rec.user_disabled = false;
    rec.admin_disabled = false;
    initialDetails(rec, body);
    if (body.metadata) rec.metadata = body.metadata;
    const tax = defaultTaxDetails(body);
    if (tax) rec.tax_details = tax;
    if (body.tax_details_not_required !== undefined) rec.tax_details_not_required = body.tax_details_not_required;
    if (body.customer_due_diligence) rec.customer_due_diligence = withCreatedAt(body.customer_due_diligence, now);
    if (body.is_merchant !== undefined) rec.is_merchant = body.is_merchant;
    rec.created_at = now;
    rec.updated_at = now;
    const sim: IdentityRecord['_sim'] = { client_id: clientId, entity_id: entityId, seq, rule: decision.source, controls: [] };
    if (decision.delayMs !== undefined) sim.decision_pending = true;
    if (missing.length) sim.missing = missing;
    rec._sim = sim;
    // An institution is stored before its members are added (they refer to it); a person is
    // stored once, by recompute, with its derived status.
    const institution = rec.type === 'INSTITUTION';
    if (institution) {
      tx.identities.put(rec.id, rec);
      addMembersInTx(tx, ctx, clientId, rec, body.institution_members ?? []);
    }
    if (decision.delayMs !== undefined && !missing.length) {
      scheduleJob(tx, ctx, { kind: 'decide', identity_id: rec.id, client_id: clientId, due_ms: ctx.clock.nowMs() + decision.delayMs, args: { outcome: decision.outcome } });
    }
    // a person's row is serialised with its answer (personTexts), when the answer is wanted as text
    let answered: { rec: IdentityRecord; json: string } | undefined;
    const storePerson = (next: IdentityRecord) => {
      const texts = personTexts(next);
      if (!texts) return tx.identities.put(next.id, next);
      tx.identities.putJson(next.id, next, texts.row);
      answered = { rec: next, json: texts.answer };
    };
    const saved = recompute(tx, ctx, rec.id, undefined, institution ? undefined : rec, asJson && !institution ? storePerson : undefined)!;
    if (!asJson) return presentIdentity(tx, saved, { includeDetails: true, includeMembers: true });
    // (the record recompute stored, unless it read the row back after other records changed)
    const json = answered?.rec === saved ? answered.json : JSON.stringify(presentIdentity(tx, saved, { includeDetails: true, includeMembers: true }));
    return { id: saved.id, json };
  });
  return identity;
}

export function getIdentity(ctx: SimContext, clientId: string, id: string, opts: { includeDetails?: boolean; includeMembers?: boolean }): Identity {
  return ctx.store.read((db) => presentIdentity(db, ownIdentity(db, ctx.entities.of(clientId), id), opts));
}

/** Each store's kept GET answers (services/identity-answers.ts). */
const keptAnswers = new WeakMap<SimContext['store'], IdentityAnswers>();

/**
 * getIdentity as JSON text, serialised without an intermediate copy (the GET
 * route's answer); the summary view (no details, or members of a person) is
 * kept per identity until the identities change.
 */
export function getIdentityJson(ctx: SimContext, clientId: string, id: string, opts: { includeDetails?: boolean; includeMembers?: boolean }): string {
  let answers = keptAnswers.get(ctx.store);
  if (!answers) keptAnswers.set(ctx.store, (answers = createIdentityAnswers()));
  const entityId = ctx.entities.of(clientId);
  const summary = (type: IdentityRecord['type']) => !opts.includeDetails && !(opts.includeMembers && type === 'INSTITUTION');
  return ctx.store.read((db) => {
    const kept = answers.get(db.identities, id, entityId);
    if (kept && summary(kept.type)) return kept.json;
    const rec = ownIdentity(db, entityId, id);
    const json = presentIdentityJson(db, rec, opts);
    if (summary(rec.type)) answers.put(db.identities, rec, json);
    return json;
  });
}

function mergeDetails<T extends object>(current: T | undefined, delta: T | undefined): T | undefined {
  if (!delta) return current;
  const merged = { ...(current ?? {}), ...delta } as Record<string, unknown>;
  for (const key of ['address', 'business_address', 'incorporation_address']) {
    const cur = (current as Record<string, unknown> | undefined)?.[key];
    const d = (delta as Record<string, unknown>)[key];
    if (cur && d) merged[key] = { ...(cur as object), ...(d as object) };
  }
  return dropClearedAddress2(merged as T);
}

export async function updateIdentity(ctx: SimContext, clientId: string, id: string, body: UpdateIdentityRequest): Promise<Identity> {
  const identity = await ctx.commit((tx) => {
    const entityId = ctx.entities.of(clientId);
    const rec = ownIdentity(tx, entityId, id);
    if (body.person_details && rec.type !== 'PERSON') throw invalid('person_details cannot be set on an institution identity');
    if (body.institution_details && rec.type !== 'INSTITUTION') throw invalid('institution_details cannot be set on a person identity');
    const next: IdentityRecord = structuredClone(rec);
    // Read-only sub-statuses in the delta are ignored; the stored ones win.
    const person = mergeDetails(rec.person_details, body.person_details);
    const institution = mergeDetails(rec.institution_details, body.institution_details);
    if (person) next.person_details = person;
    if (institution) next.institution_details = institution;
    writeChecks(next, readChecks(rec));
    const problems: FieldIssue[] = [];
    const wasMissing = rec._sim.missing ?? [];
    // An identity created complete must stay complete; one still missing details may stay incomplete (lenient).
    const mayStayIncomplete = wasMissing.length > 0 && ctx.config.validation !== 'strict';
    if (body.person_details) {
      const found = checkPerson(next.person_details!, today(ctx));
      problems.push(...found.invalid, ...(mayStayIncomplete ? [] : found.missing));
    }
    if (body.institution_details) {
      const found = checkInstitution(next.institution_details!);
      problems.push(...found.invalid, ...(mayStayIncomplete ? [] : found.missing));
    }
    if (body.tax_details) problems.push(...checkTaxDetails(body.tax_details));
    if (body.ref_id !== undefined && body.ref_id.trim() === '') problems.push({ field: 'ref_id', message: 'ref_id must not be empty' });
    if (problems.length) throw invalidFields(problems);
    if (body.tax_details) next.tax_details = body.tax_details; // replaces the whole list (REFERENCE.md §2.12)
    if (body.ref_id !== undefined) next.ref_id = body.ref_id;
    if (body.metadata) next.metadata = { ...(rec.metadata ?? {}), ...body.metadata }; // SANDBOX: metadata merges ([U])
    if (body.set_tax_details_not_required !== undefined) next.tax_details_not_required = body.set_tax_details_not_required;
    if (body.customer_due_diligence) next.customer_due_diligence = { ...(rec.customer_due_diligence ?? {}), ...body.customer_due_diligence };
    if (body.is_merchant !== undefined) next.is_merchant = body.is_merchant;
    assertUnique(tx, entityId, rec.id, body.ref_id, body.person_details || body.institution_details ? cipKey(entityId, next.person_details ?? next.institution_details) : undefined);
    if (body.set_user_disabled !== undefined) {
      if (body.set_user_disabled === false && rec.admin_disabled) {
        throw denied('identity was disabled by Paxos and cannot be re-enabled by the client');
      }
      next.user_disabled = body.set_user_disabled;
      next._sim.controls = setControl(next._sim.controls ?? [], 'user_disabled', body.set_user_disabled, { id: ctx.ids.uuid(), now: ctx.clock.now().toISOString() });
    }
    if (body.last_kyc_refresh_date !== undefined) next.last_kyc_refresh_date = body.last_kyc_refresh_date;
    if (wasMissing.length) completeDetails(tx, ctx, next);
    next.updated_at = issueTimestamp(tx, ctx.clock.nowMs(), 6);
    tx.identities.put(rec.id, next);
    const type = rec.type === 'INSTITUTION' ? 'INSTITUTION' : 'PERSON';
    const screenedChange = changedScreenedDetails(type, rec.person_details ?? rec.institution_details, next.person_details ?? next.institution_details);
    if (ctx.config.rescreenOnUpdate && rec.status === 'APPROVED' && screenedChange.length > 0) startRescreen(tx, ctx, next);
    if (body.last_kyc_refresh_date !== undefined) recordKycRefresh(tx, ctx, tx.identities.get(rec.id)!, body.last_kyc_refresh_date);
    const saved = recompute(tx, ctx, rec.id)!;
    return presentIdentity(tx, saved, { includeDetails: true, includeMembers: true });
  });
  return identity;
}

/**
 * An identity created with Required Details missing: recount them after an
 * update; once none is left, the onboarding decision is made as at create
 * (decision rules, magic values, review delay), with the usual events.
 */
function completeDetails(tx: StoreTx, ctx: SimContext, next: IdentityRecord): void {
  const stillMissing = missingDetails(next, today(ctx));
  if (stillMissing.length) {
    next._sim.missing = stillMissing;
    return;
  }
  delete next._sim.missing;
  const asCreate = {
    ref_id: next.ref_id,
    person_details: next.person_details,
    institution_details: next.institution_details,
    customer_due_diligence: next.customer_due_diligence,
  } as CreateIdentityRequest;
  const decision = decideOutcome(asCreate, ctx.rules.get(), ctx.config.reviewDelayMs);
  next._sim.rule = decision.source;
  if (next.person_details?.verifier_type === 'PASSTHROUGH' && next.person_details.passthrough_verification_status === 'APPROVED') {
    writeChecks(next, { id_verification: 'APPROVED' });
  }
  if (decision.delayMs !== undefined) {
    scheduleJob(tx, ctx, { kind: 'decide', identity_id: next.id, client_id: next._sim.client_id, due_ms: ctx.clock.nowMs() + decision.delayMs, args: { outcome: decision.outcome } });
  }
}

/**
 * PUT /identity/identities/{id}/sandbox-status (REFERENCE.md §4.1): sets the
 * given sub-statuses and disable flags, recomputes at once and emits events.
 * SANDBOX: Paxos leaves synchronous recompute and events [U]; both happen here.
 */
export async function sandboxSetIdentityStatus(ctx: SimContext, clientId: string, id: string, body: SandboxSetIdentityStatusRequest): Promise<void> {
  await ctx.commit((tx) => {
    const rec = ownIdentity(tx, ctx.entities.of(clientId), id);
    const next: IdentityRecord = structuredClone(rec);
    const checks: Partial<Record<Check, IdentityStatus>> = {};
    if (body.id_verification_status !== undefined) {
      if (rec.type !== 'PERSON') throw invalid('id_verification_status applies to person identities only');
      checks.id_verification = body.id_verification_status;
    }
    if (body.document_verification_status !== undefined) {
      if (rec.type !== 'INSTITUTION') throw invalid('document_verification_status applies to institution identities only');
      checks.document_verification = body.document_verification_status;
    }
    if (body.sanctions_verification_status !== undefined) checks.sanctions = body.sanctions_verification_status;
    if (body.additional_screening_status !== undefined) checks.additional_screening = body.additional_screening_status;
    writeChecks(next, checks);
    const now = ctx.clock.now().toISOString();
    if (body.user_disabled) {
      next.user_disabled = body.user_disabled.disabled ?? false;
      next._sim.controls = setControl(next._sim.controls ?? [], 'user_disabled', next.user_disabled, { id: ctx.ids.uuid(), now });
    }
    if (body.admin_disabled) {
      next.admin_disabled = body.admin_disabled.disabled ?? false;
      next._sim.controls = setControl(next._sim.controls ?? [], 'admin_disabled', next.admin_disabled, { id: ctx.ids.uuid(), now });
    }
    // An explicit sandbox decision on a check replaces any pending automatic one.
    if (Object.keys(checks).length > 0) {
      for (const job of tx.jobs.by('identity', rec.id).filter((j) => j.kind === 'decide' && !j.args?.edd_result)) tx.jobs.delete(job.id);
      delete next._sim.decision_pending;
    }
    if (!Object.values(readChecks(next)).includes('ERROR')) next._sim.manual_review = undefined;
    tx.identities.put(rec.id, next);
    recompute(tx, ctx, rec.id);
  });
}

export { applyDecision, hasControl };
