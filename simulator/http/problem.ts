/**
 * @module http/problem
 * RFC 7807 Problem errors in Paxos's shape ({type, title, status, detail, meta}),
 * one ProblemError class with named constructors, and the app's error boundary.
 */
import type { Context } from 'hono';
import type { Problem } from '../../src/types.js';
import { StoreWriteError } from '../store/store.js';
import { DomainError, identityMissing, type FieldProblem } from '../domain/errors.js';

export type { FieldProblem };

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
  // Every 400 lists its problems in meta.errors, even one raised with a bare sentence.
  if (meta === undefined && status === 400 && detail !== undefined) meta = { errors: [{ field: fieldOf(detail), message: detail }] };
  if (meta !== undefined) body.meta = meta;
  return new ProblemError(body);
}

/**
 * 400 listing every problem of a request at once: `meta.errors` holds each
 * {field, message}; `detail` is the message when there is one, else a summary.
 */
export function invalidFields(problems: readonly FieldProblem[]): ProblemError {
  const list = problems.length ? problems : [{ field: 'request', message: 'invalid request' }];
  const detail = list.length === 1 ? list[0].message : `${list.length} problems: ${list.map((p) => p.message).join('; ')}`;
  return problem(400, detail, { errors: list.map((p) => ({ field: p.field, message: p.message })) });
}

/** A 400 with one problem; `field` defaults to the path the sentence starts with. */
export const badRequest = (detail: string, field?: string) => invalidFields([{ field: field ?? fieldOf(detail), message: detail }]);

/** "person_details.cip_id must …" → person_details.cip_id; "unknown field x" → x; else "request". */
function fieldOf(sentence: string): string {
  const unknown = /^unknown (?:field|query parameter) (\S+)/.exec(sentence);
  if (unknown) return unknown[1];
  const lead = /^([a-z_]\w*(?:\.[a-z_]\w*|\[\d+\])*)(?::| (?:must|is|are|has|cannot|token|in the body))/.exec(sentence);
  return lead && lead[1] !== 'request' ? lead[1] : 'request';
}
export const unauthorized = (detail = 'no authorization header set') => problem(401, detail);
export const forbidden = (detail = 'Forbidden') => problem(403, detail);
export const notFound = (detail?: string) => problem(404, detail);
export const identityNotFound = (id: string) => problemOfDomainError(identityMissing(id));

/** 403 in Paxos's form: insufficient scopes: found '…', required one of '[…]'. */
export function insufficientScope(found: readonly string[], required: readonly string[]): ProblemError {
  const base = `insufficient scopes: found '${found.join(' ')}', required one of '[${required.join(' ')}]'`;
  // A token with no scope at all usually comes from a token request that left `scope` out.
  if (found.length === 0) return forbidden(`${base}; the access token has no scopes: request them with the scope parameter of POST /oauth2/token, e.g. scope=${required[0]}`);
  return forbidden(base);
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
      return err.fields ? invalidFields(err.fields) : badRequest(err.message);
    case 'forbidden':
      return forbidden(err.message);
    case 'not_found':
      return notFound(err.message || undefined);
    case 'conflict':
      return alreadyExists(err.message, err.existing ?? {});
    case 'too_large':
      return problem(413, err.message);
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

/** Where a request was going, for the error boundary's log lines. */
export interface RequestWhere {
  method: string;
  path: string;
}

/**
 * The Problem the error boundary answers for an error (logged when it is not
 * a Problem the app raised on purpose): Problems pass through; a store that
 * could not write is a 503 with Retry-After; a domain error its Problem; an
 * error carrying a 4xx status is reshaped; anything else is a bare 500.
 * Shared by the app's boundary and the Create Identity fast lane
 * (http/create-lane.ts), so both answer and log an error the same way.
 */
export function problemForError(err: unknown, logger: ErrorLogger, where: RequestWhere): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof StoreWriteError) {
    // Disk full, no permission: nothing was changed (the store rolled back); retrying later works once it can write.
    logger.error('the store could not write', { method: where.method, path: where.path, code: err.code, error: err.message });
    const body = problem(503, `the simulator could not save the change${err.code ? ` (${err.code})` : ''}; nothing was changed, retry once the data file can be written`, err.code ? { code: err.code } : undefined);
    return new ProblemError(body.problem, { 'retry-after': '1' });
  }
  if (err instanceof DomainError) return problemOfDomainError(err);
  const status = (err as { status?: number } | null | undefined)?.status;
  // Hono's own HTTPException (e.g. from bodyLimit) carries a status; keep it but reshape it.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problem(status, (err as Error).message || TITLES[status]);
  }
  logger.error('unhandled error', { method: where.method, path: where.path, error: (err as Error | undefined)?.stack ?? String(err) });
  return problem(500, 'an unexpected error occurred');
}

/** app.onError: Problems pass through; anything else is logged and answered as a bare 500 (problemForError). */
export function createErrorBoundary(logger: ErrorLogger) {
  return (err: Error, c: Context): Response => problemResponse(c, problemForError(err, logger, { method: c.req.method, path: c.req.path }));
}
