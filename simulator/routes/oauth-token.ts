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
import { Hono, type Context } from 'hono';
import { issueToken, type TokenDeps } from '../services/tokens.js';
import type { OAuthErrorCode } from '../../src/types.js';

function oauthError(c: Context, status: 400 | 401, error: OAuthErrorCode, description: string): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="paxos-sim"';
  return c.json({ error, error_description: description }, status, headers);
}

const rawUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The string fields of an application/x-www-form-urlencoded body, as Hono's
 * parseBody() gives them (the last value of a repeated name wins; `name[]`
 * fields are lists, so they are not strings), without building a Response
 * and a FormData to get there: the token request is the first request of
 * every run, so this is part of the start-up time.
 */
export function urlencodedStrings(bytes: ArrayBuffer): Record<string, string> {
  const form: Record<string, string> = {};
  // the URL standard's parser decodes names and values as UTF-8 without removing a BOM
  for (const [k, v] of new URLSearchParams(rawUtf8.decode(bytes))) if (!k.endsWith('[]')) form[k] = v;
  return form;
}

async function readForm(c: Context): Promise<Record<string, string> | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return undefined;
  if (type.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded') return urlencodedStrings(await c.req.arrayBuffer());
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
    const outcome = await issueToken(deps, { clientId: basic?.id ?? form.client_id, clientSecret: basic?.secret ?? form.client_secret, scope: form.scope });
    switch (outcome.kind) {
      case 'client_required':
        return oauthError(c, 401, 'invalid_client', 'client authentication is required (client_id and client_secret)');
      case 'client_rejected':
        return oauthError(c, 401, 'invalid_client', 'unknown client or wrong client secret');
      case 'scope_not_granted':
        return oauthError(c, 400, 'invalid_scope', `scope not granted to this client: ${outcome.missing.join(' ')}`);
      case 'issued': {
        const { token } = outcome;
        return c.json(
          { access_token: token.access_token, token_type: 'bearer', expires_in: token.expires_in, scope: token.scopes.join(' ') },
          200,
          { 'cache-control': 'no-store' },
        );
      }
    }
  });
  app.all('/', (c) =>
    c.json({ error: 'invalid_request', error_description: `${c.req.method} is not allowed; use POST` }, 405, { allow: 'POST', 'cache-control': 'no-store' }),
  );
  return app;
}
