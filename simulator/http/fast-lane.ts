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
 * `content-type: application/json`, the same body. The answer is returned
 * synchronously, which lets @hono/node-server write it at once.
 *
 * Everything else goes to the chain, which answers exactly as it always did:
 * other methods and paths, a query string, an encoded id, and every failure
 * (401, 403, 404): the lane changes nothing before it hands a request over
 * (an authenticator only drops what it had cached about a token that is gone).
 */
import type { Hono } from 'hono';
import type { Clock } from '../clock.js';
import type { FaultEngine } from '../faults/engine.js';
import type { SimContext } from '../services/context.js';
import { getIdentityJson } from '../services/identities.js';
import type { RequestLog } from '../services/request-log.js';
import { hasScope, type BearerAuthenticator } from './auth.js';
import { recordRequest } from './request-log.js';
import type { RequestValidator } from './validate.js';

const PREFIX = '/v2/identity/identities/';
/** ids the lane takes: what Hono's `:id` would hand the route unchanged (no decoding, no other route) */
const PLAIN_ID = /^[0-9A-Za-z_-]+$/;
/** the route's scope (routes/identities.ts READ) */
const READ = ['identity:read_identity'];
/** the route's content type for the JSON text it answers (routes/identities.ts JSON_TYPE) */
const JSON_TYPE = 'application/json';

export interface FastLaneDeps {
  ctx: SimContext;
  auth: BearerAuthenticator;
  validator: RequestValidator;
  requests: RequestLog;
  clock: Clock;
  faults: FaultEngine;
}

/**
 * The lane's answer to a request, or undefined to hand it to the chain.
 *
 * @example
 * const lane = fastLane(deps);
 * const fetch = (req: Request, env?: unknown) => lane(req) ?? app.fetch(req, env);
 */
export function fastLane(deps: FastLaneDeps): (req: Request) => Response | undefined {
  const { ctx, auth, validator, requests, clock, faults } = deps;
  // GET Identity's query parameters when there are none (the route validates `{}` the same way)
  let defaults: { includeDetails?: boolean; includeMembers?: boolean } | undefined;
  return (req) => {
    if (req.method !== 'GET') return undefined;
    const startedMs = performance.now();
    const url = req.url;
    // the path as Hono finds it (hono/utils/url getPath): from the first '/' after the scheme
    const start = url.indexOf('/', url.indexOf(':') + 4);
    if (start < 0 || !url.startsWith(PREFIX, start)) return undefined;
    const id = url.slice(start + PREFIX.length);
    if (!PLAIN_ID.test(id) || faults.hasApiRules()) return undefined;
    let json: string;
    let clientId: string;
    try {
      const caller = auth.authenticate(req.headers.get('authorization') ?? undefined);
      if (!hasScope(caller.scopes, READ)) return undefined;
      if (!defaults) {
        const q = validator.query('GetIdentity', {});
        defaults = { includeDetails: q.include_details, includeMembers: q.include_institution_members };
      }
      clientId = caller.clientId;
      json = getIdentityJson(ctx, clientId, id, defaults);
    } catch {
      return undefined; // the chain answers it (and logs it), as it always has
    }
    recordRequest(requests, clock, { method: 'GET', path: url.slice(start), status: 200, auth: { clientId }, identityId: undefined, fault: undefined, startedMs });
    return new Response(json, { status: 200, headers: { 'content-type': JSON_TYPE } });
  };
}

/**
 * Put the lane in front of an app: `app.fetch` (what the server calls, and
 * what `app.request` calls) tries the lane first.
 */
export function withFastLane<A extends Hono>(app: A, deps: FastLaneDeps): A {
  const lane = fastLane(deps);
  const chain = app.fetch;
  app.fetch = (req, ...rest) => lane(req) ?? chain(req, ...rest);
  return app;
}
