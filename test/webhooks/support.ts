/**
 * Test support for webhooks: a real HTTP receiver on 127.0.0.1 (port 0) that
 * records every request, plus a memory store / frozen clock / dispatcher kit
 * and a helper that appends an event with its deliveries the way the
 * simulator does (one transaction).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock, type Clock } from '../../simulator/clock.js';
import type { WebhookConsumerConfig } from '../../simulator/config.js';
import { sequentialIds, type Ids } from '../../simulator/ids.js';
import { silentLogger } from '../../simulator/logger.js';
import { createStore } from '../../simulator/store/lowdb-store.js';
import type { DeliveryRecord, EventRecord } from '../../simulator/store/shape.js';
import type { Store } from '../../simulator/store/store.js';
import { createDispatcher, type Dispatcher, type DispatcherDeps } from '../../simulator/webhooks/dispatcher.js';
import { enqueueDeliveries, registerConsumer } from '../../simulator/webhooks/outbox.js';

import { T0 } from '../support/time.js';

export { T0 };

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** performance.now() when the request had fully arrived */
  at: number;
}

export type Handler = (req: Received, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  requests: Received[];
  /** requests to one path */
  to(path: string): Received[];
  /** set the handler for a path (default: 204) */
  on(path: string, handler: Handler): void;
  /** resolves when the next request to `path` arrives */
  next(path: string): Promise<Received>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const handlers = new Map<string, Handler>();
  const waiters: Array<{ path: string; resolve: (r: Received) => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
      requests.push(rec);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].path === rec.path) waiters.splice(i, 1)[0].resolve(rec);
      }
      const handler = handlers.get(rec.path) ?? ((_r, out) => out.writeHead(204).end());
      handler(rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((r) => r.path === path),
    on: (path, handler) => void handlers.set(path, handler),
    next: (path) => new Promise((resolve) => waiters.push({ path, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Kit {
  store: Store;
  clock: Clock;
  ids: Ids;
  dispatcher: Dispatcher;
}

export const RETRY = { initialMs: 5_000, factor: 2, jitter: 0.2, maxDelayMs: 3_600_000, giveUpAfterMs: 86_400_000 };

/** Memory store, frozen clock at T0, sequential ids, dispatcher with `random` fixed at 0.5 (no jitter). */
export async function createKit(overrides: Partial<DispatcherDeps> & { store?: Store } = {}): Promise<Kit> {
  const store = overrides.store ?? (await createStore({ storage: 'memory' }));
  const clock = createClock({ wall: () => T0 });
  clock.freeze();
  const ids = sequentialIds();
  const dispatcher = createDispatcher({ store, clock, ids, logger: silentLogger, random: () => 0.5, retry: RETRY, timeoutMs: 2_000, ...overrides });
  return { store, clock, ids, dispatcher };
}

export async function addConsumer(kit: Pick<Kit, 'store' | 'clock' | 'ids'>, input: WebhookConsumerConfig) {
  return kit.store.transact((tx) => registerConsumer(tx, input, { now: kit.clock.now(), ids: kit.ids }));
}

/** Append an event and queue its deliveries in one transaction, as the simulator does. */
export async function emitEvent(
  kit: Pick<Kit, 'store' | 'clock' | 'ids'>,
  options: { type?: string; clientId?: string; entityId?: string; isTest?: boolean } = {},
): Promise<{ event: EventRecord; deliveries: DeliveryRecord[] }> {
  return kit.store.transact((tx) => {
    const event: EventRecord = {
      id: kit.ids.uuid(),
      type: options.type ?? 'identity.approved',
      object_type: 'identity_summary_status_change',
      object: { id: kit.ids.uuid(), identity_id: kit.ids.uuid(), old_summary_status: 'PENDING', new_summary_status: 'APPROVED' },
      created_at: kit.clock.now().toISOString(),
      undelivered_webhooks: 0,
      is_test: options.isTest ?? false,
      _sim: { client_id: options.clientId ?? 'client-a', entity_id: options.entityId ?? 'team-a', seq: tx.nextSeq() },
    };
    tx.events.put(event.id, event);
    const deliveries = enqueueDeliveries(tx, event, { now: kit.clock.now(), ids: kit.ids });
    return { event: tx.events.get(event.id)!, deliveries };
  });
}

export function deliveryOf(store: Store, id: string): DeliveryRecord {
  const d = store.read((db) => db.deliveries.get(id));
  if (!d) throw new Error(`no delivery ${id}`);
  return d;
}

export function eventOf(store: Store, id: string): EventRecord {
  const e = store.read((db) => db.events.get(id));
  if (!e) throw new Error(`no event ${id}`);
  return e;
}
