/**
 * @module domain/decision-rules
 * Pure decision rules: which onboarding outcome a new identity gets, and after
 * what delay. Rules come from the config file or the control API; when none
 * matches, the built-in magic values apply (like a payment provider's test
 * cards), then the default that mirrors the Paxos sandbox (REFERENCE.md §4.2):
 * a complete person is approved after the review delay, institutions stay
 * PENDING until sandbox-status (or a rule) moves them.
 *
 * SANDBOX: Paxos documents no way to force an outcome (§4.2 "No magic test
 * values"); everything in this module is the simulator's own, documented choice.
 */
import type { CreateIdentityRequest, DocumentType, IdentityType } from '../../src/types.js';
import { secondsOrDuration } from './durations.js';

export type DenyCheck = 'sanctions' | 'id_verification' | 'additional_screening';
export type ReviewCheck = 'sanctions' | 'additional_screening' | 'id_verification';

export type Outcome =
  | { kind: 'APPROVED' }
  | { kind: 'DENIED'; check: DenyCheck }
  /** thenDelayMs: the review time after the last upload; undefined = the configured EDD review delay */
  | { kind: 'EDD'; documents: DocumentType[]; then: 'APPROVED' | 'DENIED'; thenDelayMs?: number }
  | { kind: 'MANUAL_REVIEW'; check: ReviewCheck; reason: string }
  | { kind: 'ERROR'; reason: string }
  | { kind: 'PENDING' };

export interface Decision {
  outcome: Outcome;
  /** delay between create and the decision; undefined for PENDING */
  delayMs?: number;
  /** the rule's name, or `magic:<value>` or `default` */
  source: string;
}

export interface RuleMatch {
  ref_id?: string;
  ref_id_prefix?: string;
  first_name?: string;
  last_name?: string;
  email_local_part?: string;
  cip_id?: string;
  institution_name?: string;
  identity_type?: IdentityType;
  verifier_type?: 'PAXOS' | 'PASSTHROUGH' | 'MANUAL';
  /** every listed key must be present; a value of "*" matches any value */
  metadata?: Record<string, string>;
}

export interface Rule {
  name: string;
  match: RuleMatch;
  outcome: Outcome;
  delayMs?: number;
}

export const DEFAULT_EDD_DOCUMENTS: DocumentType[] = ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY'];
const MANUAL_REVIEW_REASON = 'Possible sanctions match; the identity is held for manual compliance review.';
const ERROR_REASON = 'Identity frozen for compliance review.';

/** The built-in magic values: a `ref_id` prefix or a person's `last_name` (case-insensitive). */
export const MAGIC_VALUES: ReadonlyArray<{ refIdPrefix: string; lastName: string; outcome: Outcome; summary: string }> = [
  { refIdPrefix: 'sim_approve', lastName: 'Approved', outcome: { kind: 'APPROVED' }, summary: 'APPROVED after the review delay' },
  { refIdPrefix: 'sim_deny_sanctions', lastName: 'Sanctioned', outcome: { kind: 'DENIED', check: 'sanctions' }, summary: 'DENIED: sanctions hit' },
  { refIdPrefix: 'sim_deny_idv', lastName: 'Unverified', outcome: { kind: 'DENIED', check: 'id_verification' }, summary: 'DENIED: ID verification failed' },
  { refIdPrefix: 'sim_deny_screening', lastName: 'Exposed', outcome: { kind: 'DENIED', check: 'additional_screening' }, summary: 'DENIED: PEP / adverse media screening' },
  { refIdPrefix: 'sim_edd_approve', lastName: 'Diligent', outcome: { kind: 'EDD', documents: DEFAULT_EDD_DOCUMENTS, then: 'APPROVED' }, summary: 'EDD: documents required, then APPROVED once uploaded and reviewed' },
  { refIdPrefix: 'sim_edd_deny', lastName: 'Undiligent', outcome: { kind: 'EDD', documents: DEFAULT_EDD_DOCUMENTS, then: 'DENIED' }, summary: 'EDD: documents required, then DENIED once uploaded and reviewed' },
  { refIdPrefix: 'sim_review', lastName: 'Reviewed', outcome: { kind: 'MANUAL_REVIEW', check: 'sanctions', reason: MANUAL_REVIEW_REASON }, summary: 'stuck PENDING: sanctions manual review (sub-status ERROR)' },
  { refIdPrefix: 'sim_error', lastName: 'Frozen', outcome: { kind: 'ERROR', reason: ERROR_REASON }, summary: 'ERROR: frozen by a Paxos control' },
  { refIdPrefix: 'sim_pending', lastName: 'Pending', outcome: { kind: 'PENDING' }, summary: 'PENDING forever (no automatic decision)' },
];

/** Pick the outcome for a create request. Pure: rules and the default delay are arguments. */
export function decideOutcome(request: CreateIdentityRequest, rules: readonly Rule[], reviewDelayMs: number): Decision {
  for (const rule of rules) {
    if (matches(rule.match, request)) {
      return { outcome: rule.outcome, delayMs: rule.outcome.kind === 'PENDING' ? undefined : (rule.delayMs ?? reviewDelayMs), source: rule.name };
    }
  }
  const refId = (request.ref_id ?? '').toLowerCase();
  const lastName = (request.person_details?.last_name ?? '').toLowerCase();
  for (const magic of MAGIC_VALUES) {
    if (refId.startsWith(magic.refIdPrefix) || lastName === magic.lastName.toLowerCase()) {
      return { outcome: magic.outcome, delayMs: magic.outcome.kind === 'PENDING' ? undefined : reviewDelayMs, source: `magic:${magic.refIdPrefix}` };
    }
  }
  if (request.institution_details) return { outcome: { kind: 'PENDING' }, source: 'default' };
  const person = request.person_details;
  if (person?.verifier_type === 'PASSTHROUGH' && person.passthrough_verification_status === 'DENIED') {
    return { outcome: { kind: 'DENIED', check: 'id_verification' }, delayMs: reviewDelayMs, source: 'default' };
  }
  return { outcome: { kind: 'APPROVED' }, delayMs: reviewDelayMs, source: 'default' };
}

export function matches(match: RuleMatch, request: CreateIdentityRequest): boolean {
  const person = request.person_details;
  const type = request.institution_details ? 'INSTITUTION' : 'PERSON';
  const eq = (a: string | undefined, b: string | undefined) => b === undefined || (a ?? '').toLowerCase() === b.toLowerCase();
  const email = person?.email ?? request.institution_details?.email;
  const localPart = email?.split('@')[0];
  if (!eq(request.ref_id, match.ref_id)) return false;
  if (match.ref_id_prefix !== undefined && !(request.ref_id ?? '').startsWith(match.ref_id_prefix)) return false;
  if (!eq(person?.first_name, match.first_name)) return false;
  if (!eq(person?.last_name, match.last_name)) return false;
  if (!eq(localPart, match.email_local_part)) return false;
  if (match.cip_id !== undefined && (person?.cip_id ?? request.institution_details?.cip_id) !== match.cip_id) return false;
  if (!eq(request.institution_details?.name, match.institution_name)) return false;
  if (match.identity_type !== undefined && match.identity_type !== type) return false;
  if (match.verifier_type !== undefined && person?.verifier_type !== match.verifier_type) return false;
  // Own properties only: `constructor`, `toString`, `__proto__` are not metadata keys.
  const metadata = request.metadata ?? {};
  for (const [key, value] of Object.entries(match.metadata ?? {})) {
    const actual = Object.hasOwn(metadata, key) ? (metadata as Record<string, unknown>)[key] : undefined;
    if (actual === undefined || (value !== '*' && actual !== value)) return false;
  }
  return true;
}

export type ParseResult = { ok: true; rules: Rule[] } | { ok: false; error: string };

const RULE_KEYS = new Set(['name', 'match', 'outcome', 'delay', 'check', 'documents', 'then', 'then_delay', 'reason']);
const MATCH_KEYS = new Set(['ref_id', 'ref_id_prefix', 'first_name', 'last_name', 'email_local_part', 'cip_id', 'institution_name', 'identity_type', 'verifier_type', 'metadata']);
const OUTCOMES = ['APPROVED', 'DENIED', 'EDD', 'MANUAL_REVIEW', 'ERROR', 'PENDING'];
const DENY_CHECKS: DenyCheck[] = ['sanctions', 'id_verification', 'additional_screening'];

/**
 * Parse rules from their config/JSON form:
 * `{name, match: {...}, outcome, delay?, check?, documents?, then?, then_delay?, reason?}`.
 * `documentTypes` is the spec's DocumentType enum, passed in to keep this module pure.
 */
export function parseRules(raw: unknown, documentTypes: readonly string[]): ParseResult {
  if (raw === undefined || raw === null) return { ok: true, rules: [] };
  if (!Array.isArray(raw)) return { ok: false, error: 'rules must be a list' };
  const rules: Rule[] = [];
  for (const [i, item] of raw.entries()) {
    const at = `rules[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ok: false, error: `${at} must be an object` };
    const r = item as Record<string, unknown>;
    // A misspelt key (say "chek") would otherwise fall back to a default silently.
    const unknown = Object.keys(r).find((k) => !RULE_KEYS.has(k));
    if (unknown !== undefined) return { ok: false, error: `${at}.${unknown} is not a known rule field (${[...RULE_KEYS].join(', ')})` };
    if (r.reason !== undefined && typeof r.reason !== 'string') return { ok: false, error: `${at}.reason must be a string` };
    const name = r.name === undefined ? `rule-${i + 1}` : r.name;
    if (typeof name !== 'string' || !name) return { ok: false, error: `${at}.name must be a non-empty string` };
    const match = r.match ?? {};
    if (typeof match !== 'object' || match === null || Array.isArray(match)) return { ok: false, error: `${at}.match must be an object` };
    for (const [key, value] of Object.entries(match)) {
      if (!MATCH_KEYS.has(key)) return { ok: false, error: `${at}.match.${key} is not a known match field (${[...MATCH_KEYS].join(', ')})` };
      if (key === 'metadata') {
        if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
          return { ok: false, error: `${at}.match.metadata must map keys to strings` };
        }
      } else if (typeof value !== 'string') return { ok: false, error: `${at}.match.${key} must be a string` };
    }
    const m = match as RuleMatch;
    if (m.identity_type !== undefined && !['PERSON', 'INSTITUTION'].includes(m.identity_type)) return { ok: false, error: `${at}.match.identity_type must be PERSON or INSTITUTION` };
    if (m.verifier_type !== undefined && !['PAXOS', 'PASSTHROUGH', 'MANUAL'].includes(m.verifier_type)) return { ok: false, error: `${at}.match.verifier_type must be PAXOS, PASSTHROUGH or MANUAL` };
    if (typeof r.outcome !== 'string' || !OUTCOMES.includes(r.outcome)) return { ok: false, error: `${at}.outcome must be one of ${OUTCOMES.join(', ')}` };
    const delay = durationOf(r.delay, `${at}.delay`);
    if (typeof delay === 'string') return { ok: false, error: delay };
    const outcome = parseOutcome(r, at, documentTypes);
    if (typeof outcome === 'string') return { ok: false, error: outcome };
    rules.push({ name, match: m, outcome, delayMs: delay });
  }
  return { ok: true, rules };
}

function parseOutcome(r: Record<string, unknown>, at: string, documentTypes: readonly string[]): Outcome | string {
  switch (r.outcome) {
    case 'APPROVED':
      return { kind: 'APPROVED' };
    case 'PENDING':
      return { kind: 'PENDING' };
    case 'ERROR':
      return { kind: 'ERROR', reason: typeof r.reason === 'string' ? r.reason : ERROR_REASON };
    case 'DENIED': {
      const check = r.check ?? 'sanctions';
      if (!DENY_CHECKS.includes(check as DenyCheck)) return `${at}.check must be one of ${DENY_CHECKS.join(', ')}`;
      return { kind: 'DENIED', check: check as DenyCheck };
    }
    case 'MANUAL_REVIEW': {
      const check = r.check ?? 'sanctions';
      if (!DENY_CHECKS.includes(check as DenyCheck)) return `${at}.check must be one of ${DENY_CHECKS.join(', ')}`;
      return { kind: 'MANUAL_REVIEW', check: check as ReviewCheck, reason: typeof r.reason === 'string' ? r.reason : MANUAL_REVIEW_REASON };
    }
    case 'EDD': {
      const documents = r.documents ?? DEFAULT_EDD_DOCUMENTS;
      if (!Array.isArray(documents) || documents.length === 0) return `${at}.documents must be a non-empty list of document types`;
      const bad = documents.find((d) => !documentTypes.includes(d as string));
      if (bad !== undefined) return `${at}.documents: ${JSON.stringify(bad)} is not a DocumentType`;
      const then = r.then ?? 'APPROVED';
      if (then !== 'APPROVED' && then !== 'DENIED') return `${at}.then must be APPROVED or DENIED`;
      const thenDelay = durationOf(r.then_delay, `${at}.then_delay`);
      if (typeof thenDelay === 'string') return thenDelay;
      return { kind: 'EDD', documents: documents as DocumentType[], then, ...(thenDelay !== undefined && { thenDelayMs: thenDelay }) };
    }
    default:
      return `${at}.outcome is not supported`;
  }
}

function durationOf(value: unknown, at: string): number | undefined | string {
  if (value === undefined) return undefined;
  const ms = secondsOrDuration(value);
  return ms === undefined ? `${at} must be a duration such as "30s", "5m", "1h"` : ms;
}

/** Rules back to their config form (for GET /_sim/rules). */
export function formatRules(rules: readonly Rule[]): unknown[] {
  return rules.map((rule) => {
    const o = rule.outcome;
    const out: Record<string, unknown> = { name: rule.name, match: rule.match, outcome: o.kind };
    if (rule.delayMs !== undefined) out.delay = `${rule.delayMs}ms`;
    if (o.kind === 'DENIED' || o.kind === 'MANUAL_REVIEW') out.check = o.check;
    if (o.kind === 'MANUAL_REVIEW' || o.kind === 'ERROR') out.reason = o.reason;
    if (o.kind === 'EDD') Object.assign(out, { documents: o.documents, then: o.then, ...(o.thenDelayMs !== undefined && { then_delay: `${o.thenDelayMs}ms` }) });
    return out;
  });
}
