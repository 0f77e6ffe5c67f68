/**
 * Query validation (http/validate.ts): with no parameter given there is
 * nothing to check, so the request schemas are not compiled for it (a GET
 * without a query string never pays for Ajv); a given parameter is checked
 * as before, unknown names and bad values alike.
 */
import { describe, expect, it, vi } from 'vitest';

const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../simulator/lazy-modules.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../simulator/lazy-modules.js')>();
  return { ...actual, newAjv: (...args: Parameters<typeof actual.newAjv>) => (built.count++, actual.newAjv(...args)) };
});

const { createRequestValidator } = await import('../../../simulator/http/validate.js');

describe('query validation', () => {
  it('answers {} for no parameters without building a validator, and checks given ones', () => {
    const validator = createRequestValidator();
    expect(validator.query('GetIdentity', {})).toEqual({});
    expect(validator.query('ListIdentities', { limit: undefined })).toEqual({});
    expect(built.count).toBe(0);
    expect(() => validator.query('GetIdentity', { nope: '1' })).toThrow(/unknown query parameter nope/);
    expect(built.count).toBe(0);
    expect(validator.query('GetIdentity', { include_details: 'true' })).toEqual({ include_details: true });
    expect(built.count).toBe(1);
    expect(() => validator.query('ListIdentities', { limit: '0' })).toThrow(/limit/);
  });
});
