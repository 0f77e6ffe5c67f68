/**
 * @module domain/identity-validation
 * Business validation beyond the schema (which http/validate.ts checks first):
 * the required details of REFERENCE.md §2.8 for the verifier type, the
 * passthrough block (§2.4), ISO 3166-1 alpha-3 countries, real calendar dates,
 * CIP id formats per type, and the institution regulation table (§2.5).
 * Pure: returns EVERY problem, split in two:
 *   - `invalid`: malformed values (impossible date, bad country code, CIP id
 *     format, contradictions). Always a 400.
 *   - `missing`: Required Details (and passthrough fields) not supplied. In
 *     lenient mode the identity is created PENDING and status_details names
 *     them (awaiting CLIENT); in strict mode they are 400s too.
 *
 * SANDBOX: Paxos's guides say an incomplete identity is accepted and stays
 * PENDING with status_details saying what blocks it; the exact requirement
 * entries for missing details are not published (CHANGES.md).
 */
import type { CreateIdentityRequest, InstitutionDetails, PersonDetails, TaxDetail } from '../../src/types.js';
import { isAlpha3Country } from './countries.js';

/** One problem: a dotted field path and a sentence naming it. */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface DetailIssues {
  invalid: FieldIssue[];
  missing: FieldIssue[];
}

const PERSON_REQUIRED = ['first_name', 'last_name', 'date_of_birth', 'address', 'nationality', 'cip_id', 'cip_id_type', 'cip_id_country', 'verifier_type'] as const;
const PASSTHROUGH_REQUIRED = ['passthrough_verifier_type', 'passthrough_verified_at', 'passthrough_verification_id', 'passthrough_verification_status', 'passthrough_verification_fields'] as const;
const PERSON_CDD_REQUIRED = ['estimated_yearly_income', 'expected_transfer_value', 'source_of_wealth', 'employment_status', 'employment_industry_sector'] as const;
const INSTITUTION_REQUIRED = ['name', 'business_address', 'institution_type', 'institution_sub_type', 'cip_id', 'cip_id_type', 'cip_id_country', 'govt_registration_date'] as const;
const BUSINESS_REQUIRED = ['incorporation_address', 'regulation_status', 'trading_type', 'business_description'] as const;
const ADDRESS_REQUIRED = ['address1', 'city', 'province', 'country'] as const;
/** Address.country is free text in Paxos's spec (its pattern admits "United States", as the institution guide sends). */
const US_NAMES = new Set(['USA', 'US', 'UNITED STATES', 'UNITED STATES OF AMERICA']);

const CIP_FORMATS: Record<string, RegExp> = {
  SSN: /^\d{3}-\d{2}-\d{4}$/,
  ITIN: /^\d{3}-\d{2}-\d{4}$/,
  EIN: /^\d{2}-\d{7}$/,
};
const CIP_EXAMPLES: Record<string, string> = { SSN: 'xxx-xx-xxxx', ITIN: 'xxx-xx-xxxx', EIN: 'xx-xxxxxxx' };

const absent = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const missingOf = (obj: object, keys: readonly string[]) => keys.filter((k) => absent((obj as Record<string, unknown>)[k]));
const need = (field: string, why = ''): FieldIssue => ({ field, message: `${field} is required${why}` });
const bad = (field: string, message: string): FieldIssue => ({ field, message: `${field} ${message}` });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const digitAt = (text: string, i: number) => text.charCodeAt(i) - 48;

/**
 * Is `text` a real YYYY-MM-DD calendar date? Read on its digits (every create
 * asks), with the answers the Date-based check gave: years 0000–0099 are
 * refused (Date.UTC reads them as 1900–1999, so they never matched).
 */
export function isCalendarDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (const i of DATE_DIGITS) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

function checkCountry(out: FieldIssue[], value: string | undefined, field: string): void {
  if (value !== undefined && value !== '' && !isAlpha3Country(value)) out.push(bad(field, `must be an ISO 3166-1 alpha-3 country code, got "${value}"`));
}

function checkCip(out: FieldIssue[], type: string | undefined, id: string | undefined, at: string): void {
  const format = type ? CIP_FORMATS[type] : undefined;
  if (format && id && !format.test(id)) out.push(bad(`${at}.cip_id`, `must have the form ${CIP_EXAMPLES[type!]} for cip_id_type ${type}`));
}

/**
 * Each address present must be complete: Paxos's published schema requires
 * these parts, so an address without them is malformed (400), not a missing
 * Required Detail. (Checked again here for update deltas merged into an address.)
 */
function checkAddress(issues: DetailIssues, address: Record<string, unknown> | undefined, at: string): void {
  if (!address) return;
  for (const k of missingOf(address, ADDRESS_REQUIRED)) issues.invalid.push(need(`${at}.${k}`));
}

export function checkPerson(p: PersonDetails, today: string, at = 'person_details'): DetailIssues {
  const issues: DetailIssues = { invalid: [], missing: [] };
  for (const k of missingOf(p, PERSON_REQUIRED)) issues.missing.push(need(`${at}.${k}`));
  checkAddress(issues, p.address as Record<string, unknown> | undefined, `${at}.address`);
  const out = issues.invalid;
  if (p.date_of_birth) {
    if (!isCalendarDate(p.date_of_birth)) out.push(bad(`${at}.date_of_birth`, 'must be a real date in the form YYYY-MM-DD'));
    else if (p.date_of_birth >= today) out.push(bad(`${at}.date_of_birth`, 'must be in the past'));
  }
  checkCountry(out, p.nationality, `${at}.nationality`);
  checkCountry(out, p.cip_id_country, `${at}.cip_id_country`);
  checkCip(out, p.cip_id_type, p.cip_id, at);
  if (p.address?.country && US_NAMES.has(p.address.country.toUpperCase()) && p.cip_id_type && p.cip_id_type !== 'SSN' && p.cip_id_type !== 'ITIN') {
    out.push(bad(`${at}.cip_id_type`, 'must be SSN or ITIN for a US resident'));
  }
  if (p.verifier_type === 'PASSTHROUGH') {
    for (const k of missingOf(p, PASSTHROUGH_REQUIRED)) issues.missing.push(need(`${at}.${k}`, ' when verifier_type is PASSTHROUGH'));
    const status = p.passthrough_verification_status;
    if (status !== undefined && status !== 'APPROVED' && status !== 'DENIED') out.push(bad(`${at}.passthrough_verification_status`, 'must be APPROVED or DENIED'));
  } else if (p.verifier_type !== undefined) {
    for (const k of PASSTHROUGH_REQUIRED.filter((k) => p[k] !== undefined)) out.push(bad(`${at}.${k}`, 'is only allowed when verifier_type is PASSTHROUGH'));
  }
  return issues;
}

/** REFERENCE.md §2.5 regulation-status table. */
function checkRegulation(issues: DetailIssues, d: InstitutionDetails, at: string): void {
  const regulated = d.regulation_status === 'US_REGULATED' || d.regulation_status === 'INTL_REGULATED';
  const fields: string[] = [];
  if (regulated) fields.push('regulator_name', 'regulator_jurisdiction', 'regulator_register_number');
  if (d.trading_type === 'PUBLIC' || d.trading_type === 'PUBLICLY_TRADED_SUBSIDIARY') fields.push('listed_exchange', 'ticker_symbol');
  if (d.trading_type === 'PUBLICLY_TRADED_SUBSIDIARY') {
    if (d.regulation_status === 'NON_REGULATED') {
      issues.invalid.push(bad(`${at}.trading_type`, 'PUBLICLY_TRADED_SUBSIDIARY is not allowed with regulation_status NON_REGULATED'));
    }
    fields.push('parent_institution_name');
  }
  for (const k of missingOf(d, fields)) {
    issues.missing.push(need(`${at}.${k}`, ` for regulation_status ${d.regulation_status} and trading_type ${d.trading_type}`));
  }
}

export function checkInstitution(d: InstitutionDetails, at = 'institution_details'): DetailIssues {
  const issues: DetailIssues = { invalid: [], missing: [] };
  for (const k of missingOf(d, INSTITUTION_REQUIRED)) issues.missing.push(need(`${at}.${k}`));
  if (d.institution_type && d.institution_type !== 'TRUST') {
    for (const k of missingOf(d, BUSINESS_REQUIRED)) issues.missing.push(need(`${at}.${k}`, ` for institution_type ${d.institution_type}`));
  } else if (d.institution_type === 'TRUST' && d.institution_sub_type && d.institution_sub_type !== 'INVESTMENT') {
    issues.invalid.push(bad(`${at}.institution_sub_type`, 'must be INVESTMENT for institution_type TRUST'));
  }
  checkAddress(issues, d.business_address as Record<string, unknown> | undefined, `${at}.business_address`);
  checkAddress(issues, d.incorporation_address as Record<string, unknown> | undefined, `${at}.incorporation_address`);
  checkCountry(issues.invalid, d.cip_id_country, `${at}.cip_id_country`);
  checkCip(issues.invalid, d.cip_id_type, d.cip_id, at);
  if (d.regulation_status && d.trading_type) checkRegulation(issues, d, at);
  return issues;
}

export function checkTaxDetails(list: readonly TaxDetail[] | undefined): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const [i, t] of (list ?? []).entries()) {
    if (!t.tax_payer_id) out.push(need(`tax_details[${i}].tax_payer_id`));
    if (!t.tax_payer_country) out.push(need(`tax_details[${i}].tax_payer_country`));
    checkCountry(out, t.tax_payer_country, `tax_details[${i}].tax_payer_country`);
  }
  return out;
}

/** The person CDD block's Required Details. */
export function checkPersonCdd(cdd: CreateIdentityRequest['customer_due_diligence']): FieldIssue[] {
  if (!cdd) return PERSON_CDD_REQUIRED.map((k) => need(`customer_due_diligence.${k}`));
  return missingOf(cdd, PERSON_CDD_REQUIRED).map((k) => need(`customer_due_diligence.${k}`));
}

/**
 * Validate a create request; `today` is YYYY-MM-DD on the simulator clock.
 * Structural problems (neither or both detail blocks, members on a person)
 * are `invalid`; an institution without members is `missing`.
 */
export function checkCreateIdentity(body: CreateIdentityRequest, today: string): DetailIssues {
  const issues: DetailIssues = { invalid: [], missing: [] };
  if (body.person_details && body.institution_details) {
    issues.invalid.push({ field: 'request body', message: 'provide either person_details or institution_details, not both' });
    return issues;
  }
  if (!body.person_details && !body.institution_details) {
    issues.invalid.push({ field: 'request body', message: 'person_details or institution_details is required' });
    return issues;
  }
  if (body.ref_id !== undefined && body.ref_id.trim() === '') issues.invalid.push(bad('ref_id', 'must not be empty'));
  if (body.person_details) {
    if (body.institution_members?.length) issues.invalid.push({ field: 'institution_members', message: 'institution_members is only allowed for institutions' });
    merge(issues, checkPerson(body.person_details, today));
    issues.missing.push(...checkPersonCdd(body.customer_due_diligence));
  } else {
    merge(issues, checkInstitution(body.institution_details!));
    if (!body.institution_members?.length) issues.missing.push({ field: 'institution_members', message: 'institution_members must list at least one member' });
    for (const [i, m] of (body.institution_members ?? []).entries()) {
      if (m.id !== undefined) issues.invalid.push(bad(`institution_members[${i}].id`, 'is read-only'));
    }
  }
  issues.invalid.push(...checkTaxDetails(body.tax_details));
  return issues;
}

/** The Required Details still missing from a stored identity (after an update merged into it). */
export function missingDetails(rec: Pick<CreateIdentityRequest, 'person_details' | 'institution_details' | 'customer_due_diligence'>, today: string): FieldIssue[] {
  if (rec.person_details) return [...checkPerson(rec.person_details, today).missing, ...checkPersonCdd(rec.customer_due_diligence)];
  if (rec.institution_details) return checkInstitution(rec.institution_details).missing;
  return [];
}

function merge(into: DetailIssues, from: DetailIssues): void {
  into.invalid.push(...from.invalid);
  into.missing.push(...from.missing);
}

export { isAlpha3Country };
