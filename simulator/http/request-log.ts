/**
 * @module http/request-log
 * The Hono middleware that records each Paxos-surface request (`/v2/…` and
 * `/oauth2/token`) in the request log (services/request-log.ts): method, path,
 * status, client, identity, latency and any injected fault. The entry is made
 * by recordRequest, which the GET Identity fast lane (http/fast-lane.ts) uses too.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import type { RequestLog } from '../services/request-log.js';

const IDENTITY_IN_PATH = /\/v2\/identity\/identities\/([0-9a-f-]{36})/i;

/** Whether a request to `path` is logged: the Paxos surface only. */
export const isLoggedPath = (path: string): boolean => path.startsWith('/v2/') || path === '/oauth2/token';

/** One answered request, as the log is told about it. */
export interface AnsweredRequest {
  method: string;
  path: string;
  status: number;
  /** the caller, when bearer authentication got that far */
  auth: { clientId?: string } | undefined;
  /** the identity a request made (a create), when its path names none */
  identityId: string | undefined;
  /** the injected fault, if any */
  fault: string | undefined;
  /** performance.now() when the request arrived */
  startedMs: number;
}

export function recordRequest(log: RequestLog, clock: Clock, r: AnsweredRequest): void {
  const entry: Parameters<RequestLog['record']>[0] = {
    atMs: clock.nowMs(),
    method: r.method,
    path: r.path,
    status: r.status,
    client_id: r.auth?.clientId,
    identity_id: IDENTITY_IN_PATH.exec(r.path)?.[1] ?? r.identityId,
    latency_ms: Math.round((performance.now() - r.startedMs) * 10) / 10,
  };
  if (r.fault !== undefined) entry.fault = r.fault;
  log.record(entry);
}

export function requestLogMiddleware(log: RequestLog, clock: Clock): MiddlewareHandler {
  return async (c, next) => {
    const startedMs = performance.now();
    await next();
    const path = c.req.path;
    if (!isLoggedPath(path)) return;
    const get = c.get as (key: string) => unknown;
    recordRequest(log, clock, {
      method: c.req.method,
      path,
      status: c.res.status,
      auth: get('auth') as { clientId?: string } | undefined,
      identityId: get('identityId') as string | undefined,
      fault: get('fault') as string | undefined,
      startedMs,
    });
  };
}
