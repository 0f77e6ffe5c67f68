/**
 * Query validation (http/validate.ts): with no parameter given there is
 * nothing to check, so the request schemas are not compiled for it (a GET
 * without a query string never pays for Ajv); a given parameter is checked
 * as before, unknown names and bad values alike. Compiling reads the spec's
 * document, which this spec counts.
 */
import { describe, expect, it } from 'vitest';
import { createRequestValidator } from '../../../simulator/http/validate.js';
import { loadSpec, type SpecDocument } from '../../../simulator/spec/spec.js';

describe('query validation', () => {
  it('answers {} for no parameters without compiling the schemas, and checks given ones', () => {
    const real = loadSpec();
    let docReads = 0;
    const spec: SpecDocument = {
      operations: real.operations,
      get doc() {
        docReads++;
        return real.doc;
      },
    };
    const validator = createRequestValidator(spec);
    expect(validator.query('GetIdentity', {})).toEqual({});
    expect(validator.query('ListIdentities', { limit: undefined })).toEqual({});
    expect(docReads).toBe(0);
    expect(() => validator.query('GetIdentity', { nope: '1' })).toThrow(/unknown query parameter nope/);
    expect(docReads).toBe(0);
    expect(validator.query('GetIdentity', { include_details: 'true' })).toEqual({ include_details: true });
    expect(docReads).toBeGreaterThan(0);
    expect(() => validator.query('ListIdentities', { limit: '0' })).toThrow(/limit/);
  });
});
