/**
 * @module test/support/bodies
 * Valid create bodies for the API tests (our own, independent of fixtures/):
 * a passthrough person with everything §2.8 requires, its PAXOS/MANUAL
 * variants, and trust/corporation institutions. Each call takes a number so
 * that ref_id and the CIP triple stay unique within one sandbox.
 */
import type { CreateIdentityRequest, InstitutionDetails, PersonDetails } from '../../src/types.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A US SSN in the xxx-xx-xxxx form, unique per n (n < 10 000). */
export const ssnFor = (n: number) => `123-45-${pad(n, 4)}`;
/** A US EIN in the xx-xxxxxxx form, unique per n. */
export const einFor = (n: number) => `12-${pad(n, 7)}`;

export const ADDRESS = { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' };

export const PERSON_CDD = {
  estimated_yearly_income: 'INCOME_50K_TO_100K',
  expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K',
  source_of_wealth: 'EMPLOYMENT_INCOME',
  employment_status: 'FULL_TIME',
  employment_industry_sector: 'INFORMATION',
} as const satisfies CreateIdentityRequest['customer_due_diligence'];

export const PASSTHROUGH_FIELDS = {
  passthrough_verifier_type: 'PERSONA',
  passthrough_verified_at: '2026-01-10T12:00:00Z',
  passthrough_verification_id: 'inq_abc',
  passthrough_verification_status: 'APPROVED',
  passthrough_verification_fields: ['FULL_LEGAL_NAME', 'DATE_OF_BIRTH'],
} as const satisfies Partial<PersonDetails>;

type Verifier = 'PASSTHROUGH' | 'PAXOS' | 'MANUAL';

/** A complete person create body; `person` overrides fields of person_details. */
export function personBody(n = 1, verifier: Verifier = 'PASSTHROUGH', person: Partial<PersonDetails> = {}): CreateIdentityRequest {
  const details: PersonDetails = {
    verifier_type: verifier,
    ...(verifier === 'PASSTHROUGH' && { ...PASSTHROUGH_FIELDS, passthrough_verification_fields: [...PASSTHROUGH_FIELDS.passthrough_verification_fields] }),
    first_name: 'Ada',
    last_name: 'Lovelace',
    date_of_birth: '1990-12-10',
    nationality: 'USA',
    cip_id: ssnFor(n),
    cip_id_type: 'SSN',
    cip_id_country: 'USA',
    address: { ...ADDRESS },
    ...person,
  };
  return { ref_id: `person-${n}`, person_details: details, customer_due_diligence: { ...PERSON_CDD } };
}

/** A trust (NON_REGULATED, PRIVATE) with the given members. */
export function trustBody(n: number, members: Array<{ identity_id: string; roles: string[] }>, details: Partial<InstitutionDetails> = {}): CreateIdentityRequest {
  return {
    ref_id: `trust-${n}`,
    institution_details: {
      name: 'Example Family Trust',
      institution_type: 'TRUST',
      institution_sub_type: 'INVESTMENT',
      cip_id: einFor(n),
      cip_id_type: 'EIN',
      cip_id_country: 'USA',
      govt_registration_date: '2020-03-01T00:00:00Z',
      regulation_status: 'NON_REGULATED',
      trading_type: 'PRIVATE',
      business_address: { ...ADDRESS, address1: '2 Main St' },
      ...details,
    },
    institution_members: members as CreateIdentityRequest['institution_members'],
  };
}

/** A corporation with every field the Corp/LLC column of §2.8 requires. */
export function corporationBody(n: number, members: Array<{ identity_id: string; roles: string[] }>, details: Partial<InstitutionDetails> = {}): CreateIdentityRequest {
  return {
    ref_id: `corp-${n}`,
    institution_details: {
      name: 'Example Corp',
      institution_type: 'CORPORATION',
      institution_sub_type: 'INFORMATION',
      cip_id: einFor(5000 + n),
      cip_id_type: 'EIN',
      cip_id_country: 'USA',
      govt_registration_date: '2015-06-01T00:00:00Z',
      regulation_status: 'NON_REGULATED',
      trading_type: 'PRIVATE',
      business_description: 'Software',
      business_address: { ...ADDRESS, address1: '3 Main St' },
      incorporation_address: { ...ADDRESS, address1: '4 Main St' },
      ...details,
    },
    institution_members: members as CreateIdentityRequest['institution_members'],
  };
}
