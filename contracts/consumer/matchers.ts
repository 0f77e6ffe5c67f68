/**
 * @module contracts/consumer/matchers
 * Matchers the pacts share: bearer tokens, RFC 3339 instants, identity
 * statuses, Problem bodies, and a form-encoded body with matchers (the token
 * request). Values are examples only; nothing here is a real credential.
 */
import { MatchersV3 } from '@pact-foundation/pact';

const { integer, like, regex, uuid } = MatchersV3;

/** RFC 3339 with 0–9 fractional digits: identities carry micro-, events nanoseconds (REFERENCE.md §7.4). */
export const RFC3339 = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';

/** Any bearer token: the verifier swaps in a real one. @example headers({ authorization: bearerToken() }) */
export const bearerToken = () => regex('^Bearer \\S+$', 'Bearer example-access-token');

/** An RFC 3339 instant. @example rfc3339('2025-01-07T14:30:02.123456Z') */
export const rfc3339 = (example: string) => regex(RFC3339, example);

/** One of the five identity statuses (REFERENCE.md §3.1). */
export const identityStatus = (example = 'PENDING') => regex('^(PENDING|ERROR|APPROVED|DENIED|DISABLED)$', example);

/** A UUID (ids of identities, events and files). */
export const anyUuid = (example: string) => uuid(example);

/** JSON, or RFC 7807's `application/problem+json` (both documented, REFERENCE.md §7.2). */
export const jsonContentType = () => regex('^application/(problem\\+)?json(;.*)?$', 'application/json');

/**
 * An RFC 7807 Problem with the given status; `detail` must match `detailPattern`
 * when given, otherwise any string.
 * @example problemBody(404) // { type: like('about:blank'), title: like('Not Found'), status: 404 }
 */
export function problemBody(status: number, title: string, detail?: { pattern: string; example: string }): Record<string, unknown> {
  return {
    type: like('about:blank'),
    title: like(title),
    status: integer(status),
    ...(detail && { detail: regex(detail.pattern, detail.example) }),
  };
}

/**
 * Set an `application/x-www-form-urlencoded` request body whose fields may be
 * matchers (e.g. the token request's credentials).
 *
 * Decision: pact-js 16's V4 request builder has no text body with matchers
 * (`body()` is binary and pins a content-type matcher at `$`), but pact-core's
 * `with_body` turns a JSON document with matchers into a form body with
 * per-field rules. The builder keeps its FFI interaction in a field of that
 * name; this is the one place that reaches for it.
 */
export function formBody(builder: object, fields: Record<string, unknown>): void {
  const ffi = (builder as unknown as { interaction?: { withRequestBody?: (body: string, contentType: string) => void } }).interaction;
  if (typeof ffi?.withRequestBody !== 'function') {
    throw new Error('formBody: this pact-js version no longer exposes the FFI interaction; update contracts/consumer/matchers.ts');
  }
  ffi.withRequestBody(JSON.stringify(fields), 'application/x-www-form-urlencoded');
}
