/**
 * @module services/status
 * Recomputes an identity's status after any change, inside the caller's
 * transaction: derive (pure), store, emit the status-change event, and cascade
 * to institutions that have the identity as a member.
 */
import { announceStatusChange, deriveStatus } from '../domain/identity-status.js';
import { issueTimestamp } from './stamps.js';
import type { IdentityRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import type { SimContext } from './context.js';
import { appendStatusChange, ownerOf } from './events-log.js';
import { reconcileControls } from './control-history.js';
import { scheduleJob } from './jobs.js';
import { statusInputOf } from './records.js';

type Ctx = Pick<SimContext, 'clock' | 'ids' | 'config'>;

/**
 * `current`: the identity's record as the caller has just built it, not yet
 * put (a create): it is derived and stored in one put, by `store` when given
 * (it must put the record it is handed as it is). Returns the record as
 * stored.
 */
export function recompute(
  tx: StoreTx,
  ctx: Ctx,
  identityId: string,
  seen = new Set<string>(),
  current?: IdentityRecord,
  store?: (rec: IdentityRecord) => void,
): IdentityRecord | undefined {
  if (seen.has(identityId)) return tx.identities.get(identityId);
  seen.add(identityId);
  const rec = current ?? tx.identities.get(identityId);
  if (!rec) return undefined;
  reconcileControls(tx, ctx, rec);
  const before = rec.status ?? 'PENDING';
  const derived = deriveStatus(statusInputOf(tx, rec));
  // A record the caller has just built (a create) is its own to give: it is completed in place
  // rather than copied (the same keys in the same order as the copy: status_details, when new, last).
  const previousDetails = rec.status_details;
  const next: IdentityRecord = current ?? { ...rec };
  next.status = derived.status;
  next.summary_status = derived.status;
  next.status_details = derived.status_details;
  const changed = before !== derived.status;
  if (changed || !sameJson(previousDetails, derived.status_details)) {
    next.updated_at = issueTimestamp(tx, ctx.clock.nowMs(), 6);
  }
  const announcement = changed ? announceStatusChange(before, derived.status, rec._sim) : undefined;
  if (announcement) {
    // (`{ ...rec._sim, announced, ever_approved }`, without the spread V8 takes its slow path for)
    const sim = Object.assign({}, rec._sim);
    sim.announced = announcement.next.announced;
    sim.ever_approved = announcement.next.ever_approved;
    next._sim = sim;
    if (next._sim.announced === undefined) delete next._sim.announced;
    if (next._sim.ever_approved === undefined) delete next._sim.ever_approved;
  }
  if (store) store(next);
  else tx.identities.put(rec.id, next);
  if (changed) {
    const type = announcement?.type;
    if (type) {
      const owner = ownerOf(rec);
      appendStatusChange(tx, ctx, type, { client_id: owner.client_id, entity_id: owner.entity_id, identity_id: rec.id, from: before, to: derived.status, status_details: derived.status_details });
    }
    if (derived.status === 'APPROVED') scheduleFirstKycRefresh(tx, ctx, next);
    const memberships = tx.members.by('identity', rec.id);
    for (const m of memberships) recompute(tx, ctx, m.institution_id, seen);
    // the institutions' recomputes store only their own records, but read it back after them to be sure
    if (memberships.length) return tx.identities.get(rec.id);
  }
  // what was put (the store holds its text; this object is the caller's to keep)
  return next;
}

/**
 * Whether two values serialise to the same JSON text. Most often one side is
 * missing (an identity's first status_details): that answer needs no text.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** After the first approval, the periodic KYC refresh clock starts (REFERENCE.md §3.8). */
function scheduleFirstKycRefresh(tx: StoreTx, ctx: Ctx, rec: IdentityRecord): void {
  const pending = tx.jobs.by('identity', rec.id).find((j) => j.kind === 'kyc_refresh_start' || j.kind === 'kyc_refresh_expire');
  if (pending || rec._sim.kyc) return;
  const base = rec.last_kyc_refresh_date ? Date.parse(rec.last_kyc_refresh_date) : ctx.clock.nowMs();
  scheduleJob(tx, ctx, { kind: 'kyc_refresh_start', identity_id: rec.id, client_id: rec._sim.client_id, due_ms: base + ctx.config.kyc.refreshIntervalMs });
}
