/**
 * createDispatcher against a real HTTP receiver on 127.0.0.1: payload and
 * headers, retries on the simulator clock, give-up, slow/broken consumers,
 * and pending deliveries surviving a restart of a lowdb file store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../simulator/logger.js';
import { createStore } from '../../simulator/store/lowdb-store.js';
import { createDispatcher } from '../../simulator/webhooks/dispatcher.js';
import { addConsumer, closedPort, createKit, deliveryOf, emitEvent, eventOf, RETRY, startReceiver, T0, type Receiver } from './support.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

describe('createDispatcher: delivery', () => {
  it('POSTs the thin payload with the API-key header and records one successful attempt', async () => {
    const kit = await createKit();
    await addConsumer(kit, { url: `${receiver.url}/hooks`, auth: { type: 'api_key', header: 'X-Api-Key', value: 'k-123' } });
    const { event, deliveries } = await emitEvent(kit);
    expect(eventOf(kit.store, event.id).undelivered_webhooks).toBe(1);

    const report = await kit.dispatcher.drainOnce();

    expect(report).toMatchObject({ attempted: 1, succeeded: 1, retrying: 0, gave_up: 0 });
    const [req] = receiver.to('/hooks');
    expect(req.method).toBe('POST');
    expect(JSON.parse(req.body)).toStrictEqual({
      id: event.id, type: 'identity.approved', source: 'com.paxos', time: event.created_at, object: 'event', is_test: false,
    });
    expect.soft(req.headers['x-api-key']).toBe('k-123');
    expect.soft(req.headers['content-type']).toBe('application/json');
    expect.soft(req.headers['user-agent']).toBe('paxos-sim-webhooks/1');
    const d = deliveryOf(kit.store, deliveries[0].id);
    expect(d.status).toBe('succeeded');
    expect(d.next_attempt_at).toBeUndefined();
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ at: new Date(T0).toISOString(), status_code: 204 });
    expect(d.attempts[0].latency_ms).toBeGreaterThan(0);
    expect(eventOf(kit.store, event.id).undelivered_webhooks).toBe(0);
  });

  it('queues deliveries only for consumers whose event types and client match', async () => {
    const kit = await createKit();
    const all = await addConsumer(kit, { name: 'all', url: `${receiver.url}/all` });
    await addConsumer(kit, { name: 'denied-only', url: `${receiver.url}/denied`, event_types: ['identity.denied'] });
    await addConsumer(kit, { name: 'other-client', url: `${receiver.url}/other`, client_id: 'client-b' });
    const mine = await addConsumer(kit, { name: 'mine', url: `${receiver.url}/mine`, client_id: 'client-a', event_types: ['identity.approved'] });

    const { deliveries } = await emitEvent(kit, { type: 'identity.approved', clientId: 'client-a' });
    await kit.dispatcher.drainOnce();

    expect(deliveries.map((d) => d.consumer_id).sort()).toEqual([all.id, mine.id].sort());
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/all', '/mine']);
  });

  it('sends nothing that is not due and never sends one delivery twice from overlapping drains', async () => {
    const kit = await createKit();
    await addConsumer(kit, { url: `${receiver.url}/hooks` });
    await emitEvent(kit);

    const [a, b] = await Promise.all([kit.dispatcher.drainOnce(), kit.dispatcher.drainOnce()]);
    const again = await kit.dispatcher.drainOnce();

    expect(receiver.to('/hooks')).toHaveLength(1);
    expect(a.succeeded + b.succeeded).toBeGreaterThanOrEqual(1);
    expect(again.attempted).toBe(0);
  });
});

describe('createDispatcher: retries', () => {
  it('retries a consumer that fails 3 times, with growing delays from about 5 s, then succeeds once', async () => {
    const kit = await createKit();
    let calls = 0;
    receiver.on('/flaky', (_req, res) => {
      calls++;
      res.writeHead(calls <= 3 ? 500 : 200).end(calls <= 3 ? 'boom' : 'ok');
    });
    await addConsumer(kit, { url: `${receiver.url}/flaky` });
    const { event, deliveries } = await emitEvent(kit);
    const id = deliveries[0].id;

    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const report = await kit.dispatcher.drainOnce();
      expect(report.retrying).toBe(1);
      const d = deliveryOf(kit.store, id);
      delays.push(Date.parse(d.next_attempt_at!) - kit.clock.nowMs());
      // Not due yet: a drain now sends nothing.
      expect((await kit.dispatcher.drainOnce()).attempted).toBe(0);
      kit.clock.setTo(Date.parse(d.next_attempt_at!));
    }
    const final = await kit.dispatcher.drainOnce();

    expect(final.succeeded).toBe(1);
    expect(delays).toEqual([5_000, 10_000, 20_000]);
    const d = deliveryOf(kit.store, id);
    expect(d.status).toBe('succeeded');
    expect(d.attempts.map((a) => a.status_code)).toEqual([500, 500, 500, 200]);
    expect(d.attempts[0].error).toBe('HTTP 500: boom');
    expect(d.attempts.map((a) => Date.parse(a.at) - T0)).toEqual([0, 5_000, 15_000, 35_000]);
    expect(receiver.to('/flaky')).toHaveLength(4);
    expect(eventOf(kit.store, event.id).undelivered_webhooks).toBe(0);
  });

  it('gives up once the next attempt would fall more than 24 h after the first one', async () => {
    const kit = await createKit();
    receiver.on('/down', (_req, res) => res.writeHead(503).end());
    await addConsumer(kit, { url: `${receiver.url}/down` });
    const { event, deliveries } = await emitEvent(kit);
    const id = deliveries[0].id;

    let d = deliveryOf(kit.store, id);
    for (let guard = 0; d.status === 'pending' && guard < 100; guard++) {
      kit.clock.setTo(Date.parse(d.next_attempt_at!));
      await kit.dispatcher.drainOnce();
      d = deliveryOf(kit.store, id);
    }

    expect(d.status).toBe('failed');
    expect(d.next_attempt_at).toBeUndefined();
    const last = Date.parse(d.attempts.at(-1)!.at);
    expect(last - T0).toBeLessThanOrEqual(RETRY.giveUpAfterMs);
    // The capped hourly retry after the last attempt would have passed 24 h.
    expect(last + RETRY.maxDelayMs - T0).toBeGreaterThan(RETRY.giveUpAfterMs);
    expect(d.attempts.length).toBeGreaterThan(20);
    expect(eventOf(kit.store, event.id).undelivered_webhooks).toBe(1);
    // A failed delivery is never sent again.
    kit.clock.advanceBy(RETRY.giveUpAfterMs);
    expect((await kit.dispatcher.drainOnce()).attempted).toBe(0);
  });
});

describe('createDispatcher: broken consumers', () => {
  it('does not let a hanging consumer delay a healthy one in the same drain', async () => {
    const kit = await createKit({ timeoutMs: 500 });
    // Order, not wall-clock time: the healthy delivery must arrive while the hanging
    // one is still open, i.e. before the dispatcher gives up on it and drops the connection.
    const order: string[] = [];
    receiver.on('/hang', (_req, res) => void res.once('close', () => order.push('hang given up'))); // never answers
    // Registered first, so its delivery is first in line.
    const hang = await addConsumer(kit, { name: 'hang', url: `${receiver.url}/hang` });
    const ok = await addConsumer(kit, { name: 'ok', url: `${receiver.url}/ok` });
    const { deliveries } = await emitEvent(kit);
    expect(deliveries.map((d) => d.consumer_id)).toEqual([hang.id, ok.id]);

    const hangArrived = receiver.next('/hang').then(() => order.push('hang sent'));
    const healthyArrived = receiver.next('/ok').then(() => order.push('ok arrived'));
    const report = await kit.dispatcher.drainOnce();
    await Promise.all([hangArrived, healthyArrived]);
    await vi.waitFor(() => expect(order).toContain('hang given up'));

    expect(order.indexOf('ok arrived')).toBeLessThan(order.indexOf('hang given up'));
    expect(report).toMatchObject({ attempted: 2, succeeded: 1, retrying: 1 });
    const byConsumer = Object.fromEntries(report.results.map((r) => [r.consumer_id, r]));
    expect(byConsumer[ok.id].outcome).toBe('succeeded');
    expect(byConsumer[hang.id]).toMatchObject({ outcome: 'retrying', error: 'timed out after 500 ms' });
  });

  it('records a refused connection as a failed attempt with an error and no status', async () => {
    const kit = await createKit();
    await addConsumer(kit, { url: `http://127.0.0.1:${await closedPort()}/hooks` });
    const { deliveries } = await emitEvent(kit);

    await kit.dispatcher.drainOnce();

    const d = deliveryOf(kit.store, deliveries[0].id);
    expect(d.status).toBe('pending');
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0].status_code).toBeUndefined();
    expect(d.attempts[0].error).toMatch(/connection refused/);
    expect(Date.parse(d.next_attempt_at!) - T0).toBe(5_000);
  });

  it('records a connection closed without an answer as a failed attempt', async () => {
    const kit = await createKit();
    receiver.on('/rude', (_req, res) => res.socket?.destroy());
    await addConsumer(kit, { url: `${receiver.url}/rude` });
    const { deliveries } = await emitEvent(kit);

    const report = await kit.dispatcher.drainOnce();

    expect(report.retrying).toBe(1);
    const [attempt] = deliveryOf(kit.store, deliveries[0].id).attempts;
    expect(attempt.status_code).toBeUndefined();
    expect(attempt.error).toBeTruthy();
  });

  it('keeps serving other consumers from the background loop while one hangs', async () => {
    // The hung attempt would only end at its (long) timeout; the other consumer must be served meanwhile.
    const kit = await createKit({ timeoutMs: 60_000 });
    receiver.on('/hang', () => undefined);
    await addConsumer(kit, { name: 'hang', url: `${receiver.url}/hang`, event_types: ['identity.denied'] });
    await addConsumer(kit, { name: 'ok', url: `${receiver.url}/ok`, event_types: ['identity.approved'] });
    kit.dispatcher.start(20);
    try {
      const hungArrived = receiver.next('/hang');
      const hung = await emitEvent(kit, { type: 'identity.denied' });
      kit.dispatcher.kick();
      await hungArrived;
      const okArrived = receiver.next('/ok');
      await emitEvent(kit, { type: 'identity.approved' });
      kit.dispatcher.kick();
      await okArrived;
      // order, not wall-clock time: the ok delivery arrived while the hung one was still in flight
      expect(deliveryOf(kit.store, hung.deliveries[0].id).attempts).toEqual([]);
    } finally {
      await receiver.close();
      await kit.dispatcher.stop();
    }
  });
});

describe('createDispatcher: kick', () => {
  it('a kick arms no timer while no delivery is pending and none changed since the last drain; one after a delivery is queued sends it, also after a reset', async () => {
    // only timers are faked (the drain's HTTP is real); the background poll (1 h) never fires here
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const kit = await createKit();
    kit.dispatcher.start(3_600_000);
    /** timers a kick arms: 1 when it will drain, 0 when it has nothing to send */
    const armed = () => {
      const before = vi.getTimerCount();
      kit.dispatcher.kick();
      return vi.getTimerCount() - before;
    };
    try {
      // nothing known yet: the first kick drains
      expect(armed()).toBe(1);
      await vi.advanceTimersByTimeAsync(0);
      // nothing pending, nothing changed: no timer, no drain
      expect(armed()).toBe(0);
      // a consumer alone queues nothing
      await addConsumer(kit, { url: `${receiver.url}/hooks` });
      expect(armed()).toBe(0);
      // a delivery queued: the kick sends it
      const first = receiver.next('/hooks');
      const { deliveries } = await emitEvent(kit);
      expect(armed()).toBe(1);
      await vi.advanceTimersByTimeAsync(0);
      await first;
      await kit.dispatcher.drainOnce(); // waits for the send in flight
      expect(deliveryOf(kit.store, deliveries[0].id).status).toBe('succeeded');
      await kit.dispatcher.drainOnce(); // sees it delivered
      expect(armed()).toBe(0);
      // a reset replaces the collections (their versions start over): a delivery queued after it is still sent by a kick
      await kit.store.reset();
      await addConsumer(kit, { url: `${receiver.url}/again` });
      const second = receiver.next('/again');
      await emitEvent(kit);
      expect(armed()).toBe(1);
      await vi.advanceTimersByTimeAsync(0);
      expect((await second).method).toBe('POST');
    } finally {
      await kit.dispatcher.stop();
      vi.useRealTimers();
    }
  });
});

describe('createDispatcher: restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paxos-sim-webhooks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends deliveries that were pending when the previous process stopped', async () => {
    const path = join(dir, 'db.json');
    const before = await createKit({ store: await createStore({ storage: 'file', path }) });
    await addConsumer(before, { url: `${receiver.url}/hooks` });
    const { event, deliveries } = await emitEvent(before);
    // the first dispatcher never drains; its process stops (releasing the data file)
    await before.store.close();

    const store = await createStore({ storage: 'file', path });
    const dispatcher = createDispatcher({ store, clock: before.clock, ids: before.ids, logger: silentLogger, retry: RETRY, timeoutMs: 2_000 });
    const report = await dispatcher.drainOnce();

    expect(report.succeeded).toBe(1);
    expect(JSON.parse(receiver.to('/hooks')[0].body).id).toBe(event.id);
    await store.close();
    const reopened = await createStore({ storage: 'file', path });
    expect(deliveryOf(reopened, deliveries[0].id).status).toBe('succeeded');
    expect(eventOf(reopened, event.id).undelivered_webhooks).toBe(0);
    await reopened.close();
  });
});
