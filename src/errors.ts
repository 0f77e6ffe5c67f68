/**
 * @module errors
 * The client's error classes and `unwrap()`.
 *
 * HTTP errors stay values (`{ error: Problem }`) in every result; `unwrap()` is
 * the one way to turn them into exceptions. Exceptions that cannot be values —
 * the network failed, the token endpoint failed, a wait timed out — are thrown
 * as their own classes so callers can tell them apart from API answers.
 */
import type { OAuthError, Problem, StatusDetails } from './types.js';
import type { OperationId, PaxosResult, SuccessData } from './result.js';

/** Base class of every error this client throws. */
export class PaxosError extends Error {
  override name = 'PaxosError';
}

/**
 * The API answered with an error status. Carries the Problem fields, the HTTP
 * status, the operation id and, for 409 conflicts, the id of the existing record.
 * @example
 * try { unwrap(await client.createIdentity(body)); }
 * catch (err) { if (err instanceof PaxosProblemError && err.status === 409) use(err.existingId); }
 */
export class PaxosProblemError extends PaxosError {
  override name = 'PaxosProblemError';
  readonly problem: Problem;
  readonly status: number;
  readonly operationId: string;
  readonly type: string;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly meta: Record<string, unknown> | undefined;
  /** `meta.existing.id` of a 409 Already Exists answer. */
  readonly existingId: string | undefined;

  constructor(options: { problem: Problem; status: number; operationId: string }) {
    const { problem, status, operationId } = options;
    super(`${operationId} failed with HTTP ${status}: ${problem.detail ?? problem.title ?? 'no detail'}`);
    this.problem = problem;
    this.status = status;
    this.operationId = operationId;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.meta = problem.meta;
    this.existingId = existingIdOf(problem);
  }
}

/** The request never got an HTTP answer: connection refused or reset, DNS, or the per-request timeout. */
export class PaxosNetworkError extends PaxosError {
  override name = 'PaxosNetworkError';
  readonly url: string;
  readonly timedOut: boolean;
  constructor(options: { url: string; timedOut: boolean; cause?: unknown; message?: string }) {
    super(options.message ?? (options.timedOut ? `request to ${options.url} timed out` : `request to ${options.url} failed`), {
      cause: options.cause,
    });
    this.url = options.url;
    this.timedOut = options.timedOut;
  }
}

/** The OAuth token endpoint refused, failed, timed out or answered something that is not a token. */
export class PaxosAuthError extends PaxosError {
  override name = 'PaxosAuthError';
  /** OAuth `error` code (`invalid_client`, `invalid_scope`, …) when the endpoint sent one. */
  readonly error: OAuthError['error'] | undefined;
  readonly errorDescription: string | undefined;
  /** HTTP status of the token response, when there was one. */
  readonly status: number | undefined;
  constructor(message: string, options: { error?: OAuthError['error']; errorDescription?: string; status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.error = options.error;
    this.errorDescription = options.errorDescription;
    this.status = options.status;
  }
}

/** waitForDecision() gave up; `statusDetails` is the identity's latest `status_details`. */
export class PaxosTimeoutError extends PaxosError {
  override name = 'PaxosTimeoutError';
  readonly statusDetails: StatusDetails | undefined;
  constructor(message: string, statusDetails: StatusDetails | undefined) {
    super(message);
    this.statusDetails = statusDetails;
  }
}

/** Paging cannot continue without losing or repeating items (e.g. more than `limit` events share one timestamp). */
export class PaxosPaginationError extends PaxosError {
  override name = 'PaxosPaginationError';
}

/** `meta.existing.id` of a Problem, if present. */
export function existingIdOf(problem: Problem | undefined): string | undefined {
  const existing = problem?.meta?.existing;
  if (typeof existing !== 'object' || existing === null) return undefined;
  const id = (existing as Record<string, unknown>).id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Normalise whatever an error response carried into a Problem: servers and
 * proxies in front of them sometimes answer with text or nothing at all.
 */
export function toProblem(error: unknown, response: Response): Problem {
  if (typeof error === 'object' && error !== null && typeof (error as Problem).type === 'string') return error as Problem;
  const detail = typeof error === 'string' && error.length > 0 ? error.slice(0, 500) : undefined;
  return { type: 'about:blank', title: response.statusText || undefined, status: response.status, ...(detail ? { detail } : {}) };
}

/**
 * Return `data` of a successful result or throw a PaxosProblemError.
 * @example
 * const identity = unwrap(await client.getIdentity(id));
 */
export function unwrap<Op extends OperationId>(result: PaxosResult<Op>): SuccessData<Op> {
  if (result.error === undefined && result.response.ok) return result.data as SuccessData<Op>;
  throw new PaxosProblemError({
    problem: toProblem(result.error, result.response),
    status: result.response.status,
    operationId: result.operationId,
  });
}
