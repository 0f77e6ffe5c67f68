/**
 * @module services/request-log
 * A bounded, in-memory log of recent API requests (method, path, status,
 * client, identity), for the dashboard's per-identity timeline. Not persisted.
 *
 * A ring buffer: a request overwrites the oldest entry once `capacity`
 * (config `retention.request_log`) is reached, so logging costs the same at
 * the first request and the millionth. The timestamp is formatted only when
 * the log is read. Entries are held in columns (RequestColumns), not as objects. The Hono middleware that feeds it is http/request-log.ts.
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

/** bytes kept per entry for its path, and for its identity id, held as bytes (longer ones are kept as strings) */
const PATH_BYTES = 112;
const ID_BYTES = 48;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
/** distinct client ids kept as one string each (more are held as given) */
const CLIENT_IDS = 256;

/**
 * A ring of request entries held in columns: numbers in typed arrays, the
 * path and identity id as bytes in fixed slots (strings only for the rare
 * longer one), the method as a number and client ids as one shared string
 * each. An entry costs no objects on the heap: each entry lives for the next
 * `capacity` requests, long enough for V8 to move it to the old generation,
 * so entries held as objects (a few hundred bytes each, with their strings)
 * grew the old generation with every request until the next full collection.
 */
class RequestColumns {
  private readonly ring: Ring<number>;
  private readonly at: Float64Array;
  private readonly latency: Float64Array;
  private readonly status: Uint16Array;
  private readonly method: Uint8Array;
  private readonly paths: Buffer;
  private readonly pathLength: Uint8Array;
  private readonly ids: Buffer;
  /** 0: no identity; 1..ID_BYTES: bytes in `ids`; 255: in `longIds` */
  private readonly idLength: Uint8Array;
  /** strings that do not fit their slot (a long path, an odd method, a long identity id), a fault, a client id */
  private readonly other: Array<{ path?: string; method?: string; id?: string; fault?: string } | undefined>;
  private readonly client: Array<string | undefined>;
  private readonly clientIds = new Map<string, string>();
  private next = 0;
  constructor(readonly capacity: number) {
    // the ring only says which slots hold entries, oldest first
    this.ring = new Ring<number>(capacity);
    this.at = new Float64Array(capacity);
    this.latency = new Float64Array(capacity);
    this.status = new Uint16Array(capacity);
    this.method = new Uint8Array(capacity);
    this.paths = Buffer.alloc(capacity * PATH_BYTES);
    this.pathLength = new Uint8Array(capacity);
    this.ids = Buffer.alloc(capacity * ID_BYTES);
    this.idLength = new Uint8Array(capacity);
    this.other = new Array(capacity).fill(undefined);
    this.client = new Array(capacity).fill(undefined);
  }
  /** the string `s` as bytes in slot `i` of `buf` (slots of `width` bytes): its byte length, or -1 when it does not fit */
  private static put(buf: Buffer, i: number, width: number, s: string): number {
    if (s.length > width) return -1;
    const n = buf.write(s, i * width, width, 'utf8');
    // a string cut short (multi-byte characters over the slot's end) does not fit
    return n === Buffer.byteLength(s, 'utf8') ? n : -1;
  }
  record(e: LoggedRequest): void {
    const i = this.next;
    this.next = (i + 1) % this.capacity;
    this.ring.push(i);
    let other: { path?: string; method?: string; id?: string; fault?: string } | undefined;
    this.at[i] = e.atMs;
    this.latency[i] = e.latency_ms;
    this.status[i] = e.status;
    const m = METHODS.indexOf(e.method);
    this.method[i] = m + 1;
    if (m < 0) (other ??= {}).method = e.method;
    const pathBytes = RequestColumns.put(this.paths, i, PATH_BYTES, e.path);
    if (pathBytes < 0) (other ??= {}).path = e.path;
    this.pathLength[i] = Math.max(pathBytes, 0);
    const id = e.identity_id;
    const idBytes = id === undefined ? 0 : RequestColumns.put(this.ids, i, ID_BYTES, id);
    if (idBytes < 0) (other ??= {}).id = id;
    this.idLength[i] = idBytes < 0 ? 255 : idBytes;
    if (e.fault !== undefined) (other ??= {}).fault = e.fault;
    this.other[i] = other;
    this.client[i] = e.client_id === undefined ? undefined : this.clientId(e.client_id);
  }
  /** one string per client id (the one first seen), so an entry holds no string of its own */
  private clientId(id: string): string {
    const held = this.clientIds.get(id);
    if (held !== undefined) return held;
    if (this.clientIds.size < CLIENT_IDS) this.clientIds.set(id, id);
    return id;
  }
  /** the identity id of slot `i` (undefined: none) */
  private identityId(i: number): string | undefined {
    const n = this.idLength[i];
    if (n === 0) return undefined;
    if (n === 255) return this.other[i]!.id;
    return this.ids.toString('utf8', i * ID_BYTES, i * ID_BYTES + n);
  }
  private entry(i: number, identityId = this.identityId(i)): RequestEntry {
    const other = this.other[i];
    return {
      at: new Date(this.at[i]).toISOString(),
      method: other?.method ?? METHODS[this.method[i] - 1],
      path: other?.path ?? this.paths.toString('utf8', i * PATH_BYTES, i * PATH_BYTES + this.pathLength[i]),
      status: this.status[i],
      client_id: this.client[i],
      identity_id: identityId,
      latency_ms: this.latency[i],
      ...(other?.fault !== undefined && { fault: other.fault }),
    };
  }
  recent(limit: number): RequestEntry[] {
    return this.ring.last(limit).map((i) => this.entry(i));
  }
  forIdentity(id: string): RequestEntry[] {
    const out: RequestEntry[] = [];
    for (const i of this.ring.last()) {
      const held = this.identityId(i);
      if (held === id) out.push(this.entry(i, held));
    }
    return out;
  }
  get size(): number {
    return this.ring.size;
  }
}

export function createRequestLog(capacity = DEFAULT_REQUEST_LOG_CAPACITY): RequestLog {
  const columns = new RequestColumns(capacity);
  return {
    record: (entry) => columns.record(entry),
    forIdentity: (id) => columns.forIdentity(id),
    recent: (limit = 100) => columns.recent(limit),
    size: () => columns.size,
  };
}
