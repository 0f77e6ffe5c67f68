/**
 * @module http/request-log
 * The Hono middleware that records each Paxos-surface request (`/v2/…` and
 * `/oauth2/token`) in the request log (services/request-log.ts): method, path,
 * status, client, identity, latency and any injected fault.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import type { RequestLog } from '../services/request-log.js';

const IDENTITY_IN_PATH = /\/v2\/identity\/identities\/([0-9a-f-]{36})/i;

export function requestLogMiddleware(log: RequestLog, clock: Clock): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const path = c.req.path;
    if (!path.startsWith('/v2/') && path !== '/oauth2/token') return;
    const get = c.get as (key: string) => unknown;
    const auth = get('auth') as { clientId?: string } | undefined;
    log.record({
      atMs: clock.nowMs(),
      method: c.req.method,
      path,
      status: c.res.status,
      client_id: auth?.clientId,
      identity_id: IDENTITY_IN_PATH.exec(path)?.[1] ?? (get('identityId') as string | undefined),
      latency_ms: Math.round((performance.now() - started) * 10) / 10,
      ...(get('fault') !== undefined && { fault: get('fault') as string }),
    });
  };
}
