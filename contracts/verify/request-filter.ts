/**
 * @module contracts/verify/request-filter
 * The verifier's request filter: it rewrites every request the Pact verifier
 * replays before it reaches the target, so that credentials exist only at
 * verification time and never in a pact file:
 * - API requests get the path prefix of the target's base URL and a real
 *   bearer token (full scopes, narrow scopes, or a token nobody issued,
 *   depending on the current provider state);
 * - token requests get the path of the target's token URL and the real
 *   `client_id` / `client_secret` in place of the pact's placeholders.
 * Requests to pact-js's own state and message endpoints pass untouched.
 */
import type { IncomingMessage } from 'node:http';
import type { AuthSwitch } from '../provider/state-handlers.js';
import { API_PREFIX, TOKEN_PATH } from '../consumer/participants.js';

/** The slice of an Express request the filter touches (pact-js runs Express; its types are not installed). */
export type ProxiedRequest = IncomingMessage & { url: string; body?: unknown };
export type RequestFilter = (req: ProxiedRequest, res: unknown, next: (err?: unknown) => void) => void;

/** pact-js's own routes on the verification proxy. */
const PACT_INTERNAL = /^\/(_pactSetup|_messages)(\/|$|\?)/;

export interface ApiFilterOptions {
  /** Path of the target's API base URL, e.g. `/v2` (simulator and Paxos) or `/paxos/v2` behind a gateway. */
  basePath: string;
  auth: AuthSwitch;
  tokens: { full(): Promise<string>; narrow(): Promise<string> };
  /** Sent when the state says the token is invalid. */
  invalidToken: string;
}

/**
 * @example new Verifier({ requestFilter: createApiRequestFilter({ basePath: '/v2', auth, tokens, invalidToken }) as never, … })
 */
export function createApiRequestFilter(options: ApiFilterOptions): RequestFilter {
  const { basePath, auth, tokens, invalidToken } = options;
  return (req, _res, next) => {
    if (PACT_INTERNAL.test(req.url)) return next();
    const run = async () => {
      req.url = replacePrefix(req.url, API_PREFIX, basePath);
      const token = auth.mode === 'invalid' ? invalidToken : auth.mode === 'narrow' ? await tokens.narrow() : await tokens.full();
      req.headers.authorization = `Bearer ${token}`;
      reserialise(req);
    };
    run().then(() => next(), next);
  };
}

/**
 * @example new Verifier({ requestFilter: createTokenRequestFilter({ tokenPath: '/oauth2/token', clientId, clientSecret }) as never, … })
 */
export function createTokenRequestFilter(options: { tokenPath: string; clientId: string; clientSecret: string }): RequestFilter {
  return (req, _res, next) => {
    if (PACT_INTERNAL.test(req.url)) return next();
    req.url = replacePrefix(req.url, TOKEN_PATH, options.tokenPath);
    const form = req.body;
    if (typeof form === 'object' && form !== null && !Buffer.isBuffer(form)) {
      // body-parser turned the form into an object; send it as a form again, with the real credentials.
      const fields = new URLSearchParams(form as Record<string, string>);
      if (fields.has('client_id')) fields.set('client_id', options.clientId);
      if (fields.has('client_secret')) fields.set('client_secret', options.clientSecret);
      setBody(req, Buffer.from(fields.toString()));
    }
    next();
  };
}

function replacePrefix(url: string, prefix: string, replacement: string): string {
  if (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) return `${replacement.replace(/\/+$/, '')}${url.slice(prefix.length)}`;
  return url;
}

/** The proxy re-sends a parsed JSON body with JSON.stringify; make its length header agree. */
function reserialise(req: ProxiedRequest): void {
  const body = req.body;
  if (body === undefined || Buffer.isBuffer(body)) return;
  if (typeof body === 'object' && body !== null && Object.keys(body).length === 0 && !req.headers['content-length']) return;
  setBody(req, Buffer.from(JSON.stringify(body)));
}

function setBody(req: ProxiedRequest, bytes: Buffer): void {
  req.body = bytes;
  req.headers['content-length'] = String(bytes.byteLength);
}
