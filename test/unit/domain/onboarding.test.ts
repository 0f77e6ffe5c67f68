/**
 * applyOutcome / closeEdd / missingDocuments (simulator/domain/onboarding.ts):
 * what each decision outcome does to an identity's checks, EDD, manual-review
 * note and controls, for persons and institutions.
 */
import { describe, expect, it } from 'vitest';
import { controlKindOf } from '../../../simulator/domain/controls.js';
import type { Outcome } from '../../../simulator/domain/decision-rules.js';
import { deriveOverall } from '../../../simulator/domain/identity-status.js';
import { applyOutcome, closeEdd, missingDocuments, type OnboardingState } from '../../../simulator/domain/onboarding.js';
import type { IdentityStatus } from '../../../src/types.js';

const AT = { now: '2026-01-15T10:00:02.000Z', controlId: 'ctrl-1' };
const fresh = (type: OnboardingState['type']): OnboardingState => ({
  type,
  checks: type === 'PERSON' ? { id_verification: 'APPROVED', sanctions: 'PENDING', additional_screening: 'PENDING' } : { sanctions: 'PENDING', document_verification: 'PENDING', additional_screening: 'PENDING' },
  controls: [],
});
const APPROVED_MEMBERS = [{ identity_id: 'm1', status: 'APPROVED' as const }];

/** The overall status after applying `outcome` (institutions with approved members). */
function overallAfter(type: OnboardingState['type'], outcome: Outcome): IdentityStatus {
  const { state } = applyOutcome(fresh(type), outcome, AT);
  return deriveOverall({
    type,
    checks: state.checks,
    controls: state.controls,
    edd: state.edd && (state.edd.state === 'awaiting_documents' ? { state: 'awaiting_documents', missing: state.edd.required } : { state: state.edd.state }),
    members: type === 'INSTITUTION' ? APPROVED_MEMBERS : undefined,
  });
}

describe('applyOutcome', () => {
  const edd: Outcome = { kind: 'EDD', documents: ['PROOF_OF_FUNDS', 'TAX_IDENTIFICATION'], then: 'DENIED', thenDelayMs: 5000 };

  it.each<[OnboardingState['type'], Outcome, IdentityStatus]>([
    ['PERSON', { kind: 'APPROVED' }, 'APPROVED'],
    ['PERSON', { kind: 'DENIED', check: 'sanctions' }, 'DENIED'],
    ['PERSON', { kind: 'DENIED', check: 'id_verification' }, 'DENIED'],
    ['PERSON', { kind: 'DENIED', check: 'additional_screening' }, 'DENIED'],
    ['PERSON', { kind: 'MANUAL_REVIEW', check: 'sanctions', reason: 'r' }, 'PENDING'],
    ['PERSON', { kind: 'MANUAL_REVIEW', check: 'id_verification', reason: 'r' }, 'PENDING'],
    ['PERSON', { kind: 'ERROR', reason: 'r' }, 'ERROR'],
    ['PERSON', edd, 'PENDING'],
    ['PERSON', { kind: 'PENDING' }, 'PENDING'],
    ['INSTITUTION', { kind: 'APPROVED' }, 'APPROVED'],
    ['INSTITUTION', { kind: 'DENIED', check: 'sanctions' }, 'DENIED'],
    ['INSTITUTION', { kind: 'DENIED', check: 'id_verification' }, 'DENIED'],
    ['INSTITUTION', { kind: 'DENIED', check: 'additional_screening' }, 'DENIED'],
    ['INSTITUTION', { kind: 'MANUAL_REVIEW', check: 'id_verification', reason: 'r' }, 'PENDING'],
    ['INSTITUTION', { kind: 'ERROR', reason: 'r' }, 'ERROR'],
    ['INSTITUTION', edd, 'PENDING'],
  ])('%s %o leads to %s', (type, outcome, want) => {
    expect(overallAfter(type, outcome)).toBe(want);
  });

  it('APPROVED passes every check of the identity type', () => {
    expect(applyOutcome(fresh('PERSON'), { kind: 'APPROVED' }, AT).state.checks).toEqual({ id_verification: 'APPROVED', sanctions: 'APPROVED', additional_screening: 'APPROVED' });
    expect(applyOutcome(fresh('INSTITUTION'), { kind: 'APPROVED' }, AT).state.checks).toEqual({ sanctions: 'APPROVED', document_verification: 'APPROVED', additional_screening: 'APPROVED' });
  });

  it('DENIED fails the named check only', () => {
    expect(applyOutcome(fresh('PERSON'), { kind: 'DENIED', check: 'additional_screening' }, AT).state.checks).toEqual({ id_verification: 'APPROVED', sanctions: 'APPROVED', additional_screening: 'DENIED' });
  });

  it("fails an institution's document verification for an id_verification outcome (it has no ID verification)", () => {
    expect(applyOutcome(fresh('INSTITUTION'), { kind: 'DENIED', check: 'id_verification' }, AT).state.checks).toEqual({ sanctions: 'APPROVED', document_verification: 'DENIED', additional_screening: 'APPROVED' });
  });

  it('MANUAL_REVIEW puts the check in ERROR and keeps the reason', () => {
    const { state } = applyOutcome(fresh('PERSON'), { kind: 'MANUAL_REVIEW', check: 'sanctions', reason: 'Name match on a list.' }, AT);
    expect(state.checks.sanctions).toBe('ERROR');
    expect(state.manualReview).toBe('Name match on a list.');
  });

  it('ERROR adds one FROZEN control with the reason, id and time given', () => {
    const { state } = applyOutcome(fresh('PERSON'), { kind: 'ERROR', reason: 'Investigation.' }, AT);
    expect(state.controls).toEqual([
      { id: 'ctrl-1', type: 'FROZEN', set_by: 'SET_BY_PAXOS', is_overridable: false, reason_code: 'COMPLIANCE_INVESTIGATION', reason: 'Investigation.', created_at: AT.now },
    ]);
  });

  it('EDD opens a review awaiting documents and reports the documents required', () => {
    const result = applyOutcome(fresh('PERSON'), edd, AT);
    expect(result.documentsRequired).toEqual(['PROOF_OF_FUNDS', 'TAX_IDENTIFICATION']);
    expect(result.state.edd).toEqual({ required: ['PROOF_OF_FUNDS', 'TAX_IDENTIFICATION'], then: 'DENIED', then_delay_ms: 5000, opened_at: AT.now, state: 'awaiting_documents' });
  });

  it('PENDING leaves the state untouched', () => {
    const state = fresh('PERSON');
    expect(applyOutcome(state, { kind: 'PENDING' }, AT)).toEqual({ state });
  });

  it('keeps existing controls and clears an earlier manual-review note', () => {
    const userDisabled = { id: 'c0', type: 'SELL_ONLY', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'END_USER_REQUEST', reason: 'x', created_at: AT.now } as const;
    const state = { ...fresh('PERSON'), controls: [userDisabled], manualReview: 'old' };
    const { state: next } = applyOutcome(state, { kind: 'APPROVED' }, AT);
    expect(next.controls).toEqual([userDisabled]);
    expect(next.manualReview).toBeUndefined();
    expect(controlKindOf(next.controls[0])).toBe('user_disabled');
  });
});

describe('missingDocuments / closeEdd', () => {
  const open = applyOutcome(fresh('PERSON'), { kind: 'EDD', documents: ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY'], then: 'APPROVED', thenDelayMs: 0 }, AT).state;

  it('lists the required types not yet uploaded', () => {
    expect(missingDocuments(open.edd!, [])).toEqual(['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
    expect(missingDocuments(open.edd!, ['PROOF_OF_RESIDENCY', 'TAX_IDENTIFICATION'])).toEqual(['PROOF_OF_FUNDS']);
    expect(missingDocuments(open.edd!, ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY'])).toEqual([]);
  });

  it('closes an EDD that ends APPROVED and fails one that ends DENIED', () => {
    expect(closeEdd(open).edd).toBeUndefined();
    const denied = { ...open, edd: { ...open.edd!, then: 'DENIED' as const } };
    expect(closeEdd(denied).edd?.state).toBe('failed');
    const noEdd = fresh('PERSON');
    expect(closeEdd(noEdd)).toBe(noEdd);
  });
});
