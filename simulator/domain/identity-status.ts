/**
 * @module domain/identity-status
 * Pure derivation of an identity's overall `status` (= deprecated
 * `summary_status`) and `status_details` from its sub-statuses, open EDD,
 * members, KYC refresh state and active controls. No clock, store or I/O.
 *
 * Paxos publishes no exact rules (REFERENCE.md §3.4); this is the simulator's
 * documented choice, in precedence order:
 *   1. an active FROZEN control → ERROR ("ERROR = frozen for compliance", §3.1)
 *   2. an active SELL_ONLY / CLOSED / DORMANT control, or user/admin disable → DISABLED (§3.4, §3.6)
 *   3. any required check DENIED, or EDD failed → DENIED (once the onboarding decision is
 *      no longer due: a passthrough DENIED shows at once in id_verification_status, but
 *      Create answers PENDING and the denial comes with the decision)
 *   4. person: id_verification and sanctions APPROVED (the sandbox guide's rule, §4.1);
 *      institution: sanctions APPROVED and every member APPROVED (§3.7);
 *      and nothing in manual review (sub-status ERROR) and no open EDD → APPROVED
 *   5. otherwise → PENDING
 * A PENDING additional screening (person) or document verification (institution)
 * does not block approval, as in the Paxos sandbox; ERROR (manual review) does.
 */
import type {
  DocumentType,
  IdentityControl,
  IdentityRequirement,
  IdentityStatus,
  IdentityType,
  RequirementErrorCode,
  StatusDetails,
} from '../../src/types.js';

export type Check = 'id_verification' | 'sanctions' | 'additional_screening' | 'document_verification';

export type EddState =
  | { state: 'awaiting_documents'; missing: DocumentType[] }
  | { state: 'in_review' }
  | { state: 'failed' };

export interface StatusInput {
  type: IdentityType;
  verifier_type?: 'PAXOS' | 'PASSTHROUGH' | 'MANUAL';
  checks: Partial<Record<Check, IdentityStatus>>;
  /** active controls, including those standing for user/admin disable */
  controls: IdentityControl[];
  edd?: EddState;
  /** institution members' current statuses */
  members?: Array<{ identity_id: string; status: IdentityStatus }>;
  /** why a check is in manual review (sub-status ERROR) */
  manualReviewReason?: string;
  kyc?: 'started' | 'expired';
  /** the onboarding decision is still due: a DENIED check does not decide the status before it (Create answers PENDING) */
  decision_pending?: boolean;
  /**
   * Required Details the client has not supplied yet (lenient create): each
   * holds the identity PENDING, as a requirement awaiting the CLIENT, and no
   * onboarding decision is made until an update supplies them.
   */
  missing?: Array<{ field: string; message: string }>;
}

export interface DerivedStatus {
  status: IdentityStatus;
  status_details: StatusDetails;
}

/** The checks that decide each identity type. */
export const REQUIRED_CHECKS: Record<StatusInput['type'], Check[]> = {
  PERSON: ['id_verification', 'sanctions'],
  INSTITUTION: ['sanctions'],
};

/**
 * The one table of the checks each identity type has (every one of them can
 * deny or hold an identity for manual review), used by status derivation,
 * onboarding outcomes and the record's sub-status fields alike.
 */
export const SCREENED_CHECKS: Record<StatusInput['type'], Check[]> = {
  PERSON: ['id_verification', 'sanctions', 'additional_screening'],
  INSTITUTION: ['sanctions', 'document_verification', 'additional_screening'],
};

export function deriveStatus(input: StatusInput): DerivedStatus {
  const requirements = deriveRequirements(input);
  return {
    status: deriveOverall(input),
    status_details: { active_controls: input.controls, requirements },
  };
}

export function deriveOverall(input: StatusInput): IdentityStatus {
  const controls = input.controls.map((c) => c.type);
  if (controls.includes('FROZEN')) return 'ERROR';
  if (controls.some((t) => t === 'SELL_ONLY' || t === 'CLOSED' || t === 'DORMANT')) return 'DISABLED';
  const screened = SCREENED_CHECKS[input.type].map((c) => input.checks[c]);
  if ((screened.includes('DENIED') || input.edd?.state === 'failed') && !input.decision_pending) return 'DENIED';
  if (input.missing?.length) return 'PENDING';
  const requiredApproved = REQUIRED_CHECKS[input.type].every((c) => input.checks[c] === 'APPROVED');
  const inManualReview = screened.includes('ERROR');
  const membersApproved =
    input.type === 'PERSON' ||
    ((input.members?.length ?? 0) > 0 && input.members!.every((m) => m.status === 'APPROVED'));
  if (requiredApproved && !inManualReview && !input.edd && membersApproved) return 'APPROVED';
  return 'PENDING';
}

function requirement(
  type: IdentityRequirement['type'],
  status: 'PENDING' | 'FAILED',
  awaiting: 'PAXOS' | 'CLIENT' | undefined,
  code?: RequirementErrorCode,
  description?: string,
): IdentityRequirement {
  const r: IdentityRequirement = { type, status, errors: [] };
  if (awaiting) r.awaiting_action_from = awaiting;
  if (code) r.errors = [{ code, description: description ?? code }];
  return r;
}

/**
 * Which requirement a missing detail belongs to: the person's own details (and
 * the passthrough block) are identity verification; the CDD block and an
 * institution's details are the compliance check.
 */
export function missingRequirementType(field: string): 'ID_VERIFICATION' | 'COMPLIANCE_CHECK' {
  return field.startsWith('person_details.') ? 'ID_VERIFICATION' : 'COMPLIANCE_CHECK';
}

/** One requirement per kind, awaiting the CLIENT, with one error per missing field. */
function missingRequirements(missing: NonNullable<StatusInput['missing']>): IdentityRequirement[] {
  const byType = new Map<IdentityRequirement['type'], IdentityRequirement>();
  for (const m of missing) {
    const type = missingRequirementType(m.field);
    const code: RequirementErrorCode = type === 'ID_VERIFICATION' ? 'identity_verification_required' : 'compliance_review_required';
    let r = byType.get(type);
    if (!r) byType.set(type, (r = { type, status: 'PENDING', awaiting_action_from: 'CLIENT', errors: [] }));
    r.errors!.push({ code, description: `${m.message}; supply it with Update Identity.` });
  }
  return [...byType.values()];
}

export function deriveRequirements(input: StatusInput): IdentityRequirement[] {
  const out: IdentityRequirement[] = input.missing?.length ? missingRequirements(input.missing) : [];
  const { checks } = input;
  const idvMissing = out.some((r) => r.type === 'ID_VERIFICATION');
  if (input.type === 'PERSON') {
    const idv = checks.id_verification;
    if (idvMissing) {
      // already listed, with the missing fields
    } else if (idv === 'PENDING' || idv === undefined) {
      out.push(
        input.verifier_type === 'PAXOS'
          ? requirement('ID_VERIFICATION', 'PENDING', 'PAXOS')
          : requirement('ID_VERIFICATION', 'PENDING', 'CLIENT', 'identity_verification_required', 'Identity verification has not been completed.'),
      );
    } else if (idv === 'DENIED') {
      out.push(requirement('ID_VERIFICATION', 'FAILED', 'PAXOS', 'identity_verification_failed', 'Identity verification failed.'));
    }
  }
  if (checks.sanctions === 'PENDING' || checks.sanctions === undefined) {
    out.push(requirement('SCREENING_CHECK', 'PENDING', 'PAXOS', 'screening_in_progress', 'Sanctions screening is in progress.'));
  }
  if (checks.sanctions === 'DENIED' || checks.additional_screening === 'DENIED') {
    const what = checks.sanctions === 'DENIED' ? 'Sanctions screening found a match.' : 'PEP / adverse media screening failed.';
    out.push(requirement('SCREENING_CHECK', 'FAILED', 'PAXOS', 'screening_failed', what));
  }
  const inReview = SCREENED_CHECKS[input.type].filter((c) => checks[c] === 'ERROR');
  if (inReview.length) {
    const reason = input.manualReviewReason ?? `Possible match in ${inReview.map((c) => c.replace('_', ' ')).join(', ')}; under manual compliance review.`;
    out.push(requirement('COMPLIANCE_CHECK', 'PENDING', 'PAXOS', 'compliance_review_required', reason));
  }
  if (input.type === 'INSTITUTION' && checks.document_verification === 'DENIED') {
    out.push(requirement('DOCUMENT_VERIFICATION', 'FAILED', 'PAXOS', 'document_verification_failed', 'Document verification failed.'));
  }
  if (input.type === 'INSTITUTION') {
    const members = input.members ?? [];
    const failed = members.filter((m) => m.status === 'DENIED' || m.status === 'DISABLED' || m.status === 'ERROR');
    const pending = members.filter((m) => m.status === 'PENDING');
    if (members.length === 0) {
      out.push(requirement('MEMBERS', 'PENDING', undefined, 'member_verification_pending', 'The institution has no members.'));
    } else if (failed.length) {
      out.push(requirement('MEMBERS', 'FAILED', undefined, 'member_verification_failed', `Members not approved: ${failed.map((m) => `${m.identity_id} (${m.status})`).join(', ')}.`));
    } else if (pending.length) {
      out.push(requirement('MEMBERS', 'PENDING', undefined, 'member_verification_pending', `Members pending: ${pending.map((m) => m.identity_id).join(', ')}.`));
    }
  }
  const edd = input.edd;
  if (edd?.state === 'awaiting_documents') {
    out.push(requirement('ENHANCED_DUE_DILIGENCE', 'PENDING', 'CLIENT', 'edd_documentation_required', `Documents required: ${edd.missing.join(', ')}.`));
  } else if (edd?.state === 'in_review') {
    out.push(requirement('ENHANCED_DUE_DILIGENCE', 'PENDING', 'PAXOS', 'compliance_review_required', 'Enhanced due diligence documents are under review.'));
  } else if (edd?.state === 'failed') {
    out.push(requirement('ENHANCED_DUE_DILIGENCE', 'FAILED', 'PAXOS', 'compliance_review_failed', 'Enhanced due diligence review failed.'));
  }
  if (input.kyc === 'started') out.push(requirement('KYC_REFRESH', 'PENDING', 'CLIENT'));
  if (input.kyc === 'expired') {
    out.push(requirement('KYC_REFRESH', 'FAILED', 'CLIENT', 'kyc_refresh_overdue', 'The periodic KYC refresh window has passed.'));
  }
  return out;
}

/** What an identity has announced so far: its last announced decision, and whether it was ever approved. */
export interface Announcements {
  announced?: 'APPROVED' | 'DENIED';
  ever_approved?: boolean;
}

/**
 * The event for a status change, given what was announced before, and what is
 * announced after it. A decision already announced is not announced again
 * (a disable and re-enable of an approved identity emits no second
 * identity.approved); identity.disabled is only for an identity that was
 * approved (REFERENCE.md §3.6: "when a previously approved identity is
 * disabled"). Re-screening clears `announced`, so its decision is new.
 */
export function announceStatusChange(
  from: IdentityStatus,
  to: IdentityStatus,
  past: Announcements,
): { type?: 'identity.approved' | 'identity.denied' | 'identity.disabled'; next: Announcements } {
  const type = statusChangeEventType(from, to);
  switch (type) {
    case 'identity.approved':
      return { type: past.announced === 'APPROVED' ? undefined : type, next: { announced: 'APPROVED', ever_approved: true } };
    case 'identity.denied':
      return { type: past.announced === 'DENIED' ? undefined : type, next: { ...past, announced: 'DENIED' } };
    case 'identity.disabled':
      return { type: past.ever_approved ? type : undefined, next: past };
    default:
      return { next: past };
  }
}

/** Identity event types for a status change (REFERENCE.md §5.3): none for → PENDING/ERROR. */
export function statusChangeEventType(from: IdentityStatus, to: IdentityStatus): 'identity.approved' | 'identity.denied' | 'identity.disabled' | undefined {
  if (from === to) return undefined;
  switch (to) {
    case 'APPROVED':
      return 'identity.approved';
    case 'DENIED':
      return 'identity.denied';
    case 'DISABLED':
      return 'identity.disabled';
    case 'PENDING':
    case 'ERROR':
      return undefined;
    default: {
      const never: never = to;
      return never;
    }
  }
}
