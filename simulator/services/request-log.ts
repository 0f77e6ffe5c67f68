/**
 * @module services/request-log
 * A bounded, in-memory log of recent API requests (method, path, status,
 * client, identity), for the dashboard's per-identity timeline. Not persisted.
 *
 * A ring buffer: a request overwrites the oldest entry once `capacity`
 * (config `retention.request_log`) is reached, so logging costs the same at
 * the first request and the millionth. The timestamp is formatted only when
 * the log is read.
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
  /** entries held now (at most the capacity) */
  size(): number;
}

/** What the middleware keeps: the entry with its time as a number until it is read. */
type Slot = Omit<RequestEntry, 'at'> & { atMs: number };

/** A fixed-size ring of the newest `capacity` items, oldest first when read. */
export class Ring<T> {
  private readonly slots: Array<T | undefined>;
  private next = 0;
  private filled = 0;
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('a ring needs a capacity of at least 1');
    this.slots = new Array<T | undefined>(capacity);
  }
  push(item: T): void {
    this.slots[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }
  get size(): number {
    return this.filled;
  }
  /** The newest `limit` items (all by default), oldest first. */
  last(limit = this.filled): T[] {
    const n = Math.max(0, Math.min(limit, this.filled));
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = this.slots[(this.next - n + i + this.capacity) % this.capacity] as T;
    return out;
  }
}

const IDENTITY_IN_PATH = /\/v2\/identity\/identities\/([0-9a-f-]{36})/i;

export const DEFAULT_REQUEST_LOG_CAPACITY = 5000;

export function createRequestLog(clock: Clock, capacity = DEFAULT_REQUEST_LOG_CAPACITY): RequestLog {
  const ring = new Ring<Slot>(capacity);
  const present = ({ atMs, ...rest }: Slot): RequestEntry => ({ at: new Date(atMs).toISOString(), ...rest });
  return {
    middleware: async (c, next) => {
      const started = performance.now();
      await next();
      const path = c.req.path;
      if (!path.startsWith('/v2/') && path !== '/oauth2/token') return;
      const get = c.get as (key: string) => unknown;
      const auth = get('auth') as { clientId?: string } | undefined;
      ring.push({
        atMs: clock.nowMs(),
        method: c.req.method,
        path,
        status: c.res.status,
        client_id: auth?.clientId,
        identity_id: IDENTITY_IN_PATH.exec(path)?.[1] ?? (get('identityId') as string | undefined),
        latency_ms: Math.round((performance.now() - started) * 10) / 10,
        ...(get('fault') !== undefined && { fault: get('fault') as string }),
      });
    },
    forIdentity: (id) => ring.last().filter((e) => e.identity_id === id).map(present),
    recent: (limit = 100) => ring.last(limit).map(present),
    size: () => ring.size,
  };
}
