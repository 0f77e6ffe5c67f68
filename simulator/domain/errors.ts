/**
 * @module domain/errors
 * Typed errors that services throw without knowing about HTTP. The one route
 * boundary (http/problem.ts, problemOfDomainError via createErrorBoundary)
 * maps each kind to its Problem: invalid → 400 (meta.errors lists `fields`),
 * forbidden → 403, not_found → 404, conflict → 409 (meta.existing),
 * too_large → 413.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'too_large';

/** One problem of a request: where (dotted field path) and what. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** for `conflict`: the record that is in the way, e.g. `{ id }` */
    readonly existing?: Record<string, string>,
    /** for `invalid`: every problem of the request; absent means one problem, its field read from the sentence */
    readonly fields?: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A 400 with one problem; `field` defaults (at the boundary) to the path the sentence starts with. */
export const invalid = (detail: string, field?: string) =>
  new DomainError('invalid', detail, undefined, field === undefined ? undefined : [{ field, message: detail }]);

/**
 * A 400 listing every problem of a request at once; the message is the one
 * problem's sentence, or a summary of several.
 */
export function invalidFields(problems: readonly FieldProblem[]): DomainError {
  const list = problems.length ? problems.map((p) => ({ field: p.field, message: p.message })) : [{ field: 'request', message: 'invalid request' }];
  const detail = list.length === 1 ? list[0].message : `${list.length} problems: ${list.map((p) => p.message).join('; ')}`;
  return new DomainError('invalid', detail, undefined, list);
}

export const denied = (detail: string) => new DomainError('forbidden', detail);
/** A 404; without a detail the Problem has none. */
export const missing = (detail = '') => new DomainError('not_found', detail);
/** The 404 of an identity that does not exist for the caller, in Paxos's words. */
export const identityMissing = (id: string) => missing(`Identity with id ${id} doesn't exist`);
export const conflict = (detail: string, existing: Record<string, string>) => new DomainError('conflict', detail, existing);
export const tooLarge = (detail: string) => new DomainError('too_large', detail);
