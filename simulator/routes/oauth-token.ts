/**
 * @module routes/oauth-token
 * POST /oauth2/token: OAuth2 client credentials (REFERENCE.md §1.1).
 * Credentials in the form body (urlencoded or multipart) or HTTP Basic;
 * errors in the RFC 6749 §5.2 shape, not as Problems, as OAuth clients expect.
 *
 * SANDBOX: Paxos documents no error bodies, no Basic auth and no rule for an
 * omitted `scope`. OAuth servers like the one Paxos's token URL mimics grant
 * only what is requested, so by default an omitted `scope` grants nothing
 * (the token is issued with an empty scope; every /v2 call then answers 403
 * telling the caller to request scopes). `oauth.omitted_scope: all` restores
 * "all of the client's scopes".
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Clock } from '../clock.js';
import type { ClientConfig } from '../config.js';
import type { Ids } from '../ids.js';
import type { Store } from '../store/store.js';
import type { OAuthErrorCode } from '../../src/types.js';

export interface TokenDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  clients: readonly ClientConfig[];
  tokenTtlSeconds: number;
  /** what a request without `scope` is granted (default none) */
  omittedScope?: 'none' | 'all';
}

function oauthError(c: Context, status: 400 | 401, error: OAuthErrorCode, description: string): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="paxos-sim"';
  return c.json({ error, error_description: description }, status, headers);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readForm(c: Context): Promise<Record<string, string> | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return undefined;
  const parsed = await c.req.parseBody();
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') form[k] = v;
  return form;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined | 'malformed' {
  if (!header || !/^Basic\s/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const idx = decoded.indexOf(':');
  if (idx < 0) return 'malformed';
  // RFC 6749 §2.3.1: both parts are form-urlencoded before encoding.
  const un = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { id: un(decoded.slice(0, idx)), secret: un(decoded.slice(idx + 1)) };
  } catch {
    return 'malformed';
  }
}

export function createOAuthTokenRoutes(deps: TokenDeps): Hono {
  const app = new Hono();
  app.post('/', async function getAccessToken(c) {
    let form: Record<string, string> | undefined;
    try {
      form = await readForm(c);
    } catch {
      return oauthError(c, 400, 'invalid_request', 'the request body could not be parsed');
    }
    if (!form) {
      return oauthError(c, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded or multipart/form-data');
    }
    const grant = form.grant_type;
    if (!grant) return oauthError(c, 400, 'invalid_request', 'grant_type is required');
    if (grant !== 'client_credentials') {
      return oauthError(c, 400, 'unsupported_grant_type', `grant_type "${grant}" is not supported; use client_credentials`);
    }
    const basic = basicCredentials(c.req.header('authorization'));
    if (basic === 'malformed') return oauthError(c, 401, 'invalid_client', 'malformed HTTP Basic credentials');
    if (basic && form.client_id && form.client_id !== basic.id) {
      return oauthError(c, 400, 'invalid_request', 'client_id in the body and in HTTP Basic differ');
    }
    const clientId = basic?.id ?? form.client_id;
    const secret = basic?.secret ?? form.client_secret;
    if (!clientId) return oauthError(c, 401, 'invalid_client', 'client authentication is required (client_id and client_secret)');
    const client = deps.clients.find((x) => x.client_id === clientId);
    if (!client || secret === undefined || !sameSecret(secret, client.client_secret)) {
      return oauthError(c, 401, 'invalid_client', 'unknown client or wrong client secret');
    }
    const omitted = form.scope === undefined || form.scope.trim() === '';
    const requested = omitted ? (deps.omittedScope === 'all' ? client.scopes : []) : form.scope!.split(/\s+/).filter(Boolean);
    const missing = requested.filter((s) => !client.scopes.includes(s));
    if (missing.length) {
      return oauthError(c, 400, 'invalid_scope', `scope not granted to this client: ${missing.join(' ')}`);
    }
    const scopes = [...new Set(requested)];
    const token = deps.ids.token();
    const now = deps.clock.nowMs();
    await deps.store.transact((tx) => {
      for (const old of tx.tokens.filter((t) => Date.parse(t.expires_at) <= now)) tx.tokens.delete(old.token);
      tx.tokens.put(token, {
        token,
        client_id: client.client_id,
        scopes,
        expires_at: new Date(now + deps.tokenTtlSeconds * 1000).toISOString(),
      });
    });
    return c.json(
      { access_token: token, token_type: 'bearer', expires_in: deps.tokenTtlSeconds, scope: scopes.join(' ') },
      200,
      { 'cache-control': 'no-store' },
    );
  });
  app.all('/', (c) =>
    c.json({ error: 'invalid_request', error_description: `${c.req.method} is not allowed; use POST` }, 405, { allow: 'POST', 'cache-control': 'no-store' }),
  );
  return app;
}
