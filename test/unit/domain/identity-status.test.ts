/**
 * Table-driven tests of the pure status derivation (simulator/domain/identity-status.ts):
 * the documented precedence over the cross product of sub-statuses, controls,
 * EDD states, members and KYC state, plus each requirement's exact shape.
 */
import { describe, expect, it } from 'vitest';
import {
  deriveOverall,
  deriveRequirements,
  deriveStatus,
  statusChangeEventType,
  type Check,
  type EddState,
  type StatusInput,
} from '../../../simulator/domain/identity-status.js';
import type { IdentityControl, IdentityRequirement, IdentityStatus } from '../../../src/types.js';

const NOW = '2026-01-15T10:00:00.000Z';
const SUB: Array<IdentityStatus | undefined> = ['PENDING', 'APPROVED', 'DENIED', 'ERROR', undefined];
const ALL_STATUSES: IdentityStatus[] = ['PENDING', 'APPROVED', 'DENIED', 'DISABLED', 'ERROR'];

const control = (type: IdentityControl['type'], set_by: IdentityControl['set_by'], reason_code: IdentityControl['reason_code']): IdentityControl => ({
  id: `ctrl-${type}-${set_by}`,
  type,
  set_by,
  is_overridable: set_by === 'SET_BY_CLIENT',
  reason_code,
  reason: 'test',
  created_at: NOW,
});

const CONTROLS: Record<string, IdentityControl[]> = {
  none: [],
  'user SELL_ONLY': [control('SELL_ONLY', 'SET_BY_CLIENT', 'END_USER_REQUEST')],
  'admin SELL_ONLY': [control('SELL_ONLY', 'SET_BY_PAXOS', 'ADMINISTRATIVE')],
  FROZEN: [control('FROZEN', 'SET_BY_PAXOS', 'COMPLIANCE_INVESTIGATION')],
  DORMANT: [control('DORMANT', 'SET_BY_CLIENT', 'END_USER_REQUEST')],
  CLOSED: [control('CLOSED', 'SET_BY_PAXOS', 'ADMINISTRATIVE')],
  'FROZEN + user SELL_ONLY': [control('SELL_ONLY', 'SET_BY_CLIENT', 'END_USER_REQUEST'), control('FROZEN', 'SET_BY_PAXOS', 'COMPLIANCE_INVESTIGATION')],
};

const EDD: Record<string, EddState | undefined> = {
  none: undefined,
  awaiting: { state: 'awaiting_documents', missing: ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY'] },
  in_review: { state: 'in_review' },
  failed: { state: 'failed' },
};

const MEMBERS: Record<string, StatusInput['members']> = {
  none: [],
  'all approved': [{ identity_id: 'm1', status: 'APPROVED' }, { identity_id: 'm2', status: 'APPROVED' }],
  'one pending': [{ identity_id: 'm1', status: 'APPROVED' }, { identity_id: 'm2', status: 'PENDING' }],
  'one denied': [{ identity_id: 'm1', status: 'APPROVED' }, { identity_id: 'm2', status: 'DENIED' }],
  'one disabled': [{ identity_id: 'm1', status: 'DISABLED' }, { identity_id: 'm2', status: 'APPROVED' }],
  'one in error': [{ identity_id: 'm1', status: 'ERROR' }, { identity_id: 'm2', status: 'APPROVED' }],
};

const KYC: Array<StatusInput['kyc']> = [undefined, 'started', 'expired'];

/** The documented precedence (module header and docs/decisions.md), restated as a rule list. */
function expectedOverall(input: StatusInput): IdentityStatus {
  const types = input.controls.map((c) => c.type);
  const screened: Check[] = input.type === 'PERSON' ? ['id_verification', 'sanctions', 'additional_screening'] : ['sanctions', 'document_verification', 'additional_screening'];
  const values = screened.map((c) => input.checks[c]);
  const rules: Array<[boolean, IdentityStatus]> = [
    [types.includes('FROZEN'), 'ERROR'],
    [types.includes('SELL_ONLY') || types.includes('DORMANT') || types.includes('CLOSED'), 'DISABLED'],
    [values.includes('DENIED') || input.edd?.state === 'failed', 'DENIED'],
    [
      (input.type === 'PERSON'
        ? input.checks.id_verification === 'APPROVED' && input.checks.sanctions === 'APPROVED'
        : input.checks.sanctions === 'APPROVED' && (input.members ?? []).length > 0 && input.members!.every((m) => m.status === 'APPROVED')) &&
        !values.includes('ERROR') &&
        input.edd === undefined,
      'APPROVED',
    ],
  ];
  return rules.find(([when]) => when)?.[1] ?? 'PENDING';
}

function* personInputs(): Generator<[string, StatusInput]> {
  for (const idv of SUB)
    for (const sanctions of SUB)
      for (const additional of SUB)
        for (const [controlName, controls] of Object.entries(CONTROLS))
          for (const [eddName, edd] of Object.entries(EDD))
            for (const kyc of KYC) {
              const name = `person idv=${idv} sanctions=${sanctions} screening=${additional} controls=${controlName} edd=${eddName} kyc=${kyc}`;
              yield [name, { type: 'PERSON', verifier_type: 'PASSTHROUGH', checks: { id_verification: idv, sanctions, additional_screening: additional }, controls, edd, kyc }];
            }
}

function* institutionInputs(): Generator<[string, StatusInput]> {
  for (const sanctions of SUB)
    for (const documents of SUB)
      for (const additional of SUB)
        for (const [controlName, controls] of Object.entries(CONTROLS))
          for (const [eddName, edd] of Object.entries(EDD))
            for (const [memberName, members] of Object.entries(MEMBERS)) {
              const name = `institution sanctions=${sanctions} documents=${documents} screening=${additional} controls=${controlName} edd=${eddName} members=${memberName}`;
              yield [name, { type: 'INSTITUTION', checks: { sanctions, document_verification: documents, additional_screening: additional }, controls, edd, members }];
            }
}

describe('deriveOverall over the cross product', () => {
  it.each([
    ['person', personInputs],
    ['institution', institutionInputs],
  ] as const)('follows the documented precedence for every %s combination', (_kind, inputs) => {
    const mismatches: string[] = [];
    let count = 0;
    for (const [name, input] of inputs()) {
      count++;
      const got = deriveOverall(input);
      const want = expectedOverall(input);
      if (got !== want) mismatches.push(`${name}: got ${got}, want ${want}`);
    }
    expect(count).toBeGreaterThan(5000);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('explains every status that is not APPROVED with a requirement or a control', () => {
    const unexplained: string[] = [];
    for (const [name, input] of [...personInputs(), ...institutionInputs()]) {
      const { status, status_details } = deriveStatus(input);
      const requirements = status_details.requirements ?? [];
      const controls = status_details.active_controls ?? [];
      if (status === 'PENDING' && requirements.length === 0) unexplained.push(`${name}: PENDING without requirements`);
      if (status === 'DENIED' && !requirements.some((r) => r.status === 'FAILED')) unexplained.push(`${name}: DENIED without a FAILED requirement`);
      if ((status === 'DISABLED' || status === 'ERROR') && controls.length === 0) unexplained.push(`${name}: ${status} without a control`);
      if (status === 'APPROVED' && requirements.some((r) => r.type !== 'KYC_REFRESH')) unexplained.push(`${name}: APPROVED with ${requirements.map((r) => r.type)}`);
    }
    expect(unexplained.slice(0, 10)).toEqual([]);
  });

  it('gives every requirement a status, and awaiting_action_from unless it is MEMBERS', () => {
    const bad: string[] = [];
    for (const [name, input] of [...personInputs(), ...institutionInputs()]) {
      for (const r of deriveRequirements(input)) {
        const awaitingOk = r.type === 'MEMBERS' ? r.awaiting_action_from === undefined : r.awaiting_action_from === 'PAXOS' || r.awaiting_action_from === 'CLIENT';
        if (!['PENDING', 'FAILED'].includes(r.status) || !awaitingOk || !Array.isArray(r.errors)) bad.push(`${name}: ${JSON.stringify(r)}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

describe('deriveOverall, named cases', () => {
  const person = (checks: StatusInput['checks'], extra: Partial<StatusInput> = {}): StatusInput => ({ type: 'PERSON', checks, controls: [], ...extra });
  const institution = (checks: StatusInput['checks'], members: StatusInput['members'], extra: Partial<StatusInput> = {}): StatusInput => ({ type: 'INSTITUTION', checks, controls: [], members, ...extra });
  const approvedPerson = { id_verification: 'APPROVED', sanctions: 'APPROVED' } as const;

  it.each<[string, StatusInput, IdentityStatus]>([
    ['a new person with no checks is PENDING', person({}), 'PENDING'],
    ['a person with ID verification and sanctions approved is APPROVED (sandbox rule)', person(approvedPerson), 'APPROVED'],
    ['additional screening still PENDING does not block a person', person({ ...approvedPerson, additional_screening: 'PENDING' }), 'APPROVED'],
    ['additional screening in manual review (ERROR) holds a person PENDING', person({ ...approvedPerson, additional_screening: 'ERROR' }), 'PENDING'],
    ['additional screening DENIED denies a person', person({ ...approvedPerson, additional_screening: 'DENIED' }), 'DENIED'],
    ['sanctions DENIED wins over everything else approved', person({ id_verification: 'APPROVED', sanctions: 'DENIED' }), 'DENIED'],
    ['DENIED wins over a pending check', person({ id_verification: 'DENIED', sanctions: 'PENDING' }), 'DENIED'],
    ['FROZEN wins over DENIED', person({ sanctions: 'DENIED' }, { controls: CONTROLS.FROZEN }), 'ERROR'],
    ['FROZEN wins over SELL_ONLY', person(approvedPerson, { controls: CONTROLS['FROZEN + user SELL_ONLY'] }), 'ERROR'],
    ['a user disable (client SELL_ONLY) makes an approved person DISABLED', person(approvedPerson, { controls: CONTROLS['user SELL_ONLY'] }), 'DISABLED'],
    ['an admin disable (Paxos SELL_ONLY) makes an approved person DISABLED', person(approvedPerson, { controls: CONTROLS['admin SELL_ONLY'] }), 'DISABLED'],
    ['DORMANT makes an approved person DISABLED', person(approvedPerson, { controls: CONTROLS.DORMANT }), 'DISABLED'],
    ['CLOSED makes an approved person DISABLED', person(approvedPerson, { controls: CONTROLS.CLOSED }), 'DISABLED'],
    ['a disable wins over DENIED', person({ sanctions: 'DENIED' }, { controls: CONTROLS['user SELL_ONLY'] }), 'DISABLED'],
    ['open EDD holds an otherwise approved person PENDING', person(approvedPerson, { edd: EDD.awaiting }), 'PENDING'],
    ['EDD under review holds a person PENDING', person(approvedPerson, { edd: EDD.in_review }), 'PENDING'],
    ['failed EDD denies', person(approvedPerson, { edd: EDD.failed }), 'DENIED'],
    ['a KYC refresh in progress does not change APPROVED', person(approvedPerson, { kyc: 'started' }), 'APPROVED'],
    ['an expired KYC refresh without a control leaves APPROVED', person(approvedPerson, { kyc: 'expired' }), 'APPROVED'],
    ['an institution with sanctions approved and all members approved is APPROVED', institution({ sanctions: 'APPROVED' }, MEMBERS['all approved']), 'APPROVED'],
    ['document verification PENDING does not block an institution', institution({ sanctions: 'APPROVED', document_verification: 'PENDING' }, MEMBERS['all approved']), 'APPROVED'],
    ['document verification DENIED denies an institution', institution({ sanctions: 'APPROVED', document_verification: 'DENIED' }, MEMBERS['all approved']), 'DENIED'],
    ['an institution waits for a pending member', institution({ sanctions: 'APPROVED' }, MEMBERS['one pending']), 'PENDING'],
    ['an institution with a denied member stays PENDING (not DENIED)', institution({ sanctions: 'APPROVED' }, MEMBERS['one denied']), 'PENDING'],
    ['an institution with a disabled member stays PENDING', institution({ sanctions: 'APPROVED' }, MEMBERS['one disabled']), 'PENDING'],
    ['an institution without members stays PENDING', institution({ sanctions: 'APPROVED' }, []), 'PENDING'],
    ['an institution ignores id_verification', institution({ sanctions: 'APPROVED', id_verification: 'DENIED' }, MEMBERS['all approved']), 'APPROVED'],
  ])('%s', (_name, input, want) => {
    expect(deriveOverall(input)).toBe(want);
  });
});

describe('deriveRequirements', () => {
  const r = (type: IdentityRequirement['type'], status: 'PENDING' | 'FAILED', awaiting?: 'PAXOS' | 'CLIENT', code?: string): Partial<IdentityRequirement> => ({
    type,
    status,
    ...(awaiting && { awaiting_action_from: awaiting }),
    errors: code ? [expect.objectContaining({ code, description: expect.any(String) })] : [],
  });
  const person = (checks: StatusInput['checks'], extra: Partial<StatusInput> = {}): StatusInput => ({ type: 'PERSON', verifier_type: 'PASSTHROUGH', checks, controls: [], ...extra });
  const approved = { id_verification: 'APPROVED', sanctions: 'APPROVED', additional_screening: 'APPROVED' } as const;

  it.each<[string, StatusInput, Array<Partial<IdentityRequirement>>]>([
    ['nothing for an approved person', person(approved), []],
    ['ID_VERIFICATION awaiting CLIENT while a passthrough IDV is pending', person({ ...approved, id_verification: 'PENDING' }), [r('ID_VERIFICATION', 'PENDING', 'CLIENT', 'identity_verification_required')]],
    ['ID_VERIFICATION awaiting CLIENT when IDV has no status yet', person({ ...approved, id_verification: undefined }), [r('ID_VERIFICATION', 'PENDING', 'CLIENT', 'identity_verification_required')]],
    ['ID_VERIFICATION awaiting PAXOS without an error when Paxos verifies', person({ ...approved, id_verification: 'PENDING' }, { verifier_type: 'PAXOS' }), [r('ID_VERIFICATION', 'PENDING', 'PAXOS')]],
    ['ID_VERIFICATION FAILED when IDV is DENIED', person({ ...approved, id_verification: 'DENIED' }), [r('ID_VERIFICATION', 'FAILED', 'PAXOS', 'identity_verification_failed')]],
    ['SCREENING_CHECK PENDING while sanctions run', person({ ...approved, sanctions: 'PENDING' }), [r('SCREENING_CHECK', 'PENDING', 'PAXOS', 'screening_in_progress')]],
    ['SCREENING_CHECK PENDING when sanctions have no status', person({ ...approved, sanctions: undefined }), [r('SCREENING_CHECK', 'PENDING', 'PAXOS', 'screening_in_progress')]],
    ['SCREENING_CHECK FAILED on a sanctions hit', person({ ...approved, sanctions: 'DENIED' }), [r('SCREENING_CHECK', 'FAILED', 'PAXOS', 'screening_failed')]],
    ['SCREENING_CHECK FAILED on a failed PEP / adverse media screening', person({ ...approved, additional_screening: 'DENIED' }), [r('SCREENING_CHECK', 'FAILED', 'PAXOS', 'screening_failed')]],
    ['COMPLIANCE_CHECK PENDING for sanctions in manual review', person({ ...approved, sanctions: 'ERROR' }), [r('COMPLIANCE_CHECK', 'PENDING', 'PAXOS', 'compliance_review_required')]],
    ['COMPLIANCE_CHECK PENDING for IDV in manual review', person({ ...approved, id_verification: 'ERROR' }), [r('COMPLIANCE_CHECK', 'PENDING', 'PAXOS', 'compliance_review_required')]],
    ['ENHANCED_DUE_DILIGENCE awaiting CLIENT while documents are missing', person(approved, { edd: EDD.awaiting }), [r('ENHANCED_DUE_DILIGENCE', 'PENDING', 'CLIENT', 'edd_documentation_required')]],
    ['ENHANCED_DUE_DILIGENCE awaiting PAXOS under review', person(approved, { edd: EDD.in_review }), [r('ENHANCED_DUE_DILIGENCE', 'PENDING', 'PAXOS', 'compliance_review_required')]],
    ['ENHANCED_DUE_DILIGENCE FAILED after a failed review', person(approved, { edd: EDD.failed }), [r('ENHANCED_DUE_DILIGENCE', 'FAILED', 'PAXOS', 'compliance_review_failed')]],
    ['KYC_REFRESH PENDING awaiting CLIENT during a refresh', person(approved, { kyc: 'started' }), [r('KYC_REFRESH', 'PENDING', 'CLIENT')]],
    ['KYC_REFRESH FAILED (kyc_refresh_overdue) after expiry', person(approved, { kyc: 'expired' }), [r('KYC_REFRESH', 'FAILED', 'CLIENT', 'kyc_refresh_overdue')]],
    [
      'one requirement per open item, in a stable order',
      person({ id_verification: 'PENDING', sanctions: 'PENDING', additional_screening: 'ERROR' }, { edd: EDD.awaiting, kyc: 'started' }),
      [
        r('ID_VERIFICATION', 'PENDING', 'CLIENT', 'identity_verification_required'),
        r('SCREENING_CHECK', 'PENDING', 'PAXOS', 'screening_in_progress'),
        r('COMPLIANCE_CHECK', 'PENDING', 'PAXOS', 'compliance_review_required'),
        r('ENHANCED_DUE_DILIGENCE', 'PENDING', 'CLIENT', 'edd_documentation_required'),
        r('KYC_REFRESH', 'PENDING', 'CLIENT'),
      ],
    ],
  ])('%s', (_name, input, want) => {
    expect(deriveRequirements(input)).toEqual(want);
  });

  const institution = (checks: StatusInput['checks'], members: StatusInput['members']): StatusInput => ({ type: 'INSTITUTION', checks, controls: [], members });
  const ok = { sanctions: 'APPROVED', document_verification: 'APPROVED', additional_screening: 'APPROVED' } as const;

  it.each<[string, StatusInput, Array<Partial<IdentityRequirement>>]>([
    ['nothing for an approved institution with approved members', institution(ok, MEMBERS['all approved']), []],
    ['never ID_VERIFICATION for an institution', institution({ ...ok, id_verification: 'PENDING' }, MEMBERS['all approved']), []],
    ['MEMBERS PENDING (no awaiting_action_from) without members', institution(ok, []), [r('MEMBERS', 'PENDING', undefined, 'member_verification_pending')]],
    ['MEMBERS PENDING while a member is pending', institution(ok, MEMBERS['one pending']), [r('MEMBERS', 'PENDING', undefined, 'member_verification_pending')]],
    ['MEMBERS FAILED when a member is denied', institution(ok, MEMBERS['one denied']), [r('MEMBERS', 'FAILED', undefined, 'member_verification_failed')]],
    ['MEMBERS FAILED when a member is disabled', institution(ok, MEMBERS['one disabled']), [r('MEMBERS', 'FAILED', undefined, 'member_verification_failed')]],
    ['MEMBERS FAILED when a member is in ERROR', institution(ok, MEMBERS['one in error']), [r('MEMBERS', 'FAILED', undefined, 'member_verification_failed')]],
    ['DOCUMENT_VERIFICATION FAILED when document verification is DENIED', institution({ ...ok, document_verification: 'DENIED' }, MEMBERS['all approved']), [r('DOCUMENT_VERIFICATION', 'FAILED', 'PAXOS', 'document_verification_failed')]],
    ['COMPLIANCE_CHECK for document verification in manual review', institution({ ...ok, document_verification: 'ERROR' }, MEMBERS['all approved']), [r('COMPLIANCE_CHECK', 'PENDING', 'PAXOS', 'compliance_review_required')]],
    ['SCREENING_CHECK PENDING while sanctions run', institution({ ...ok, sanctions: 'PENDING' }, MEMBERS['all approved']), [r('SCREENING_CHECK', 'PENDING', 'PAXOS', 'screening_in_progress')]],
  ])('%s', (_name, input, want) => {
    expect(deriveRequirements(input)).toEqual(want);
  });

  it('names the members that hold an institution back, failed before pending', () => {
    const members = [{ identity_id: 'm-pending', status: 'PENDING' as const }, { identity_id: 'm-denied', status: 'DENIED' as const }];
    const [req] = deriveRequirements(institution(ok, members));
    expect(req).toMatchObject({ type: 'MEMBERS', status: 'FAILED' });
    expect(req.errors?.[0].description).toContain('m-denied (DENIED)');
    const [pending] = deriveRequirements(institution(ok, [{ identity_id: 'm-pending', status: 'PENDING' }]));
    expect(pending.errors?.[0].description).toContain('m-pending');
  });

  it('explains manual review with the stored reason when there is one, else names the checks', () => {
    const withReason = deriveRequirements(person({ ...approved, sanctions: 'ERROR' }, { manualReviewReason: 'Possible match on a watch list.' }));
    expect(withReason[0].errors?.[0].description).toBe('Possible match on a watch list.');
    const without = deriveRequirements(person({ ...approved, sanctions: 'ERROR', additional_screening: 'ERROR' }));
    expect(without).toHaveLength(1);
    expect(without[0].errors?.[0].description).toContain('sanctions, additional screening');
  });

  it('lists the missing EDD documents in the description', () => {
    const [req] = deriveRequirements(person(approved, { edd: { state: 'awaiting_documents', missing: ['PROOF_OF_FUNDS'] } }));
    expect(req.errors?.[0].description).toBe('Documents required: PROOF_OF_FUNDS.');
  });
});

describe('deriveStatus', () => {
  it('returns the overall status and status_details with the input controls and the requirements', () => {
    const controls = CONTROLS['user SELL_ONLY'];
    const input: StatusInput = { type: 'PERSON', checks: { id_verification: 'APPROVED', sanctions: 'PENDING' }, controls };
    expect(deriveStatus(input)).toEqual({
      status: 'DISABLED',
      status_details: { active_controls: controls, requirements: deriveRequirements(input) },
    });
  });
});

describe('statusChangeEventType', () => {
  const expected: Record<IdentityStatus, string | undefined> = {
    APPROVED: 'identity.approved',
    DENIED: 'identity.denied',
    DISABLED: 'identity.disabled',
    PENDING: undefined,
    ERROR: undefined,
  };
  const table = ALL_STATUSES.flatMap((from) => ALL_STATUSES.map((to) => [from, to, from === to ? undefined : expected[to]] as const));

  it.each(table)('%s → %s emits %s', (from, to, want) => {
    expect(statusChangeEventType(from, to)).toBe(want);
  });
});
