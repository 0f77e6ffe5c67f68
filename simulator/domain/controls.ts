/**
 * @module domain/controls
 * Identity controls that stand for the legacy disable flags and for the
 * simulator's compliance outcomes (REFERENCE.md §3.6: user_disabled ≡ SELL_ONLY
 * set by the client, overridable; admin_disabled ≡ SELL_ONLY set by Paxos, not
 * overridable; ERROR ≡ a FROZEN control; an expired KYC refresh ≡ SELL_ONLY with
 * reason COMPLIANCE_KYC). Pure: ids and times are arguments.
 */
import type { IdentityControl } from '../../src/types.js';

export type ControlKind = 'user_disabled' | 'admin_disabled' | 'frozen' | 'kyc_expired';

const SHAPES: Record<ControlKind, Omit<IdentityControl, 'id' | 'created_at' | 'reason'> & { reason: string }> = {
  user_disabled: { type: 'SELL_ONLY', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'END_USER_REQUEST', reason: 'Disabled by the API client (set_user_disabled).' },
  admin_disabled: { type: 'SELL_ONLY', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'ADMINISTRATIVE', reason: 'Disabled by Paxos.' },
  frozen: { type: 'FROZEN', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'COMPLIANCE_INVESTIGATION', reason: 'Identity frozen for compliance review.' },
  kyc_expired: { type: 'SELL_ONLY', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'COMPLIANCE_KYC', reason: 'KYC refresh expired.' },
};

export function controlKindOf(control: IdentityControl): ControlKind | undefined {
  return (Object.keys(SHAPES) as ControlKind[]).find(
    (k) => SHAPES[k].type === control.type && SHAPES[k].set_by === control.set_by && SHAPES[k].reason_code === control.reason_code,
  );
}

export function hasControl(controls: readonly IdentityControl[], kind: ControlKind): boolean {
  return controls.some((c) => controlKindOf(c) === kind);
}

/** Add (once) or remove the control of `kind`; returns a new list. */
export function setControl(
  controls: readonly IdentityControl[],
  kind: ControlKind,
  on: boolean,
  make: { id: string; now: string; reason?: string },
): IdentityControl[] {
  const without = controls.filter((c) => controlKindOf(c) !== kind);
  if (!on) return without;
  if (without.length !== controls.length) return [...controls];
  const shape = SHAPES[kind];
  return [...controls, { id: make.id, ...shape, reason: make.reason ?? shape.reason, created_at: make.now }];
}
