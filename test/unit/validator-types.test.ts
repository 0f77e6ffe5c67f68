/**
 * The request validator is typed by operation id: the name must be one of the
 * spec's operations and the result is that operation's generated body or query
 * type. The type assertions are checked by `tsc` (npm test runs it); the calls
 * check that the runtime answers the same way.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRequestValidator } from '../../simulator/http/validate.js';
import type { CreateProfileRequest, ListEventsQuery, ListIdentitiesQuery } from '../../src/types.js';

const validator = createRequestValidator();

describe('validator typed by operation id', () => {
  it('returns the operation body type for body()', () => {
    const body = validator.body('CreateProfile', { nickname: 'main' });
    expectTypeOf(body).toEqualTypeOf<CreateProfileRequest>();
    expect(body).toEqual({ nickname: 'main' });
  });

  it('returns the operation query type for query(), time filters included', () => {
    const q = validator.query('ListIdentities', { limit: '5', 'created_at.gte': '2025-01-01T00:00:00Z' });
    expectTypeOf(q).toEqualTypeOf<ListIdentitiesQuery>();
    expectTypeOf(validator.query('ListEvents', {})['created_at.lt']).toEqualTypeOf<string | undefined>();
    expectTypeOf<ListEventsQuery['created_at.lt']>().toEqualTypeOf<string | undefined>();
    expect(q).toEqual({ limit: 5, 'created_at.gte': '2025-01-01T00:00:00Z' });
  });

  it('refuses names that are not operations with a JSON body', () => {
    // @ts-expect-error not an operation of the spec
    expect(() => validator.body('CreateWidget', {})).toThrow(/unknown operationId CreateWidget/);
    // @ts-expect-error ListIdentities takes no body
    expect(() => validator.body('ListIdentities', {})).toThrow(/has no JSON body/);
    // @ts-expect-error not an operation of the spec
    expect(() => validator.query('ListWidgets', {})).toThrow(/unknown operationId ListWidgets/);
  });
});
