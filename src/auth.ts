/**
 * @module auth
 * OAuth2 client-credentials tokens for one client instance (REFERENCE.md §1.1).
 *
 * The token is fetched lazily on first use, cached in this instance only (never
 * module state, so two clients with different credentials never share one),
 * refreshed 60 s before `expires_in` runs out, and refreshed by at most one
 * request at a time however many callers are waiting for it.
 */
import { PaxosAuthError } from './errors.js';
import { fetchWithin, type FetchLike } from './fetch.js';
import type { OAuthError, TokenResponse } from './types.js';

/** Refresh this long before the server-side expiry (Paxos's own SDK does the same). */
export const REFRESH_MARGIN_MS = 60_000;

export interface TokenSourceOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent as one space-separated `scope` field; omitted when empty. */
  scopes?: readonly string[];
  fetch: FetchLike;
  /** Clock for expiry, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Timeout of one token request. Default 30 s. */
  timeoutMs?: number;
}

export interface TokenSource {
  /** A valid access token, from the cache or freshly fetched. Throws PaxosAuthError. */
  get(): Promise<string>;
  /** Forget `token` (e.g. after a 401) so the next get() fetches a new one. */
  invalidate(token: string): void;
}

/**
 * @example
 * const tokens = createTokenSource({ tokenUrl, clientId, clientSecret, fetch });
 * headers.set('authorization', `Bearer ${await tokens.get()}`);
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { now = () => Date.now(), timeoutMs = 30_000 } = options;
  let cached: { token: string; refreshAtMs: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function refresh(): Promise<string> {
    const issuedAt = now();
    const body = await requestToken(options, timeoutMs);
    const lifetimeMs = body.expires_in * 1000;
    cached = { token: body.access_token, refreshAtMs: issuedAt + Math.max(0, lifetimeMs - REFRESH_MARGIN_MS) };
    return body.access_token;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAtMs) return Promise.resolve(cached.token);
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

async function requestToken(options: TokenSourceOptions, timeoutMs: number): Promise<TokenResponse> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  if (options.scopes?.length) form.set('scope', options.scopes.join(' '));
  const request = new Request(options.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form,
  });
  let response: Response;
  try {
    response = await fetchWithin(options.fetch, request, timeoutMs);
  } catch (err) {
    throw new PaxosAuthError(`token endpoint ${options.tokenUrl} unreachable: ${(err as Error).message}`, { cause: err });
  }
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const oauth = isOAuthError(json) ? json : undefined;
    const reason = oauth ? `${oauth.error}${oauth.error_description ? `: ${oauth.error_description}` : ''}` : snippet(text);
    throw new PaxosAuthError(`token request failed with HTTP ${response.status} (${reason})`, {
      status: response.status,
      error: oauth?.error,
      errorDescription: oauth?.error_description,
    });
  }
  if (!isTokenResponse(json)) {
    throw new PaxosAuthError(`token endpoint answered HTTP ${response.status} without a usable token (${snippet(text)})`, {
      status: response.status,
    });
  }
  return json;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isOAuthError(value: unknown): value is OAuthError {
  return typeof value === 'object' && value !== null && typeof (value as OAuthError).error === 'string';
}

function isTokenResponse(value: unknown): value is TokenResponse {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TokenResponse>;
  return typeof v.access_token === 'string' && v.access_token.length > 0
    && typeof v.expires_in === 'number' && Number.isFinite(v.expires_in) && v.expires_in > 0
    && typeof v.token_type === 'string' && v.token_type.toLowerCase() === 'bearer';
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return 'empty body';
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}
