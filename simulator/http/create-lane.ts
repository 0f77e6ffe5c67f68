/**
 * @module http/create-lane
 * Create Identity (`POST /v2/identity/identities`) answered in the HTTP
 * server's request listener, before @hono/node-server builds a Request and
 * Hono routes it through the middleware chain: the most frequent write, and
 * one whose chain (request log, body limit, faults, rate limit, bearer auth,
 * scope, route) does nothing but read, check and log on the way to the
 * service. The idea is GET Identity's fast lane (http/fast-lane.ts).
 *
 * The lane decides on the request line and headers alone, and takes a
 * request only when the chain would do nothing but what the lane does:
 * method exactly `POST`, path exactly `/v2/identity/identities` (no query),
 * a plain Host, one Authorization line, one Content-Length line of digits,
 * above 0 and within the body limit, no Transfer-Encoding, at most one
 * Content-Type line, no API fault rule active, rate limits off (the lane is
 * not built then), and a bearer token that authenticates with the write
 * scope. Anything else goes to the chain untouched: nothing has been read.
 *
 * Once it has taken a request, the lane owns it and answers every outcome
 * the way the chain does, with the chain's own parts: the body limit's UTF-8
 * decoding (a BOM dropped), the body reader's JSON parsing and its 400s
 * (empty, not JSON "sent as …"), the route's validation with its detail
 * problems and the service (routes/identities.ts createIdentityFromBody),
 * the error boundary's Problems and log lines (http/problem.ts
 * problemForError: 400, 409, 503 with Retry-After, 500), the body limit's
 * abort log line and 400, and the request-log entry (http/request-log.ts
 * recordRequest, with the new identity's id). The answer is written as
 * @hono/node-server writes what `c.json` returns. Two things the chain checks
 * only after the body has arrived (the token, a fault rule) are checked again
 * then; if either changed meanwhile, the body is handed to the chain as it
 * arrived (@hono/node-server reads an IncomingMessage's `rawBody`), and the
 * chain answers.
 *
 * The lane is on the server only: in process (`app.request`), creates go
 * through the chain.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import { CJSON_TYPE, createIdentityFromBody, WRITE_SCOPES } from '../routes/identities.js';
import { hasScope, type AuthContext } from './auth.js';
import { parseRequiredJson } from './body.js';
import { aborted, BODY_LIMIT_BYTES, decodeBody, logAborted } from './body-limit.js';
import { PLAIN_HOST, writeWithRecord, type FastLaneDeps } from './fast-lane.js';
import { problemForError, type ProblemError } from './problem.js';
import { recordRequest } from './request-log.js';

/** The one path the lane takes. */
export const CREATE_PATH = '/v2/identity/identities';
const WHERE = { method: 'POST', path: CREATE_PATH } as const;
/** A declared length the chain's body limit reads whole (http/body-limit.ts) */
const DIGITS = /^\d+$/;

/** What the create lane answers with: the same parts as GET Identity's lane. */
export type CreateLaneDeps = FastLaneDeps;

/** An answer as the chain would give it: status, c.json's headers, the JSON text. */
export interface LaneAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The lane over its parts (the server-side plumbing is answerCreateOnServer). */
export interface CreateLane {
  /**
   * The caller when the lane may take a create with this Authorization
   * header now (no API fault rule, the token valid, the write scope), else
   * undefined, with nothing done: the chain answers.
   */
  admit(authorization: string | undefined): AuthContext | undefined;
  /** Create from the body's bytes: the answer, logged as the chain logs it. */
  answer(bytes: Uint8Array, contentType: string | undefined, caller: AuthContext, startedMs: number): Promise<LaneAnswer>;
  /** A body the client stopped sending: logged as the chain logs it, and its answer. */
  aborted(startedMs: number): LaneAnswer;
}

/** What `c.json(problem, status, headers)` answers for a Problem. */
const problemAnswer = (p: ProblemError): LaneAnswer => ({ status: p.status, headers: { ...CJSON_TYPE, ...p.headers }, body: JSON.stringify(p.problem) });

export function createCreateLane(deps: CreateLaneDeps): CreateLane {
  const { ctx, auth, validator, requests, clock, faults } = deps;
  return {
    admit(authorization) {
      if (faults.hasApiRules()) return undefined;
      let caller: AuthContext;
      try {
        caller = auth.authenticate(authorization);
      } catch {
        return undefined; // the chain answers it (401), as it always has
      }
      return hasScope(caller.scopes, WRITE_SCOPES) ? caller : undefined;
    },
    async answer(bytes, contentType, caller, startedMs) {
      let answer: LaneAnswer;
      let identityId: string | undefined;
      try {
        const raw = parseRequiredJson(decodeBody(bytes), () => contentType);
        const created = await createIdentityFromBody(ctx, validator, caller.clientId, raw);
        identityId = created.id;
        answer = { status: 200, headers: CJSON_TYPE, body: created.json };
      } catch (err) {
        answer = problemAnswer(problemForError(err, ctx.logger, WHERE));
      }
      // (named fields, not `...WHERE`: V8 answers a spread followed by more fields through its slow path, microseconds a call)
      recordRequest(requests, clock, { method: WHERE.method, path: WHERE.path, status: answer.status, auth: caller, identityId, fault: undefined, startedMs });
      return answer;
    },
    aborted(startedMs) {
      // the chain's body limit reads the body before authentication: no caller in the log
      logAborted(ctx.logger, WHERE.method, WHERE.path);
      const answer = problemAnswer(aborted());
      recordRequest(requests, clock, { method: WHERE.method, path: WHERE.path, status: answer.status, auth: undefined, identityId: undefined, fault: undefined, startedMs });
      return answer;
    },
  };
}

const lanes = new WeakMap<Hono, CreateLane>();
/** The create lane put beside `app` (withCreateLane), for the server to use before the app. */
export const createLaneOf = (app: Hono): CreateLane | undefined => lanes.get(app);

/** Put the create lane beside an app, for startServer's request listener. */
export function withCreateLane<A extends Hono>(app: A, lane: CreateLane): A {
  lanes.set(app, lane);
  return app;
}

/**
 * Write an answer as @hono/node-server writes the Response `c.json` returns
 * (Hono's Context#newResponse, then node-server's responseViaCache): one
 * header (c.json's Content-Type) stays a plain record, written as given, with
 * the length added by Node after its own Date, Connection and Keep-Alive
 * lines; more (a Problem's Retry-After) become a Headers object, written as
 * its lines (lower case, sorted) and then Content-Length.
 */
export function writeAnswer(res: ServerResponse, answer: LaneAnswer): void {
  const names = Object.keys(answer.headers);
  if (names.length === 1) return writeWithRecord(res, answer.status, answer.headers, answer.body);
  res.statusCode = answer.status;
  for (const [name, value] of new Headers(answer.headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', Buffer.byteLength(answer.body));
  res.end(answer.body);
}

/** Header lines the lane counts: a repeated one reads differently through Hono (joined) than through Node (first kept). */
function headerCounts(rawHeaders: readonly string[]): { authorization: number; contentLength: number; contentType: number } {
  const counts = { authorization: 0, contentLength: 0, contentType: 0 };
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === 13 && name.toLowerCase() === 'authorization') counts.authorization++;
    else if (name.length === 14 && name.toLowerCase() === 'content-length') counts.contentLength++;
    else if (name.length === 12 && name.toLowerCase() === 'content-type') counts.contentType++;
  }
  return counts;
}

/**
 * The create lane on the HTTP server, before @hono/node-server: true when the
 * lane took the request (it reads the body and answers `res`, or hands the
 * body to `chain`), false to hand the request, untouched, to `chain` now.
 */
export function answerCreateOnServer(lane: CreateLane, req: IncomingMessage, res: ServerResponse, chain: RequestListener): boolean {
  if (req.method !== 'POST' || req.url !== CREATE_PATH) return false;
  const startedMs = performance.now();
  const { headers } = req;
  const declared = headers['content-length'];
  if (declared === undefined || !DIGITS.test(declared) || headers['transfer-encoding'] !== undefined) return false;
  const length = Number(declared);
  if (length === 0 || length > BODY_LIMIT_BYTES || headers.host === undefined || !PLAIN_HOST.test(headers.host)) return false;
  const counts = headerCounts(req.rawHeaders);
  if (counts.authorization !== 1 || counts.contentLength !== 1 || counts.contentType > 1) return false;
  if (!lane.admit(headers.authorization)) return false;
  readBody(req, length, (bytes) => {
    if (bytes === undefined) return writeAnswer(res, lane.aborted(startedMs));
    // what the chain checks only once the body is in: if it changed meanwhile, the chain answers
    const caller = lane.admit(headers.authorization);
    if (!caller) {
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = bytes;
      return void chain(req, res);
    }
    lane.answer(bytes, headers['content-type'], caller, startedMs).then(
      (answer) => writeAnswer(res, answer),
      (err: unknown) => res.destroy(err as Error), // answer() turns every error into a Problem; this is a bug
    );
  });
  return true;
}

/**
 * Read a body of declared length whole: its bytes, or undefined when the
 * client stopped sending (the connection closed before the body was in; a
 * body that was complete when the connection closed still counts, as
 * @hono/node-server counts it).
 */
function readBody(req: IncomingMessage, length: number, done: (bytes: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (complete: boolean) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    done(complete ? (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)) : undefined);
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  };
  req.on('data', onData);
  req.once('end', () => settle(true));
  req.once('close', () => settle(req.complete && received === length));
  req.on('error', () => undefined); // an aborted body: 'close' answers it
}
