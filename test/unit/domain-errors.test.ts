/**
 * Services throw typed DomainErrors; the one boundary (http/problem.ts) maps
 * each to the same Problem the HTTP helpers build: status, title, type,
 * detail and meta (meta.errors for 400s, meta.existing for 409s).
 */
import { describe, expect, it } from 'vitest';
import { conflict, denied, identityMissing, invalid, invalidFields, missing, tooLarge } from '../../simulator/domain/errors.js';
import { ALREADY_EXISTS_TYPE, problemOfDomainError } from '../../simulator/http/problem.js';

const problemOf = (err: Parameters<typeof problemOfDomainError>[0]) => problemOfDomainError(err).problem;

describe('DomainError → Problem', () => {
  it('invalid: a 400 whose meta.errors names the field read from the sentence, or the one given', () => {
    expect(problemOf(invalid('limit must be between 1 and 100'))).toEqual({
      type: 'about:blank', title: 'Bad Request', status: 400, detail: 'limit must be between 1 and 100',
      meta: { errors: [{ field: 'limit', message: 'limit must be between 1 and 100' }] },
    });
    expect(problemOf(invalid('the upload is empty')).meta).toEqual({ errors: [{ field: 'request', message: 'the upload is empty' }] });
    expect(problemOf(invalid('must be set', 'id')).meta).toEqual({ errors: [{ field: 'id', message: 'must be set' }] });
  });

  it('invalidFields: every problem in meta.errors, and a summary as the detail', () => {
    const p = problemOf(invalidFields([{ field: 'a', message: 'a is required' }, { field: 'b', message: 'b must be a date' }]));
    expect(p).toMatchObject({ status: 400, detail: '2 problems: a is required; b must be a date' });
    expect(p.meta).toEqual({ errors: [{ field: 'a', message: 'a is required' }, { field: 'b', message: 'b must be a date' }] });
    expect(problemOf(invalidFields([{ field: 'x', message: 'x is bad' }])).detail).toBe('x is bad');
  });

  it('forbidden, not found (with and without a detail), conflict and too large', () => {
    expect(problemOf(denied('no'))).toEqual({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'no' });
    expect(problemOf(identityMissing('i-1'))).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: "Identity with id i-1 doesn't exist" });
    expect(problemOf(missing())).toEqual({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(problemOf(conflict('duplicate ref_id provided', { id: 'x' }))).toEqual({ type: ALREADY_EXISTS_TYPE, title: 'Already Exists', status: 409, detail: 'duplicate ref_id provided', meta: { existing: { id: 'x' } } });
    expect(problemOf(tooLarge('too big'))).toEqual({ type: 'about:blank', title: 'Payload Too Large', status: 413, detail: 'too big' });
  });
});
