/**
 * @module domain/identity-validation
 * Business validation beyond the schema (which http/validate.ts checks first):
 * the required details of REFERENCE.md §2.8 for the verifier type, the
 * passthrough block (§2.4), ISO 3166-1 alpha-3 countries, real calendar dates,
 * CIP id formats per type, and the institution regulation table (§2.5).
 * Pure: returns the first problem as a sentence naming the field, or undefined.
 *
 * SANDBOX: Paxos does not say whether a missing "required" detail is a 400 or
 * leaves the identity PENDING (§2.8 [U]); the simulator answers 400.
 */
import type { CreateIdentityRequest, InstitutionDetails, PersonDetails, TaxDetail } from '../../src/types.js';
import { isAlpha3Country } from './countries.js';

const PERSON_REQUIRED = ['first_name', 'last_name', 'date_of_birth', 'address', 'nationality', 'cip_id', 'cip_id_type', 'cip_id_country', 'verifier_type'] as const;
const PASSTHROUGH_REQUIRED = ['passthrough_verifier_type', 'passthrough_verified_at', 'passthrough_verification_id', 'passthrough_verification_status', 'passthrough_verification_fields'] as const;
const PERSON_CDD_REQUIRED = ['estimated_yearly_income', 'expected_transfer_value', 'source_of_wealth', 'employment_status', 'employment_industry_sector'] as const;
const INSTITUTION_REQUIRED = ['name', 'business_address', 'institution_type', 'institution_sub_type', 'cip_id', 'cip_id_type', 'cip_id_country', 'govt_registration_date'] as const;
const BUSINESS_REQUIRED = ['incorporation_address', 'regulation_status', 'trading_type', 'business_description'] as const;

const CIP_FORMATS: Record<string, RegExp> = {
  SSN: /^\d{3}-\d{2}-\d{4}$/,
  ITIN: /^\d{3}-\d{2}-\d{4}$/,
  EIN: /^\d{2}-\d{7}$/,
};
const CIP_EXAMPLES: Record<string, string> = { SSN: 'xxx-xx-xxxx', ITIN: 'xxx-xx-xxxx', EIN: 'xx-xxxxxxx' };

const missing = (obj: object, keys: readonly string[]) =>
  keys.find((k) => {
    const v = (obj as Record<string, unknown>)[k];
    return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  });

/** Is `text` a real YYYY-MM-DD calendar date? */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function checkCountry(value: string | undefined, field: string): string | undefined {
  if (value !== undefined && !isAlpha3Country(value)) return `${field} must be an ISO 3166-1 alpha-3 country code, got "${value}"`;
  return undefined;
}

function checkCip(type: string | undefined, id: string | undefined, at: string): string | undefined {
  const format = type ? CIP_FORMATS[type] : undefined;
  if (format && id !== undefined && !format.test(id)) return `${at}.cip_id must have the form ${CIP_EXAMPLES[type!]} for cip_id_type ${type}`;
  return undefined;
}

export function validatePerson(p: PersonDetails, today: string, at = 'person_details'): string | undefined {
  const absent = missing(p, PERSON_REQUIRED);
  if (absent) return `${at}.${absent} is required`;
  if (!isCalendarDate(p.date_of_birth!)) return `${at}.date_of_birth must be a real date in the form YYYY-MM-DD`;
  if (p.date_of_birth! >= today) return `${at}.date_of_birth must be in the past`;
  const bad =
    checkCountry(p.nationality, `${at}.nationality`) ??
    checkCountry(p.cip_id_country, `${at}.cip_id_country`) ??
    checkCountry(p.address?.country, `${at}.address.country`) ??
    checkCip(p.cip_id_type, p.cip_id, at);
  if (bad) return bad;
  if (p.address?.country === 'USA' && p.cip_id_type !== 'SSN' && p.cip_id_type !== 'ITIN') {
    return `${at}.cip_id_type must be SSN or ITIN for a US resident`;
  }
  if (p.verifier_type === 'PASSTHROUGH') {
    const gap = missing(p, PASSTHROUGH_REQUIRED);
    if (gap) return `${at}.${gap} is required when verifier_type is PASSTHROUGH`;
    const status = p.passthrough_verification_status;
    if (status !== 'APPROVED' && status !== 'DENIED') return `${at}.passthrough_verification_status must be APPROVED or DENIED`;
  } else {
    const extra = PASSTHROUGH_REQUIRED.find((k) => p[k] !== undefined);
    if (extra) return `${at}.${extra} is only allowed when verifier_type is PASSTHROUGH`;
  }
  return undefined;
}

/** REFERENCE.md §2.5 regulation-status table. */
function checkRegulation(d: InstitutionDetails, at: string): string | undefined {
  const regulated = d.regulation_status === 'US_REGULATED' || d.regulation_status === 'INTL_REGULATED';
  const need: string[] = [];
  if (regulated) need.push('regulator_name', 'regulator_jurisdiction', 'regulator_register_number');
  if (d.trading_type === 'PUBLIC' || d.trading_type === 'PUBLICLY_TRADED_SUBSIDIARY') need.push('listed_exchange', 'ticker_symbol');
  if (d.trading_type === 'PUBLICLY_TRADED_SUBSIDIARY') {
    if (d.regulation_status === 'NON_REGULATED') return `${at}.trading_type PUBLICLY_TRADED_SUBSIDIARY is not allowed with regulation_status NON_REGULATED`;
    need.push('parent_institution_name');
  }
  const absent = missing(d, need);
  return absent ? `${at}.${absent} is required for regulation_status ${d.regulation_status} and trading_type ${d.trading_type}` : undefined;
}

export function validateInstitution(d: InstitutionDetails, at = 'institution_details'): string | undefined {
  const absent = missing(d, INSTITUTION_REQUIRED);
  if (absent) return `${at}.${absent} is required`;
  if (d.institution_type !== 'TRUST') {
    const gap = missing(d, BUSINESS_REQUIRED);
    if (gap) return `${at}.${gap} is required for institution_type ${d.institution_type}`;
  } else if (d.institution_sub_type !== 'INVESTMENT') {
    return `${at}.institution_sub_type must be INVESTMENT for institution_type TRUST`;
  }
  return (
    checkCountry(d.cip_id_country, `${at}.cip_id_country`) ??
    checkCountry(d.business_address?.country, `${at}.business_address.country`) ??
    checkCountry(d.incorporation_address?.country, `${at}.incorporation_address.country`) ??
    checkCip(d.cip_id_type, d.cip_id, at) ??
    (d.regulation_status && d.trading_type ? checkRegulation(d, at) : undefined)
  );
}

export function validateTaxDetails(list: readonly TaxDetail[] | undefined): string | undefined {
  for (const [i, t] of (list ?? []).entries()) {
    if (!t.tax_payer_id) return `tax_details[${i}].tax_payer_id is required`;
    if (!t.tax_payer_country) return `tax_details[${i}].tax_payer_country is required`;
    const bad = checkCountry(t.tax_payer_country, `tax_details[${i}].tax_payer_country`);
    if (bad) return bad;
  }
  return undefined;
}

/** Validate a create request; `today` is YYYY-MM-DD on the simulator clock. */
export function validateCreateIdentity(body: CreateIdentityRequest, today: string): string | undefined {
  if (body.person_details && body.institution_details) return 'provide either person_details or institution_details, not both';
  if (!body.person_details && !body.institution_details) return 'person_details or institution_details is required';
  if (body.ref_id !== undefined && body.ref_id.trim() === '') return 'ref_id must not be empty';
  if (body.person_details) {
    if (body.institution_members?.length) return 'institution_members is only allowed for institutions';
    const bad = validatePerson(body.person_details, today);
    if (bad) return bad;
    const cdd = body.customer_due_diligence;
    if (!cdd) return 'customer_due_diligence is required';
    const gap = missing(cdd, PERSON_CDD_REQUIRED);
    if (gap) return `customer_due_diligence.${gap} is required`;
  } else {
    const bad = validateInstitution(body.institution_details!);
    if (bad) return bad;
    if (!body.institution_members?.length) return 'institution_members must list at least one member';
    const withId = body.institution_members.findIndex((m) => m.id !== undefined);
    if (withId >= 0) return `institution_members[${withId}].id is read-only`;
  }
  return validateTaxDetails(body.tax_details);
}

export { isAlpha3Country };
