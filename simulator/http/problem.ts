/**
 * @module http/problem
 * RFC 7807 Problem errors in Paxos's shape ({type, title, status, detail, meta}),
 * one ProblemError class with named constructors, and the app's error boundary.
 */
import type { Context } from 'hono';
import type { Problem } from '../../src/types.js';
import { DomainError } from '../domain/errors.js';

export const ALREADY_EXISTS_TYPE = 'https://developer.paxos.com/docs/v2/problems/already-exists';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Already Exists',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ProblemError extends Error {
  readonly problem: Problem;
  readonly headers: Record<string, string>;
  constructor(problem: Problem, headers: Record<string, string> = {}) {
    super(problem.detail ?? problem.title ?? 'error');
    this.problem = problem;
    this.headers = headers;
  }
  get status(): number {
    return this.problem.status ?? 500;
  }
}

/** Build a Problem with the reason phrase as title and `about:blank` as type. */
export function problem(status: number, detail?: string, meta?: Record<string, unknown>): ProblemError {
  const body: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status };
  if (detail !== undefined) body.detail = detail;
  if (meta !== undefined) body.meta = meta;
  return new ProblemError(body);
}

export const badRequest = (detail: string) => problem(400, detail);
export const unauthorized = (detail = 'no authorization header set') => problem(401, detail);
export const forbidden = (detail = 'Forbidden') => problem(403, detail);
export const notFound = (detail?: string) => problem(404, detail);
export const identityNotFound = (id: string) => notFound(`Identity with id ${id} doesn't exist`);

/** 403 in Paxos's form: insufficient scopes: found '…', required one of '[…]'. */
export function insufficientScope(found: readonly string[], required: readonly string[]): ProblemError {
  return forbidden(`insufficient scopes: found '${found.join(' ')}', required one of '[${required.join(' ')}]'`);
}

/** 409 Already Exists with `meta.existing` pointing at the conflicting record. */
export function alreadyExists(detail: string, existing: Record<string, string>): ProblemError {
  return new ProblemError({
    type: ALREADY_EXISTS_TYPE,
    title: 'Already Exists',
    status: 409,
    detail,
    meta: { existing },
  });
}

/** Narrowing assertion that turns a false condition into a 400 Problem. */
export function assertValid(condition: unknown, detail: string): asserts condition {
  if (!condition) throw badRequest(detail);
}

/** The Problem for a service's typed domain error (domain/errors.ts). */
export function problemOfDomainError(err: DomainError): ProblemError {
  switch (err.kind) {
    case 'invalid':
      return badRequest(err.message);
    case 'forbidden':
      return forbidden(err.message);
    case 'not_found':
      return notFound(err.message);
    case 'conflict':
      return alreadyExists(err.message, err.existing ?? {});
    default: {
      const never: never = err.kind;
      return never;
    }
  }
}

export function problemResponse(c: Context, err: ProblemError): Response {
  return c.json(err.problem, err.status as 400, err.headers);
}

export interface ErrorLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

/** app.onError: Problems pass through; anything else is logged and answered as a bare 500. */
export function createErrorBoundary(logger: ErrorLogger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ProblemError) return problemResponse(c, err);
    if (err instanceof DomainError) return problemResponse(c, problemOfDomainError(err));
    const status = (err as { status?: number }).status;
    // Hono's own HTTPException (e.g. from bodyLimit) carries a status; keep it but reshape it.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return problemResponse(c, problem(status, err.message || TITLES[status]));
    }
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: err.stack ?? String(err) });
    return problemResponse(c, problem(500, 'an unexpected error occurred'));
  };
}
