/**
 * @module domain/errors
 * Typed errors that services throw without knowing about HTTP. The route
 * boundary (http/problem.ts, createErrorBoundary) maps each kind to its
 * Problem: invalid → 400, forbidden → 403, not_found → 404, conflict → 409.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** for `conflict`: the record that is in the way, e.g. `{ id }` */
    readonly existing?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (detail: string) => new DomainError('invalid', detail);
export const denied = (detail: string) => new DomainError('forbidden', detail);
export const missing = (detail: string) => new DomainError('not_found', detail);
export const conflict = (detail: string, existing: Record<string, string>) => new DomainError('conflict', detail, existing);
