/**
 * @module http/fast-lane
 * GET Identity answered beside Hono's router and middleware chain: the most
 * frequent Paxos call, and one whose chain (request log, body limit, faults,
 * rate limit, bearer auth, scope, route) does nothing but check and log when
 * it succeeds.
 *
 * The lane takes `GET /v2/identity/identities/{id}` with a plain id (letters,
 * digits, `-`, `_`) and no query string, and only while no API fault rule is
 * active and rate limits are off. It does what the chain does on success,
 * with the same parts: bearer authentication (http/auth.ts, the same
 * authenticator and its caches), the `identity:read_identity` scope, the
 * route's query defaults, the service (getIdentityJson), the request-log
 * entry (http/request-log.ts recordRequest), and the same answer: 200,
 * `content-type: application/json`, the same body. It runs in `app.fetch`
 * (so `app.request` and in-process clients get it) and, on a real port, in
 * the HTTP server's request listener before @hono/node-server builds a
 * Request (answerOnServer, server.ts).
 *
 * Everything else goes to the chain, which answers exactly as it always did:
 * other methods and paths, a query string, an encoded id, and every failure
 * (401, 403, 404): the lane changes nothing before it hands a request over
 * (an authenticator only drops what it had cached about a token that is gone).
 *
 * Create Identity has a lane of its own on the server (http/create-lane.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import type { Clock } from '../clock.js';
import type { FaultEngine } from '../faults/engine.js';
import type { SimContext } from '../services/context.js';
import { getIdentityJson } from '../services/identities.js';
import type { RequestLog } from '../services/request-log.js';
import { hasScope, type BearerAuthenticator } from './auth.js';
import { recordRequest } from './request-log.js';
import type { RequestValidator } from './validate.js';
import { JSON_TYPE, READ_SCOPES } from '../routes/identities.js';

const PREFIX = '/v2/identity/identities/';
/** ids the lane takes: what Hono's `:id` would hand the route unchanged (no decoding, no other route) */
const PLAIN_ID = /^[0-9A-Za-z_-]+$/;

/** A lane's parts, each the chain's own (also the create lane's, http/create-lane.ts). */
export interface FastLaneDeps {
  ctx: SimContext;
  auth: BearerAuthenticator;
  validator: RequestValidator;
  requests: RequestLog;
  clock: Clock;
  faults: FaultEngine;
}

/** The lane over its parts: the answer's JSON for a request it takes (logged), else undefined. */
export interface FastLane {
  /**
   * The JSON text answering `GET <path>` (the path with its query string, if
   * any) with this Authorization header, logged as answered; or undefined,
   * with nothing done, for a request the chain must answer.
   */
  answer(path: string, authorization: string | undefined, startedMs: number): string | undefined;
}

export function createFastLane(deps: FastLaneDeps): FastLane {
  const { ctx, auth, validator, requests, clock, faults } = deps;
  // GET Identity's query parameters when there are none (the route validates `{}` the same way)
  let defaults: { includeDetails?: boolean; includeMembers?: boolean } | undefined;
  return {
    answer(path, authorization, startedMs) {
      if (!path.startsWith(PREFIX)) return undefined;
      const id = path.slice(PREFIX.length);
      if (!PLAIN_ID.test(id) || faults.hasApiRules()) return undefined;
      let json: string;
      let clientId: string;
      try {
        const caller = auth.authenticate(authorization);
        if (!hasScope(caller.scopes, READ_SCOPES)) return undefined;
        if (!defaults) {
          const q = validator.query('GetIdentity', {});
          defaults = { includeDetails: q.include_details, includeMembers: q.include_institution_members };
        }
        clientId = caller.clientId;
        json = getIdentityJson(ctx, clientId, id, defaults);
      } catch {
        return undefined; // the chain answers it (and logs it), as it always has
      }
      recordRequest(requests, clock, { method: 'GET', path, status: 200, auth: { clientId }, identityId: undefined, fault: undefined, startedMs });
      return json;
    },
  };
}

const lanes = new WeakMap<Hono, FastLane>();
/** The lane put in front of `app` (withFastLane), for the server to use before the app. */
export const fastLaneOf = (app: Hono): FastLane | undefined => lanes.get(app);

/**
 * Put the lane in front of an app: `app.fetch` (what `app.request` calls,
 * and the server's fallback) tries the lane first.
 */
export function withFastLane<A extends Hono>(app: A, lane: FastLane): A {
  lanes.set(app, lane);
  const chain = app.fetch;
  app.fetch = (req, ...rest) => {
    if (req.method !== 'GET') return chain(req, ...rest);
    const startedMs = performance.now();
    const url = req.url;
    // the path as Hono finds it (hono/utils/url getPath): from the first '/' after the scheme
    const json = lane.answer(url.slice(url.indexOf('/', url.indexOf(':') + 4)), req.headers.get('authorization') ?? undefined, startedMs);
    return json === undefined ? chain(req, ...rest) : new Response(json, { status: 200, headers: { ...JSON_TYPE } });
  };
  return app;
}

/** What @hono/node-server takes as a host without re-parsing the URL (its reValidHost); the create lane's test too. */
export const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/**
 * The lane on the HTTP server, before @hono/node-server builds a Request and
 * Hono a Context for it: true when it answered (`res` written), false to
 * hand the request to the app. Takes only what the app would see the same
 * way: method exactly `GET`, a plain Host, one Authorization line (Hono
 * joins repeated lines, Node keeps the first).
 */
export function answerOnServer(lane: FastLane, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const startedMs = performance.now();
  const { url, headers, rawHeaders } = req;
  if (url === undefined || !url.startsWith(PREFIX) || headers.host === undefined || !PLAIN_HOST.test(headers.host)) return false;
  let authorizations = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].length === 13 && rawHeaders[i].toLowerCase() === 'authorization') authorizations++;
  if (authorizations > 1) return false;
  const json = lane.answer(url, headers.authorization, startedMs);
  if (json === undefined) return false;
  writeWithRecord(res, 200, JSON_TYPE, json);
  return true;
}

/**
 * Write an answer whose headers are one plain record, as @hono/node-server
 * writes one (its trySetContentLength): the length as Node's `_contentLength`
 * (Node adds Content-Length after its own Date, Connection and Keep-Alive
 * lines), then writeHead with the record, which Node writes without copying
 * it into its per-response header map (setHeader's map took V8's slow
 * keyed-store path on every answer). Both lanes answer this way.
 */
export function writeWithRecord(res: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: string): void {
  (res as ServerResponse & { _contentLength: number | null })._contentLength = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}
