/**
 * @module http/auth
 * Bearer-token middleware for the /v2 surface: looks the opaque token up in the
 * store, checks expiry on the simulator clock, and checks the route's scopes.
 * 401 for a missing/unknown/expired token, 403 for insufficient scope
 * (REFERENCE.md §1.5).
 *
 * Tokens are checked against the current configuration on every request: a
 * token whose client is no longer configured is refused (401), and a token
 * only ever carries the scopes its client still has (fewer scopes → 403).
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import type { ClientConfig } from '../config.js';
import type { EntityDirectory } from '../domain/entities.js';
import type { Store } from '../store/store.js';
import { insufficientScope, unauthorized } from './problem.js';

export interface AuthContext {
  clientId: string;
  /** the entity the client belongs to (owner of identities, events and webhooks) */
  entityId: string;
  scopes: string[];
}

export type AuthEnv = { Variables: { auth: AuthContext; identityId?: string } };

export interface BearerAuthDeps {
  store: Store;
  clock: Clock;
  entities: EntityDirectory;
  clients?: () => readonly ClientConfig[];
}

/**
 * The bearer check itself, apart from Hono: the middleware below and the GET
 * Identity fast lane (http/fast-lane.ts) share one, so they share its caches
 * and give the same answer for the same header.
 */
export interface BearerAuthenticator {
  /** The caller of an Authorization header, or a 401 ProblemError (thrown). */
  authenticate(header: string | undefined): AuthContext;
}

export function createBearerAuthenticator(deps: BearerAuthDeps): BearerAuthenticator {
  // A token record never changes once issued (it is only deleted: expiry sweep, reset), so
  // what was parsed from it is kept; each request only asks the store whether it still exists.
  // The AuthContext a request gets is kept too, for as long as the configured clients are the
  // same list (it is read-only for the handlers).
  interface Parsed {
    clientId: string;
    scopes: string[];
    expiresMs: number;
    context?: { for: readonly ClientConfig[] | undefined; auth: AuthContext };
  }
  const parsed = new Map<string, Parsed>();
  const lookup = (token: string): Parsed | undefined => {
    const record = deps.store.read((db) => (parsed.has(token) ? db.tokens.has(token) : db.tokens.get(token)));
    if (!record) {
      parsed.delete(token);
      return undefined;
    }
    let entry = parsed.get(token);
    if (!entry) {
      const { client_id, scopes, expires_at } = record as Exclude<typeof record, boolean>;
      entry = { clientId: client_id, scopes, expiresMs: Date.parse(expires_at) };
      parsed.set(token, entry);
    }
    return entry;
  };
  /** The token's AuthContext under the current configuration; throws 401 when its client is no longer configured. */
  const contextOf = (token: Parsed): AuthContext => {
    const clients = deps.clients?.();
    if (token.context && token.context.for === clients) return token.context.auth;
    const clientId = token.clientId;
    // A token kept in the data file from a client the configuration no longer lists is not valid.
    if (!deps.entities.knows(clientId)) throw unauthorized('invalid or expired token');
    let scopes = [...token.scopes];
    if (clients) {
      // the client's current scopes bound what an older token may do
      const client = clients.find((x) => x.client_id === clientId);
      if (!client) throw unauthorized('invalid or expired token');
      scopes = scopes.filter((s) => client.scopes.includes(s));
    }
    const auth = { clientId, entityId: deps.entities.of(clientId), scopes };
    token.context = { for: clients, auth };
    return auth;
  };
  return {
    authenticate(header) {
      if (!header) throw unauthorized('no authorization header set');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw unauthorized('authorization header must be "Bearer <access_token>"');
      const token = lookup(match[1]);
      if (!token) throw unauthorized('invalid or expired token');
      if (token.expiresMs <= deps.clock.nowMs()) {
        parsed.delete(match[1]);
        throw unauthorized('invalid or expired token');
      }
      return contextOf(token);
    },
  };
}

/**
 * Authenticate every request under the router it is mounted on (with its own
 * authenticator, or a shared one).
 */
export function bearerAuth(deps: BearerAuthDeps | BearerAuthenticator): MiddlewareHandler<AuthEnv> {
  const auth = 'authenticate' in deps ? deps : createBearerAuthenticator(deps);
  return async (c, next) => {
    c.set('auth', auth.authenticate(c.req.header('authorization')));
    await next();
  };
}

/** Whether scopes hold one of `required` (requireScope's test). */
export const hasScope = (scopes: readonly string[], required: readonly string[]): boolean => required.some((s) => scopes.includes(s));

/** Require one of `required` scopes, e.g. requireScope('identity:write_identity'). */
export function requireScope(...required: string[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { scopes } = c.get('auth');
    if (!hasScope(scopes, required)) throw insufficientScope(scopes, required);
    await next();
  };
}
