/**
 * @module services/request-log
 * A bounded, in-memory log of recent API requests (method, path, status,
 * client, identity), for the dashboard's per-identity timeline. Not persisted.
 *
 * A ring buffer: a request overwrites the oldest entry once `capacity`
 * (config `retention.request_log`) is reached, so logging costs the same at
 * the first request and the millionth. The timestamp is formatted only when
 * the log is read. The Hono middleware that feeds it is http/request-log.ts.
 */

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
  /** keep one request; `atMs` is formatted only when the log is read */
  record(entry: LoggedRequest): void;
  forIdentity(id: string): RequestEntry[];
  recent(limit?: number): RequestEntry[];
  /** entries held now (at most the capacity) */
  size(): number;
}

/** What the log keeps: the entry with its time as a number until it is read. */
export type LoggedRequest = Omit<RequestEntry, 'at'> & { atMs: number };

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

export const DEFAULT_REQUEST_LOG_CAPACITY = 5000;

export function createRequestLog(capacity = DEFAULT_REQUEST_LOG_CAPACITY): RequestLog {
  const ring = new Ring<LoggedRequest>(capacity);
  const present = ({ atMs, ...rest }: LoggedRequest): RequestEntry => ({ at: new Date(atMs).toISOString(), ...rest });
  return {
    record: (entry) => ring.push(entry),
    forIdentity: (id) => ring.last().filter((e) => e.identity_id === id).map(present),
    recent: (limit = 100) => ring.last(limit).map(present),
    size: () => ring.size,
  };
}
