/**
 * @module domain/onboarding
 * Pure application of a decision outcome to an identity's checks, EDD state,
 * manual-review note and controls. The caller persists the result and derives
 * the overall status with identity-status.ts.
 */
import type { DocumentType, IdentityControl, IdentityStatus, IdentityType } from '../../src/types.js';
import { setControl } from './controls.js';
import type { Outcome } from './decision-rules.js';
import { SCREENED_CHECKS, type Check } from './identity-status.js';

export interface EddInternal {
  required: DocumentType[];
  then: 'APPROVED' | 'DENIED';
  then_delay_ms: number;
  opened_at: string;
  state: 'awaiting_documents' | 'in_review' | 'failed';
}

export interface OnboardingState {
  type: IdentityType;
  checks: Partial<Record<Check, IdentityStatus>>;
  edd?: EddInternal;
  manualReview?: string;
  controls: IdentityControl[];
}

export interface OutcomeResult {
  state: OnboardingState;
  /** set when the outcome opens EDD: the event identity.documents_required carries these */
  documentsRequired?: DocumentType[];
}

/**
 * Every check passes, except one set to `failing` with `value`. An institution
 * has no ID verification; its document verification stands in for it, so a
 * rule that fails `id_verification` still fails an institution.
 * SANDBOX: the simulator's own mapping (REFERENCE.md §3.3).
 */
function checksWith(type: OnboardingState['type'], failing?: Check, value?: IdentityStatus): OnboardingState['checks'] {
  const target = type === 'INSTITUTION' && failing === 'id_verification' ? 'document_verification' : failing;
  const checks: OnboardingState['checks'] = {};
  for (const c of SCREENED_CHECKS[type]) checks[c] = c === target ? value : 'APPROVED';
  return checks;
}

/** `at.eddDelayMs`: the EDD review time when the outcome names none (the configured default; 0 if not given). */
export function applyOutcome(state: OnboardingState, outcome: Outcome, at: { now: string; controlId: string; eddDelayMs?: number }): OutcomeResult {
  const base = { type: state.type, controls: state.controls };
  switch (outcome.kind) {
    case 'PENDING':
      return { state };
    case 'APPROVED':
      return { state: { ...base, checks: checksWith(state.type) } };
    case 'DENIED':
      return { state: { ...base, checks: checksWith(state.type, outcome.check, 'DENIED') } };
    case 'MANUAL_REVIEW':
      return { state: { ...base, checks: checksWith(state.type, outcome.check, 'ERROR'), manualReview: outcome.reason } };
    case 'ERROR':
      return {
        state: {
          ...base,
          checks: checksWith(state.type),
          controls: setControl(state.controls, 'frozen', true, { id: at.controlId, now: at.now, reason: outcome.reason }),
        },
      };
    case 'EDD':
      return {
        state: {
          ...base,
          checks: checksWith(state.type),
          edd: { required: [...outcome.documents], then: outcome.then, then_delay_ms: outcome.thenDelayMs ?? at.eddDelayMs ?? 0, opened_at: at.now, state: 'awaiting_documents' },
        },
        documentsRequired: [...outcome.documents],
      };
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/** Document types of an open EDD that the uploaded documents do not cover yet. */
export function missingDocuments(edd: EddInternal, uploaded: readonly DocumentType[]): DocumentType[] {
  return edd.required.filter((t) => !uploaded.includes(t));
}

/** Close an EDD review with its final result: approved closes it, denied leaves it failed. */
export function closeEdd(state: OnboardingState): OnboardingState {
  if (!state.edd) return state;
  if (state.edd.then === 'APPROVED') return { ...state, edd: undefined };
  return { ...state, edd: { ...state.edd, state: 'failed' } };
}

/**
 * The details Paxos screens (sanctions, PEP / adverse media): a change to any
 * of them on an approved identity re-runs screening (REFERENCE.md §2.12:
 * "name change → re-screening"). SANDBOX: the exact list is the simulator's.
 */
export const SCREENED_DETAILS: Record<OnboardingState['type'], readonly string[]> = {
  PERSON: ['first_name', 'middle_name', 'last_name', 'date_of_birth', 'address', 'cip_id', 'cip_id_type', 'cip_id_country'],
  INSTITUTION: ['name', 'business_address', 'incorporation_address', 'cip_id', 'cip_id_type', 'cip_id_country'],
};

/** The screened details whose value differs between two versions of an identity's details. */
export function changedScreenedDetails(type: OnboardingState['type'], before: object | undefined, after: object | undefined): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return SCREENED_DETAILS[type].filter((key) => JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null));
}

/** The checks screening sets back to PENDING while it runs again. */
export const RESCREENED_CHECKS: readonly Check[] = ['sanctions', 'additional_screening'];
