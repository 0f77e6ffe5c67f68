/**
 * @module services/onboarding
 * Applies decisions to stored identities: the create-time decision, the timed
 * review, EDD document coverage, and the KYC refresh cycle. Each function runs
 * inside the caller's transaction and ends with a status recompute.
 */
import type { DocumentType } from '../../src/types.js';
import { setControl } from '../domain/controls.js';
import { decideOutcome, type Outcome } from '../domain/decision-rules.js';
import { applyOutcome, closeEdd, missingDocuments, RESCREENED_CHECKS, type OnboardingState } from '../domain/onboarding.js';
import type { IdentityRecord, JobRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import type { SimContext } from './context.js';
import { appendDocumentsRequired, appendKycRefresh, ownerOf } from './events-log.js';
import { cancelJobs, scheduleJob } from './jobs.js';
import { readChecks, uploadedTypesOf, writeChecks } from './records.js';
import { recompute } from './status.js';

type Ctx = Pick<SimContext, 'clock' | 'ids' | 'config'>;

/**
 * Re-screening after a change of screened details (REFERENCE.md §2.12): the
 * screening checks go back to PENDING (so the identity is PENDING, which has
 * no event), any pending review is replaced, and a new decision is due after
 * the review delay. The decision follows the rules and magic values, matched
 * against the updated details; when none matches, screening passes again.
 * The decision is announced (identity.approved or identity.denied) even if
 * the identity had been approved before: it is a new decision.
 * SANDBOX: Paxos does not say what status a re-screen shows or how long it takes.
 */
export function startRescreen(tx: StoreTx, ctx: Ctx & Pick<SimContext, 'rules'>, rec: IdentityRecord): void {
  const next: IdentityRecord = structuredClone(rec);
  writeChecks(next, Object.fromEntries(RESCREENED_CHECKS.map((c) => [c, 'PENDING'])));
  delete next._sim.announced;
  tx.identities.put(rec.id, next);
  for (const job of tx.jobs.by('identity', rec.id).filter((j) => j.kind === 'decide' && !j.args?.edd_result)) tx.jobs.delete(job.id);
  const request = { ref_id: rec.ref_id, metadata: rec.metadata, person_details: rec.person_details, institution_details: rec.institution_details };
  const decision = decideOutcome(request, ctx.rules.get(), ctx.config.reviewDelayMs);
  const outcome: Outcome = decision.source === 'default' ? { kind: 'APPROVED' } : decision.outcome;
  const delayMs = decision.source === 'default' ? ctx.config.reviewDelayMs : decision.delayMs;
  if (delayMs !== undefined) {
    scheduleJob(tx, ctx, { kind: 'decide', identity_id: rec.id, client_id: rec._sim.client_id, due_ms: ctx.clock.nowMs() + delayMs, args: { outcome, rescreen: true } });
  }
}

function stateOf(rec: IdentityRecord): OnboardingState {
  return {
    type: rec.type === 'INSTITUTION' ? 'INSTITUTION' : 'PERSON',
    checks: readChecks(rec),
    edd: rec._sim.edd,
    manualReview: rec._sim.manual_review,
    controls: rec._sim.controls ?? [],
  };
}

function store(tx: StoreTx, rec: IdentityRecord, state: OnboardingState): IdentityRecord {
  const next: IdentityRecord = structuredClone(rec);
  writeChecks(next, state.checks);
  next._sim = { ...next._sim, edd: state.edd, manual_review: state.manualReview, controls: state.controls };
  delete next._sim.decision_pending; // the decision has been made
  tx.identities.put(rec.id, next);
  return next;
}

/** Run a decision now (from the review job or a rule with no delay). */
export function applyDecision(tx: StoreTx, ctx: Ctx, rec: IdentityRecord, outcome: Outcome): void {
  const result = applyOutcome(stateOf(rec), outcome, { now: ctx.clock.now().toISOString(), controlId: ctx.ids.uuid(), eddDelayMs: ctx.config.eddReviewDelayMs });
  const saved = store(tx, rec, result.state);
  if (result.documentsRequired) {
    appendDocumentsRequired(tx, ctx, { ...ownerOf(rec), identity_id: rec.id, documents: result.documentsRequired });
    checkEddCoverage(tx, ctx, saved);
  }
  recompute(tx, ctx, rec.id);
}

/** Document types this identity has received bytes for. */
export function uploadedTypes(tx: StoreTx, identityId: string): DocumentType[] {
  return uploadedTypesOf(tx, identityId);
}

/** When uploads cover an open EDD, the review starts: its result is due after then_delay. */
export function checkEddCoverage(tx: StoreTx, ctx: Ctx, rec: IdentityRecord): void {
  const edd = rec._sim.edd;
  if (!edd || edd.state !== 'awaiting_documents') return;
  if (missingDocuments(edd, uploadedTypes(tx, rec.id)).length) {
    recompute(tx, ctx, rec.id);
    return;
  }
  tx.identities.put(rec.id, { ...rec, _sim: { ...rec._sim, edd: { ...edd, state: 'in_review' } } });
  scheduleJob(tx, ctx, { kind: 'decide', identity_id: rec.id, client_id: rec._sim.client_id, due_ms: ctx.clock.nowMs() + edd.then_delay_ms, args: { edd_result: edd.then } });
  recompute(tx, ctx, rec.id);
}

/** Run one due job. */
export function runJob(tx: StoreTx, ctx: Ctx, job: JobRecord): void {
  tx.jobs.delete(job.id);
  const rec = tx.identities.get(job.identity_id);
  if (!rec) return;
  switch (job.kind) {
    case 'decide': {
      if (job.args?.edd_result) {
        const state = closeEdd(stateOf(rec));
        store(tx, rec, state);
        recompute(tx, ctx, rec.id);
      } else applyDecision(tx, ctx, rec, job.args?.outcome as Outcome);
      return;
    }
    case 'kyc_refresh_start':
      return startKycRefresh(tx, ctx, rec, job.due_at);
    case 'kyc_refresh_expire':
      return expireKycRefresh(tx, ctx, rec);
  }
}

function startKycRefresh(tx: StoreTx, ctx: Ctx, rec: IdentityRecord, dueAt: string): void {
  if (rec._sim.kyc === 'started') return;
  tx.identities.put(rec.id, { ...rec, _sim: { ...rec._sim, kyc: 'started' } });
  appendKycRefresh(tx, ctx, 'started', { ...ownerOf(rec), identity_id: rec.id, last_kyc_refresh_date: rec.last_kyc_refresh_date, next_kyc_refresh_date: dueAt });
  cancelJobs(tx, rec.id, ['kyc_refresh_expire']);
  scheduleJob(tx, ctx, { kind: 'kyc_refresh_expire', identity_id: rec.id, client_id: rec._sim.client_id, due_ms: ctx.clock.nowMs() + ctx.config.kyc.windowMs });
  recompute(tx, ctx, rec.id);
}

function expireKycRefresh(tx: StoreTx, ctx: Ctx, rec: IdentityRecord): void {
  if (rec._sim.kyc !== 'started') return;
  const controls = ctx.config.kyc.disableOnExpiry
    ? setControl(rec._sim.controls ?? [], 'kyc_expired', true, { id: ctx.ids.uuid(), now: ctx.clock.now().toISOString() })
    : rec._sim.controls;
  tx.identities.put(rec.id, { ...rec, _sim: { ...rec._sim, kyc: 'expired', controls } });
  appendKycRefresh(tx, ctx, 'expired', { ...ownerOf(rec), identity_id: rec.id, last_kyc_refresh_date: rec.last_kyc_refresh_date });
  recompute(tx, ctx, rec.id);
}

/**
 * Update Identity with `last_kyc_refresh_date` (REFERENCE.md §3.8): a date older
 * than the refresh interval starts a refresh at once; otherwise an open refresh
 * completes and the next one is scheduled interval after the date.
 */
export function recordKycRefresh(tx: StoreTx, ctx: Ctx, rec: IdentityRecord, date: string): void {
  const next = Date.parse(date) + ctx.config.kyc.refreshIntervalMs;
  cancelJobs(tx, rec.id, ['kyc_refresh_start', 'kyc_refresh_expire']);
  if (next <= ctx.clock.nowMs()) {
    if (rec._sim.kyc === 'started') scheduleJob(tx, ctx, { kind: 'kyc_refresh_expire', identity_id: rec.id, client_id: rec._sim.client_id, due_ms: ctx.clock.nowMs() + ctx.config.kyc.windowMs });
    else startKycRefresh(tx, ctx, rec, new Date(next).toISOString());
    return;
  }
  const wasOpen = rec._sim.kyc !== undefined;
  const controls = setControl(rec._sim.controls ?? [], 'kyc_expired', false, { id: '', now: '' });
  tx.identities.put(rec.id, { ...rec, _sim: { ...rec._sim, kyc: undefined, controls } });
  if (wasOpen) {
    appendKycRefresh(tx, ctx, 'completed', { ...ownerOf(rec), identity_id: rec.id, last_kyc_refresh_date: date, next_kyc_refresh_date: new Date(next).toISOString() });
  }
  scheduleJob(tx, ctx, { kind: 'kyc_refresh_start', identity_id: rec.id, client_id: rec._sim.client_id, due_ms: next });
  recompute(tx, ctx, rec.id);
}
