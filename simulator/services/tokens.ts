/**
 * @module services/tokens
 * Issuing OAuth2 client-credentials tokens (REFERENCE.md §1.1): authenticate
 * the client, resolve the granted scopes, and store the token (dropping
 * expired ones in the same write). No HTTP here: the route parses the form and
 * HTTP Basic, and maps each outcome to its RFC 6749 §5.2 error.
 *
 * SANDBOX: Paxos documents no rule for an omitted `scope`. By default it grants
 * nothing (`omittedScope: 'none'`); `'all'` grants all of the client's scopes.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { ClientConfig } from '../config.js';
import type { Ids } from '../ids.js';
import type { Store } from '../store/store.js';

export interface TokenDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  clients: readonly ClientConfig[];
  tokenTtlSeconds: number;
  /** what a request without `scope` is granted (default none) */
  omittedScope?: 'none' | 'all';
}

/** A client-credentials request, already taken apart by the HTTP layer. */
export interface TokenRequest {
  clientId?: string;
  clientSecret?: string;
  /** the raw `scope` parameter (space-separated), if any */
  scope?: string;
}

export interface IssuedToken {
  access_token: string;
  expires_in: number;
  scopes: string[];
}

export type TokenOutcome =
  | { kind: 'issued'; token: IssuedToken }
  /** no client_id at all */
  | { kind: 'client_required' }
  /** unknown client or wrong secret */
  | { kind: 'client_rejected' }
  /** scopes the client may not have */
  | { kind: 'scope_not_granted'; missing: string[] };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function issueToken(deps: TokenDeps, request: TokenRequest): Promise<TokenOutcome> {
  const { clientId, clientSecret: secret } = request;
  if (!clientId) return { kind: 'client_required' };
  const client = deps.clients.find((x) => x.client_id === clientId);
  if (!client || secret === undefined || !sameSecret(secret, client.client_secret)) return { kind: 'client_rejected' };
  const omitted = request.scope === undefined || request.scope.trim() === '';
  const requested = omitted ? (deps.omittedScope === 'all' ? client.scopes : []) : request.scope!.split(/\s+/).filter(Boolean);
  const missing = requested.filter((s) => !client.scopes.includes(s));
  if (missing.length) return { kind: 'scope_not_granted', missing };
  const scopes = [...new Set(requested)];
  const token = deps.ids.token();
  const now = deps.clock.nowMs();
  await deps.store.transact((tx) => {
    // expired: expires_at ≤ now, read from the front of the expiry index (not every token)
    for (const old of tx.tokens.ordered('expires', { upTo: new Date(now).toISOString().slice(0, 23) })) tx.tokens.delete(old.token);
    tx.tokens.put(token, {
      token,
      client_id: client.client_id,
      scopes,
      expires_at: new Date(now + deps.tokenTtlSeconds * 1000).toISOString(),
    });
  });
  return { kind: 'issued', token: { access_token: token, expires_in: deps.tokenTtlSeconds, scopes } };
}
