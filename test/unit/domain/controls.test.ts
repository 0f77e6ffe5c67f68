/**
 * Identity controls standing for the disable flags and compliance outcomes
 * (simulator/domain/controls.ts): setControl adds once and removes by kind.
 */
import { describe, expect, it } from 'vitest';
import { controlKindOf, hasControl, setControl, type ControlKind } from '../../../simulator/domain/controls.js';

const NOW = '2026-01-15T10:00:00.000Z';
const KINDS: Array<[ControlKind, object]> = [
  ['user_disabled', { type: 'SELL_ONLY', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'END_USER_REQUEST' }],
  ['admin_disabled', { type: 'SELL_ONLY', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'ADMINISTRATIVE' }],
  ['frozen', { type: 'FROZEN', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'COMPLIANCE_INVESTIGATION' }],
  ['kyc_expired', { type: 'SELL_ONLY', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'COMPLIANCE_KYC' }],
];

describe('setControl', () => {
  it.each(KINDS)('adds a %s control with its shape, id and time', (kind, shape) => {
    const [c] = setControl([], kind, true, { id: 'c1', now: NOW });
    expect(c).toEqual({ id: 'c1', created_at: NOW, reason: expect.any(String), ...shape });
    expect(controlKindOf(c)).toBe(kind);
    expect(hasControl([c], kind)).toBe(true);
    for (const [other] of KINDS.filter(([k]) => k !== kind)) expect(hasControl([c], other)).toBe(false);
  });

  it('uses a given reason instead of the default', () => {
    expect(setControl([], 'frozen', true, { id: 'c1', now: NOW, reason: 'Looked odd.' })[0].reason).toBe('Looked odd.');
  });

  it('adds a kind only once, keeping the first id', () => {
    const once = setControl([], 'user_disabled', true, { id: 'c1', now: NOW });
    const twice = setControl(once, 'user_disabled', true, { id: 'c2', now: NOW });
    expect(twice).toEqual(once);
  });

  it('removes only the kind asked for', () => {
    let controls = setControl([], 'user_disabled', true, { id: 'c1', now: NOW });
    controls = setControl(controls, 'admin_disabled', true, { id: 'c2', now: NOW });
    controls = setControl(controls, 'kyc_expired', true, { id: 'c3', now: NOW });
    const after = setControl(controls, 'admin_disabled', false, { id: 'unused', now: NOW });
    expect(after.map((c) => c.id)).toEqual(['c1', 'c3']);
    expect(setControl(after, 'frozen', false, { id: 'unused', now: NOW })).toEqual(after);
  });

  it('returns a new list and never changes the one given', () => {
    const controls = setControl([], 'user_disabled', true, { id: 'c1', now: NOW });
    const copy = structuredClone(controls);
    setControl(controls, 'frozen', true, { id: 'c2', now: NOW });
    setControl(controls, 'user_disabled', false, { id: 'c3', now: NOW });
    expect(controls).toEqual(copy);
  });

  it('does not recognise a control of another shape (e.g. a DORMANT control)', () => {
    expect(controlKindOf({ id: 'x', type: 'DORMANT', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'END_USER_REQUEST', reason: '', created_at: NOW })).toBeUndefined();
  });
});
