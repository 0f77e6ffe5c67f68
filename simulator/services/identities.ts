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
import { validateCreateIdentity, validateInstitution, validatePerson, validateTaxDetails } from '../domain/identity-validation.js';
import { issueTimestamp } from './stamps.js';
import { alreadyExists, badRequest, forbidden, identityNotFound } from '../http/problem.js';
import { cipKey, type IdentityRecord } from '../store/shape.js';
import type { StoreTx, StoreView } from '../store/store.js';
import type { SimContext } from './context.js';
import { scheduleJob } from './jobs.js';
import { addMembersInTx } from './members.js';
import { applyDecision, recordKycRefresh } from './onboarding.js';
import { presentIdentity, readChecks, writeChecks } from './records.js';
import { recompute } from './status.js';
import type { Check } from '../domain/identity-status.js';

const today = (ctx: Pick<SimContext, 'clock'>) => ctx.clock.now().toISOString().slice(0, 10);

/** Look up an identity of this client; another client's id is "not found" (REFERENCE.md §2.1). */
export function ownIdentity<V extends Pick<StoreView, 'identities'>>(view: V, clientId: string, id: string): IdentityRecord {
  const rec = view.identities.get(id);
  if (!rec || rec._sim.client_id !== clientId) throw identityNotFound(id);
  return rec;
}


/** 409 for a ref_id or CIP triple (keys as in the store's indexes) held by another identity of the client. */
function assertUnique(tx: StoreTx, clientId: string, selfId: string | undefined, refId: string | undefined, cip: string | undefined): void {
  if (refId !== undefined) {
    const clash = tx.identities.by('ref_id', `${clientId}|${refId}`).find((r) => r.id !== selfId);
    if (clash) throw alreadyExists('duplicate ref_id provided', { id: clash.id });
  }
  if (cip !== undefined) {
    // SANDBOX: CIP uniqueness is per API client here (Paxos: [U], REFERENCE.md §2.9).
    const clash = tx.identities.by('cip', cip).find((r) => r.id !== selfId);
    if (clash) throw alreadyExists('duplicate (cip_id, cip_id_type, cip_id_country) provided', { id: clash.id });
  }
}

/** Strip read-only sub-statuses a client may have sent; Paxos sets them. */
function initialDetails(body: CreateIdentityRequest): Pick<IdentityRecord, 'person_details' | 'institution_details'> {
  if (body.person_details) {
    const { id_verification_status, sanctions_verification_status, additional_screening_status, id_verification_url, ...p } = body.person_details;
    void id_verification_status, void sanctions_verification_status, void additional_screening_status, void id_verification_url;
    // With PASSTHROUGH, id_verification mirrors an APPROVED passthrough status at once (REFERENCE.md §2.4, §2.9).
    const idv: IdentityStatus = p.verifier_type === 'PASSTHROUGH' && p.passthrough_verification_status === 'APPROVED' ? 'APPROVED' : 'PENDING';
    return { person_details: { ...dropClearedAddress2(p)!, id_verification_status: idv, sanctions_verification_status: 'PENDING', additional_screening_status: 'PENDING' } };
  }
  const { sanctions_verification_status, document_verification_status, additional_screening_status, ...d } = body.institution_details!;
  void sanctions_verification_status, void document_verification_status, void additional_screening_status;
  return { institution_details: { ...dropClearedAddress2(d)!, sanctions_verification_status: 'PENDING', document_verification_status: 'PENDING', additional_screening_status: 'PENDING' } };
}

/** Paxos fills tax_details from an SSN/ITIN/EIN CIP id when none are sent (REFERENCE.md §2.7). */
function defaultTaxDetails(body: CreateIdentityRequest): IdentityRecord['tax_details'] {
  if (body.tax_details) return body.tax_details;
  const d = body.person_details ?? body.institution_details;
  if (d?.cip_id && ['SSN', 'ITIN', 'EIN'].includes(d.cip_id_type ?? '') && !body.tax_details_not_required) {
    return [{ tax_payer_id: d.cip_id, tax_payer_country: d.cip_id_country }];
  }
  return undefined;
}

export async function createIdentity(ctx: SimContext, clientId: string, body: CreateIdentityRequest): Promise<Identity> {
  const invalid = validateCreateIdentity(body, today(ctx));
  if (invalid) throw badRequest(invalid);
  const decision = decideOutcome(body, ctx.rules.get(), ctx.config.reviewDelayMs);
  const identity = await ctx.store.transact((tx) => {
    assertUnique(tx, clientId, undefined, body.ref_id, cipKey(clientId, body.person_details ?? body.institution_details));
    const seq = tx.nextSeq();
    const now = issueTimestamp(tx, ctx.clock.nowMs(), 6);
    const rec: IdentityRecord = {
      id: ctx.ids.uuid(),
      type: body.institution_details ? 'INSTITUTION' : 'PERSON',
      ...(body.ref_id !== undefined && { ref_id: body.ref_id }),
      status: 'PENDING',
      summary_status: 'PENDING',
      user_disabled: false,
      admin_disabled: false,
      ...initialDetails(body),
      ...(body.metadata && { metadata: body.metadata }),
      ...(defaultTaxDetails(body) && { tax_details: defaultTaxDetails(body) }),
      ...(body.tax_details_not_required !== undefined && { tax_details_not_required: body.tax_details_not_required }),
      ...(body.customer_due_diligence && { customer_due_diligence: { ...body.customer_due_diligence, created_at: now } }),
      ...(body.is_merchant !== undefined && { is_merchant: body.is_merchant }),
      created_at: now,
      updated_at: now,
      _sim: { client_id: clientId, seq, rule: decision.source, controls: [] },
    };
    tx.identities.put(rec.id, rec);
    if (rec.type === 'INSTITUTION') addMembersInTx(tx, ctx, clientId, rec, body.institution_members ?? []);
    if (decision.delayMs !== undefined) {
      scheduleJob(tx, ctx, { kind: 'decide', identity_id: rec.id, client_id: clientId, due_ms: ctx.clock.nowMs() + decision.delayMs, args: { outcome: decision.outcome } });
    }
    const saved = recompute(tx, ctx, rec.id)!;
    return presentIdentity(tx, saved, { includeDetails: true, includeMembers: true });
  });
  await ctx.afterChange();
  return identity;
}

export function getIdentity(ctx: SimContext, clientId: string, id: string, opts: { includeDetails?: boolean; includeMembers?: boolean }): Identity {
  return ctx.store.read((db) => presentIdentity(db, ownIdentity(db, clientId, id), opts));
}

/** getIdentity as JSON text, serialised without an intermediate copy (the GET route's answer). */
export function getIdentityJson(ctx: SimContext, clientId: string, id: string, opts: { includeDetails?: boolean; includeMembers?: boolean }): string {
  return ctx.store.readJson((db) => presentIdentity(db, ownIdentity(db, clientId, id), opts));
}

const ADDRESS_REQUIRED = ['address1', 'city', 'province', 'country'] as const;

/** After a delta merge every address must still be complete (the schema's required fields). */
function incompleteAddress(details: object | undefined, at: string): string | undefined {
  for (const key of ['address', 'business_address', 'incorporation_address']) {
    const address = (details as Record<string, Record<string, unknown> | undefined> | undefined)?.[key];
    const gap = address && ADDRESS_REQUIRED.find((f) => address[f] === undefined || address[f] === '');
    if (gap) return `${at}.${key}.${gap} is required`;
  }
  return undefined;
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
  const identity = await ctx.store.transact((tx) => {
    const rec = ownIdentity(tx, clientId, id);
    if (body.person_details && rec.type !== 'PERSON') throw badRequest('person_details cannot be set on an institution identity');
    if (body.institution_details && rec.type !== 'INSTITUTION') throw badRequest('institution_details cannot be set on a person identity');
    const next: IdentityRecord = structuredClone(rec);
    // Read-only sub-statuses in the delta are ignored; the stored ones win.
    const person = mergeDetails(rec.person_details, body.person_details);
    const institution = mergeDetails(rec.institution_details, body.institution_details);
    if (person) next.person_details = person;
    if (institution) next.institution_details = institution;
    writeChecks(next, readChecks(rec));
    const gap = (body.person_details && incompleteAddress(next.person_details, 'person_details')) || (body.institution_details && incompleteAddress(next.institution_details, 'institution_details'));
    if (gap) throw badRequest(gap);
    if (body.person_details) {
      const bad = validatePerson(next.person_details!, today(ctx));
      if (bad) throw badRequest(bad);
    }
    if (body.institution_details) {
      const bad = validateInstitution(next.institution_details!);
      if (bad) throw badRequest(bad);
    }
    if (body.tax_details) {
      const bad = validateTaxDetails(body.tax_details);
      if (bad) throw badRequest(bad);
      next.tax_details = body.tax_details; // replaces the whole list (REFERENCE.md §2.12)
    }
    if (body.ref_id !== undefined) {
      if (body.ref_id.trim() === '') throw badRequest('ref_id must not be empty');
      next.ref_id = body.ref_id;
    }
    if (body.metadata) next.metadata = { ...(rec.metadata ?? {}), ...body.metadata }; // SANDBOX: metadata merges ([U])
    if (body.set_tax_details_not_required !== undefined) next.tax_details_not_required = body.set_tax_details_not_required;
    if (body.customer_due_diligence) next.customer_due_diligence = { ...(rec.customer_due_diligence ?? {}), ...body.customer_due_diligence };
    if (body.is_merchant !== undefined) next.is_merchant = body.is_merchant;
    assertUnique(tx, clientId, rec.id, body.ref_id, body.person_details || body.institution_details ? cipKey(clientId, next.person_details ?? next.institution_details) : undefined);
    if (body.set_user_disabled !== undefined) {
      if (body.set_user_disabled === false && rec.admin_disabled) {
        throw forbidden('identity was disabled by Paxos and cannot be re-enabled by the client');
      }
      next.user_disabled = body.set_user_disabled;
      next._sim.controls = setControl(next._sim.controls ?? [], 'user_disabled', body.set_user_disabled, { id: ctx.ids.uuid(), now: ctx.clock.now().toISOString() });
    }
    if (body.last_kyc_refresh_date !== undefined) next.last_kyc_refresh_date = body.last_kyc_refresh_date;
    next.updated_at = issueTimestamp(tx, ctx.clock.nowMs(), 6);
    tx.identities.put(rec.id, next);
    if (body.last_kyc_refresh_date !== undefined) recordKycRefresh(tx, ctx, next, body.last_kyc_refresh_date);
    const saved = recompute(tx, ctx, rec.id)!;
    return presentIdentity(tx, saved, { includeDetails: true, includeMembers: true });
  });
  await ctx.afterChange();
  return identity;
}

/**
 * PUT /identity/identities/{id}/sandbox-status (REFERENCE.md §4.1): sets the
 * given sub-statuses and disable flags, recomputes at once and emits events.
 * SANDBOX: Paxos leaves synchronous recompute and events [U]; both happen here.
 */
export async function sandboxSetIdentityStatus(ctx: SimContext, clientId: string, id: string, body: SandboxSetIdentityStatusRequest): Promise<void> {
  await ctx.store.transact((tx) => {
    const rec = ownIdentity(tx, clientId, id);
    const next: IdentityRecord = structuredClone(rec);
    const checks: Partial<Record<Check, IdentityStatus>> = {};
    if (body.id_verification_status !== undefined) {
      if (rec.type !== 'PERSON') throw badRequest('id_verification_status applies to person identities only');
      checks.id_verification = body.id_verification_status;
    }
    if (body.document_verification_status !== undefined) {
      if (rec.type !== 'INSTITUTION') throw badRequest('document_verification_status applies to institution identities only');
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
    }
    if (!Object.values(readChecks(next)).includes('ERROR')) next._sim.manual_review = undefined;
    tx.identities.put(rec.id, next);
    recompute(tx, ctx, rec.id);
  });
  await ctx.afterChange();
}

export { applyDecision, hasControl };
