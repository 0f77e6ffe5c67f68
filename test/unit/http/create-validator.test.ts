/**
 * Create Identity's body validator compiled at build time
 * (simulator/spec/generated/create-identity-validator.ts): it is what
 * spec/validator-module.ts renders from the repository's spec, it answers
 * every body exactly as the validator Ajv compiles at run time (verdict,
 * every error, and the unknown fields lenient mode drops), and the request
 * validator takes it for the spec it was made from, compiling nothing on a
 * process's first create, while any other spec is compiled as before.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createRequestValidator } from '../../../simulator/http/validate.js';
import { CREATE_VALIDATOR_SPEC_SHA256, validate } from '../../../simulator/spec/generated/create-identity-validator.js';
import { findSpecPath, loadSpec } from '../../../simulator/spec/spec.js';
import { specHash } from '../../../simulator/spec/spec-module.js';
import { compileCreateIdentityValidator, renderValidatorModule, VALIDATOR_MODULE_PATH } from '../../../simulator/spec/validator-module.js';
import { corporationBody, personBody } from '../../support/bodies.js';

/** (the generated module is plain JavaScript to the type checker) */
const prebuilt = validate as unknown as ValidateFunction;
const yaml = readFileSync(findSpecPath(), 'utf8');

/** Bodies that pass, bodies with one problem each, and bodies with many. */
function bodies(): Array<[string, unknown]> {
  const person = personBody(1) as unknown as Record<string, unknown>;
  const details = person.person_details as Record<string, unknown>;
  return [
    ['a complete person', personBody(1)],
    ['a corporation with a member', corporationBody(2, [{ identity_id: '00000000-0000-4000-8000-000000000001', roles: ['BENEFICIAL_OWNER'] }])],
    ['unknown fields at the top and inside (dropped in lenient mode)', { ...person, extra: 1, person_details: { ...details, nickname: 'x', address: { ...(details.address as object), floor: 3 } } }],
    ['a wrong type', { ...person, ref_id: 42 }],
    ['an unknown enum value', { ...person, person_details: { ...details, cip_id_type: 'PASSPORT_NUMBER_X' } }],
    ['an impossible date', { ...person, person_details: { ...details, date_of_birth: '1990-02-30' } }],
    ['a malformed date-time', { ...person, person_details: { ...details, passthrough_verified_at: 'yesterday' } }],
    ['a missing required field', { ...person, person_details: { ...details, first_name: undefined } }],
    ['many problems at once', { ref_id: [], person_details: { verifier_type: 'NOPE', nationality: 12, address: 'here' }, customer_due_diligence: { estimated_yearly_income: 'LOTS' }, metadata: { a: 1 } }],
    ['both details', { ...person, institution_details: { name: 'x' } }],
    ['an empty object', {}],
    ['an array', [person]],
    ['null', null],
    ['a string', 'person'],
  ];
}

describe('Create Identity validator compiled at build time', () => {
  it('is up to date with contracts/openapi/paxos-identity.yaml (else: npm run gen:types)', () => {
    expect(readFileSync(VALIDATOR_MODULE_PATH, 'utf8')).toBe(renderValidatorModule(yaml));
    expect(CREATE_VALIDATOR_SPEC_SHA256).toBe(specHash(yaml));
  });

  it.each(bodies())('answers as the run-time compiled validator: %s', (_name, body) => {
    const compiled = compileCreateIdentityValidator(yaml).validate;
    const [a, b] = [structuredClone(body), structuredClone(body)];
    const verdict = prebuilt(a);
    expect(verdict).toBe(compiled(b));
    expect(prebuilt.errors ?? null).toEqual(compiled.errors ?? null);
    // lenient mode drops unknown fields from the body itself: the same ones
    expect(a).toEqual(b);
  });

  it('is the one the request validator uses for the spec it was made from: nothing compiled for a create', () => {
    const validator = createRequestValidator();
    expect(validator.body('CreateIdentity', personBody(3))).toBeDefined();
    expect(() => validator.body('CreateIdentity', { ref_id: 1 })).toThrow();
    expect(validator.compiledBodies()).toEqual([]);
    // another operation still compiles its schema on first use
    validator.body('UpdateIdentity', { metadata: { a: 'b' } }, { partial: true });
    expect(validator.compiledBodies()).toEqual(['UpdateIdentity partial']);
  });

  it('is not used for another spec, nor in strict mode: those compile as before', () => {
    const spec = loadSpec();
    const other = createRequestValidator({ ...spec, builtFrom: undefined });
    expect(other.body('CreateIdentity', personBody(4))).toBeDefined();
    expect(other.compiledBodies()).toEqual(['CreateIdentity']);
    const strict = createRequestValidator(spec, { mode: 'strict' });
    expect(() => strict.body('CreateIdentity', { ...personBody(5), extra: true })).toThrow();
    expect(strict.compiledBodies()).toEqual(['CreateIdentity']);
  });
});
