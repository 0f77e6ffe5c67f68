/**
 * @module services/request-log
 * A bounded, in-memory log of recent API requests (method, path, status,
 * client, identity), for the dashboard's per-identity timeline. Not persisted.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';

export interface RequestEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  client_id?: string;
  identity_id?: string;
  latency_ms: number;
  /** the injected fault, e.g. "fault-1: status 503" (faults/middleware.ts) */
  fault?: string;
}

export interface RequestLog {
  middleware: MiddlewareHandler;
  forIdentity(id: string): RequestEntry[];
  recent(limit?: number): RequestEntry[];
}

const IDENTITY_IN_PATH = /\/v2\/identity\/identities\/([0-9a-f-]{36})/i;

export function createRequestLog(clock: Clock, capacity = 5000): RequestLog {
  const entries: RequestEntry[] = [];
  return {
    middleware: async (c, next) => {
      const started = performance.now();
      await next();
      if (!c.req.path.startsWith('/v2/') && c.req.path !== '/oauth2/token') return;
      const get = c.get as (key: string) => unknown;
      const auth = get('auth') as { clientId?: string } | undefined;
      entries.push({
        at: clock.now().toISOString(),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        client_id: auth?.clientId,
        identity_id: IDENTITY_IN_PATH.exec(c.req.path)?.[1] ?? (get('identityId') as string | undefined),
        latency_ms: Math.round((performance.now() - started) * 10) / 10,
        ...(get('fault') !== undefined && { fault: get('fault') as string }),
      });
      if (entries.length > capacity) entries.splice(0, entries.length - capacity);
    },
    forIdentity: (id) => entries.filter((e) => e.identity_id === id),
    recent: (limit = 100) => entries.slice(-limit),
  };
}
