/**
 * @module services/control-history
 * Keeps the `controls` collection (every control an identity ever had) in step
 * with the identity's active controls, inside the caller's transaction, and
 * emits `identity.control.created` / `identity.control.deleted` for each
 * difference. Called from recompute(), so every path that sets or lifts a
 * control (the Identity Controls API, `set_user_disabled`, sandbox-status
 * disables, KYC expiry, freezes from rules) is announced the same way.
 */
import type { IdentityControl } from '../../src/types.js';
import type { ControlRecord, IdentityRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import type { SimContext } from './context.js';
import { appendEvent } from './events-log.js';

type Ctx = Pick<SimContext, 'clock' | 'ids'>;

function appendControlEvent(tx: StoreTx, ctx: Ctx, phase: 'created' | 'deleted', rec: IdentityRecord, c: IdentityControl & { id: string }): void {
  const object: Record<string, unknown> = { identity_id: rec.id, control_id: c.id, control_type: c.type };
  if (c.set_by) object.set_by = c.set_by;
  if (c.is_overridable !== undefined) object.is_overridable = c.is_overridable;
  if (c.reason_code) object.reason_code = c.reason_code;
  appendEvent(tx, ctx, { type: `identity.control.${phase}`, object_type: 'identity_control', client_id: rec._sim.client_id, entity_id: rec._sim.entity_id, identity_id: rec.id, object });
}

export function reconcileControls(tx: StoreTx, ctx: Ctx, rec: IdentityRecord): void {
  const active = (rec._sim.controls ?? []).filter((c): c is IdentityControl & { id: string } => typeof c.id === 'string' && c.id !== '');
  const known = tx.controls.by('identity', rec.id);
  // most identities (every new one) have no control, active or past: nothing to reconcile
  if (!active.length && !known.length) return;
  const activeIds = new Set(active.map((c) => c.id));
  const knownIds = new Set(known.map((c) => c.id));
  for (const c of active) {
    if (knownIds.has(c.id)) continue;
    const row: ControlRecord = { ...c, identity_id: rec.id, client_id: rec._sim.client_id, entity_id: rec._sim.entity_id, seq: tx.nextSeq() };
    tx.controls.put(c.id, row);
    appendControlEvent(tx, ctx, 'created', rec, c);
  }
  for (const row of known) {
    if (row.deleted_at || activeIds.has(row.id)) continue;
    tx.controls.put(row.id, { ...row, deleted_at: ctx.clock.now().toISOString() });
    appendControlEvent(tx, ctx, 'deleted', rec, row);
  }
}
