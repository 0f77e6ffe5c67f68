/**
 * Decision rules (simulator/domain/decision-rules.ts): rule matching on every
 * field, rule order, the built-in magic values, the defaults, and every parse
 * error with the path it names.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EDD_DOCUMENTS,
  decideOutcome,
  formatRules,
  MAGIC_VALUES,
  matches,
  parseRules,
  type Rule,
  type RuleMatch,
} from '../../../simulator/domain/decision-rules.js';
import { documentTypes } from '../../../simulator/services/spec-enums.js';
import type { CreateIdentityRequest } from '../../../src/types.js';

const DELAY = 2000;
const DOCS = documentTypes();

const person = (over: Partial<NonNullable<CreateIdentityRequest['person_details']>> = {}, top: Partial<CreateIdentityRequest> = {}): CreateIdentityRequest => ({
  ref_id: 'cust-42',
  person_details: {
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace.hopper@example.com',
    cip_id: '123-45-6789',
    verifier_type: 'PASSTHROUGH',
    passthrough_verification_status: 'APPROVED',
    ...over,
  },
  metadata: { segment: 'retail', tier: 'gold' },
  ...top,
});

const institution = (top: Partial<CreateIdentityRequest> = {}): CreateIdentityRequest => ({
  ref_id: 'inst-7',
  institution_details: { name: 'Acme Holdings Inc.', email: 'ops@acme.example', cip_id: '12-3456789' },
  ...top,
});

const rule = (match: RuleMatch, extra: Partial<Rule> = {}): Rule => ({ name: 'r', match, outcome: { kind: 'DENIED', check: 'sanctions' }, ...extra });

describe('matches', () => {
  it.each<[string, RuleMatch, CreateIdentityRequest, boolean]>([
    ['an empty match matches anything', {}, person(), true],
    ['ref_id equal (case-insensitive)', { ref_id: 'CUST-42' }, person(), true],
    ['ref_id different', { ref_id: 'cust-43' }, person(), false],
    ['ref_id_prefix', { ref_id_prefix: 'cust-' }, person(), true],
    ['ref_id_prefix is case-sensitive', { ref_id_prefix: 'CUST-' }, person(), false],
    ['ref_id_prefix without a ref_id', { ref_id_prefix: 'cust-' }, person({}, { ref_id: undefined }), false],
    ['first_name (case-insensitive)', { first_name: 'grace' }, person(), true],
    ['first_name different', { first_name: 'Ada' }, person(), false],
    ['last_name (case-insensitive)', { last_name: 'HOPPER' }, person(), true],
    ['last_name does not match an institution', { last_name: 'Hopper' }, institution(), false],
    ['email_local_part of a person', { email_local_part: 'grace.hopper' }, person(), true],
    ['email_local_part of an institution', { email_local_part: 'ops' }, institution(), true],
    ['email_local_part compares the part before @ only', { email_local_part: 'grace' }, person(), false],
    ['cip_id of a person', { cip_id: '123-45-6789' }, person(), true],
    ['cip_id of an institution', { cip_id: '12-3456789' }, institution(), true],
    ['cip_id is exact', { cip_id: '123456789' }, person(), false],
    ['institution_name (case-insensitive)', { institution_name: 'acme holdings inc.' }, institution(), true],
    ['institution_name never matches a person', { institution_name: 'Acme Holdings Inc.' }, person(), false],
    ['identity_type PERSON', { identity_type: 'PERSON' }, person(), true],
    ['identity_type INSTITUTION on a person', { identity_type: 'INSTITUTION' }, person(), false],
    ['identity_type INSTITUTION', { identity_type: 'INSTITUTION' }, institution(), true],
    ['verifier_type', { verifier_type: 'PASSTHROUGH' }, person(), true],
    ['verifier_type different', { verifier_type: 'PAXOS' }, person(), false],
    ['verifier_type never matches an institution', { verifier_type: 'PAXOS' }, institution(), false],
    ['metadata value', { metadata: { segment: 'retail' } }, person(), true],
    ['metadata value is exact', { metadata: { segment: 'Retail' } }, person(), false],
    ['metadata "*" needs the key', { metadata: { tier: '*' } }, person(), true],
    ['metadata "*" with the key absent', { metadata: { region: '*' } }, person(), false],
    ['metadata "*" ignores inherited properties (constructor)', { metadata: { constructor: '*' } }, person(), false],
    ['metadata "*" ignores inherited properties (toString, hasOwnProperty)', { metadata: { toString: '*', hasOwnProperty: '*' } }, person(), false],
    ['metadata "*" matches an own key named constructor', { metadata: { constructor: '*' } }, { ...person(), metadata: { constructor: 'x' } }, true],
    ['metadata: every listed key must match', { metadata: { segment: 'retail', tier: 'silver' } }, person(), false],
    ['all fields together', { ref_id_prefix: 'cust', first_name: 'Grace', identity_type: 'PERSON', metadata: { tier: 'gold' } }, person(), true],
    ['one failing field fails the match', { ref_id_prefix: 'cust', first_name: 'Ada' }, person(), false],
  ])('%s', (_name, match, request, want) => {
    expect(matches(match, request)).toBe(want);
  });
});

describe('decideOutcome', () => {
  it('applies the first matching rule, in order, with its own delay', () => {
    const rules = [
      rule({ first_name: 'Ada' }, { name: 'ada', outcome: { kind: 'APPROVED' } }),
      rule({ ref_id_prefix: 'cust' }, { name: 'first', outcome: { kind: 'DENIED', check: 'id_verification' }, delayMs: 500 }),
      rule({}, { name: 'catch-all', outcome: { kind: 'APPROVED' } }),
    ];
    expect(decideOutcome(person(), rules, DELAY)).toEqual({ outcome: { kind: 'DENIED', check: 'id_verification' }, delayMs: 500, source: 'first' });
  });

  it('uses the review delay for a rule without one, and no delay for PENDING', () => {
    expect(decideOutcome(person(), [rule({}, { outcome: { kind: 'APPROVED' } })], DELAY).delayMs).toBe(DELAY);
    expect(decideOutcome(person(), [rule({}, { outcome: { kind: 'PENDING' }, delayMs: 100 })], DELAY).delayMs).toBeUndefined();
  });

  it('lets a rule win over a magic value', () => {
    const decision = decideOutcome(person({ last_name: 'Sanctioned' }), [rule({ last_name: 'sanctioned' }, { name: 'mine', outcome: { kind: 'APPROVED' } })], DELAY);
    expect(decision.source).toBe('mine');
    expect(decision.outcome.kind).toBe('APPROVED');
  });

  describe.each(MAGIC_VALUES.map((m) => [m.refIdPrefix, m] as const))('magic value %s', (_prefix, magic) => {
    const want = { outcome: magic.outcome, delayMs: magic.outcome.kind === 'PENDING' ? undefined : DELAY, source: `magic:${magic.refIdPrefix}` };
    it('is triggered by the ref_id prefix (any case)', () => {
      expect(decideOutcome(person({}, { ref_id: `${magic.refIdPrefix}_001` }), [], DELAY)).toEqual(want);
      expect(decideOutcome(person({}, { ref_id: `${magic.refIdPrefix.toUpperCase()}-X` }), [], DELAY)).toEqual(want);
    });
    it("is triggered by a person's last_name (any case)", () => {
      expect(decideOutcome(person({ last_name: magic.lastName }), [], DELAY)).toEqual(want);
      expect(decideOutcome(person({ last_name: magic.lastName.toLowerCase() }), [], DELAY)).toEqual(want);
    });
    it('is triggered for an institution by the ref_id prefix', () => {
      expect(decideOutcome(institution({ ref_id: `${magic.refIdPrefix}-inst` }), [], DELAY)).toEqual(want);
    });
  });

  it('has distinct magic prefixes and last names', () => {
    expect(new Set(MAGIC_VALUES.map((m) => m.refIdPrefix)).size).toBe(MAGIC_VALUES.length);
    expect(new Set(MAGIC_VALUES.map((m) => m.lastName.toLowerCase())).size).toBe(MAGIC_VALUES.length);
  });

  it('does not treat a last name that merely contains a magic value as magic', () => {
    expect(decideOutcome(person({ last_name: 'Unsanctioned-ish' }), [], DELAY).source).toBe('default');
  });

  it.each<[string, CreateIdentityRequest, ReturnType<typeof decideOutcome>]>([
    ['a passthrough-approved person is APPROVED after the review delay', person(), { outcome: { kind: 'APPROVED' }, delayMs: DELAY, source: 'default' }],
    ['a Paxos-verified person is APPROVED after the review delay', person({ verifier_type: 'PAXOS', passthrough_verification_status: undefined }), { outcome: { kind: 'APPROVED' }, delayMs: DELAY, source: 'default' }],
    ['a passthrough-denied person is DENIED on ID verification after the delay', person({ passthrough_verification_status: 'DENIED' }), { outcome: { kind: 'DENIED', check: 'id_verification' }, delayMs: DELAY, source: 'default' }],
    ['an institution stays PENDING with no automatic decision', institution(), { outcome: { kind: 'PENDING' }, source: 'default' }],
  ])('default: %s', (_name, request, want) => {
    expect(decideOutcome(request, [], DELAY)).toEqual(want);
  });
});

describe('parseRules', () => {
  it('accepts nothing as no rules', () => {
    expect(parseRules(undefined, DOCS)).toEqual({ ok: true, rules: [] });
    expect(parseRules(null, DOCS)).toEqual({ ok: true, rules: [] });
    expect(parseRules([], DOCS)).toEqual({ ok: true, rules: [] });
  });

  it('parses every outcome with its options and defaults', () => {
    const parsed = parseRules(
      [
        { name: 'ok', match: { ref_id_prefix: 'a' }, outcome: 'APPROVED', delay: '5s' },
        { match: { last_name: 'x' }, outcome: 'DENIED' },
        { outcome: 'DENIED', check: 'additional_screening', delay: 3 },
        { outcome: 'EDD' },
        { outcome: 'EDD', documents: ['PROOF_OF_FUNDS'], then: 'DENIED', then_delay: '1h' },
        { outcome: 'MANUAL_REVIEW' },
        { outcome: 'MANUAL_REVIEW', check: 'id_verification', reason: 'Name match.' },
        { outcome: 'ERROR', reason: 'Frozen.' },
        { outcome: 'ERROR' },
        { outcome: 'PENDING', match: { metadata: { k: '*' } } },
      ],
      DOCS,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [a, b, c, d, e, f, g, h, i, j] = parsed.rules;
    expect(a).toEqual({ name: 'ok', match: { ref_id_prefix: 'a' }, outcome: { kind: 'APPROVED' }, delayMs: 5000 });
    expect(b).toEqual({ name: 'rule-2', match: { last_name: 'x' }, outcome: { kind: 'DENIED', check: 'sanctions' }, delayMs: undefined });
    expect(c).toMatchObject({ name: 'rule-3', match: {}, outcome: { kind: 'DENIED', check: 'additional_screening' }, delayMs: 3000 });
    expect(d.outcome).toEqual({ kind: 'EDD', documents: DEFAULT_EDD_DOCUMENTS, then: 'APPROVED' }); // no then_delay: the configured EDD review delay applies
    expect(e.outcome).toEqual({ kind: 'EDD', documents: ['PROOF_OF_FUNDS'], then: 'DENIED', thenDelayMs: 3_600_000 });
    expect(f.outcome).toMatchObject({ kind: 'MANUAL_REVIEW', check: 'sanctions', reason: expect.stringContaining('manual') });
    expect(g.outcome).toEqual({ kind: 'MANUAL_REVIEW', check: 'id_verification', reason: 'Name match.' });
    expect(h.outcome).toEqual({ kind: 'ERROR', reason: 'Frozen.' });
    expect(i.outcome).toMatchObject({ kind: 'ERROR', reason: expect.any(String) });
    expect(j).toMatchObject({ outcome: { kind: 'PENDING' }, match: { metadata: { k: '*' } } });
  });

  it.each<[string, unknown, string]>([
    ['a non-list', { name: 'x' }, 'rules must be a list'],
    ['a non-object rule', ['APPROVED'], 'rules[0] must be an object'],
    ['an array rule', [[]], 'rules[0] must be an object'],
    ['an empty name', [{ name: '', outcome: 'APPROVED' }], 'rules[0].name must be a non-empty string'],
    ['a non-string name', [{ name: 7, outcome: 'APPROVED' }], 'rules[0].name must be a non-empty string'],
    ['an unknown rule field', [{ outcome: 'DENIED', chek: 'id_verification' }], 'rules[0].chek is not a known rule field'],
    ['a non-string reason', [{ outcome: 'ERROR', reason: 5 }], 'rules[0].reason must be a string'],
    ['a non-object match', [{ outcome: 'APPROVED', match: 'x' }], 'rules[0].match must be an object'],
    ['an unknown match field', [{ outcome: 'APPROVED' }, { outcome: 'APPROVED', match: { surname: 'x' } }], 'rules[1].match.surname is not a known match field (ref_id, ref_id_prefix'],
    ['a non-string match value', [{ outcome: 'APPROVED', match: { first_name: 3 } }], 'rules[0].match.first_name must be a string'],
    ['metadata that is not a map of strings', [{ outcome: 'APPROVED', match: { metadata: { a: 1 } } }], 'rules[0].match.metadata must map keys to strings'],
    ['metadata that is a list', [{ outcome: 'APPROVED', match: { metadata: ['a'] } }], 'rules[0].match.metadata must map keys to strings'],
    ['a bad identity_type', [{ outcome: 'APPROVED', match: { identity_type: 'COMPANY' } }], 'rules[0].match.identity_type must be PERSON or INSTITUTION'],
    ['a bad verifier_type', [{ outcome: 'APPROVED', match: { verifier_type: 'JUMIO' } }], 'rules[0].match.verifier_type must be PAXOS, PASSTHROUGH or MANUAL'],
    ['a missing outcome', [{ match: {} }], 'rules[0].outcome must be one of APPROVED, DENIED, EDD, MANUAL_REVIEW, ERROR, PENDING'],
    ['an unknown outcome', [{ outcome: 'REJECTED' }], 'rules[0].outcome must be one of'],
    ['a bad delay', [{ outcome: 'APPROVED', delay: 'soon' }], 'rules[0].delay must be a duration such as "30s", "5m", "1h"'],
    ['a negative delay', [{ outcome: 'APPROVED', delay: -1 }], 'rules[0].delay must be a duration'],
    ['a bad DENIED check', [{ outcome: 'DENIED', check: 'credit' }], 'rules[0].check must be one of sanctions, id_verification, additional_screening'],
    ['a bad MANUAL_REVIEW check', [{ outcome: 'MANUAL_REVIEW', check: 'credit' }], 'rules[0].check must be one of sanctions, id_verification, additional_screening'],
    ['empty EDD documents', [{ outcome: 'EDD', documents: [] }], 'rules[0].documents must be a non-empty list of document types'],
    ['EDD documents that are not a list', [{ outcome: 'EDD', documents: 'PROOF_OF_FUNDS' }], 'rules[0].documents must be a non-empty list of document types'],
    ['an unknown EDD document type', [{ outcome: 'EDD', documents: ['PROOF_OF_FUNDS', 'SELFIE'] }], 'rules[0].documents: "SELFIE" is not a DocumentType'],
    ['a bad EDD then', [{ outcome: 'EDD', then: 'PENDING' }], 'rules[0].then must be APPROVED or DENIED'],
    ['a bad EDD then_delay', [{ outcome: 'EDD', then_delay: 'later' }], 'rules[0].then_delay must be a duration'],
  ])('rejects %s', (_name, raw, message) => {
    const parsed = parseRules(raw, DOCS);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('round-trips through formatRules', () => {
    const raw = [
      { name: 'a', match: { ref_id_prefix: 'x' }, outcome: 'DENIED', check: 'id_verification', delay: '1m' },
      { name: 'b', match: {}, outcome: 'EDD', documents: ['PROOF_OF_FUNDS'], then: 'DENIED', then_delay: '10s' },
      { name: 'c', match: { identity_type: 'INSTITUTION' }, outcome: 'MANUAL_REVIEW', reason: 'Because.' },
      { name: 'd', match: { metadata: { k: 'v' } }, outcome: 'ERROR', reason: 'Frozen.' },
      { name: 'e', match: {}, outcome: 'PENDING' },
    ];
    const first = parseRules(raw, DOCS);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = parseRules(formatRules(first.rules), DOCS);
    expect(again).toEqual(first);
  });
});
