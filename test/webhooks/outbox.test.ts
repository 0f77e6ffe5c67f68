/**
 * The outbox and consumer registry: undelivered counting, removal, config
 * sync with stable ids, and the retry schedule's arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { configConsumerId, countUndelivered, enqueueDeliveries, removeConsumer, syncConfigConsumers } from '../../simulator/webhooks/outbox.js';
import { backoffDelay, nextAttemptAt } from '../../simulator/webhooks/retry.js';
import { addConsumer, createKit, deliveryOf, emitEvent, eventOf, RETRY } from './support.js';

describe('countUndelivered', () => {
  it('counts consumers without a successful delivery, so a successful resend clears a failure', async () => {
    const kit = await createKit();
    const a = await addConsumer(kit, { name: 'a', url: 'http://127.0.0.1:9/a' });
    await addConsumer(kit, { name: 'b', url: 'http://127.0.0.1:9/b' });
    const { event, deliveries } = await emitEvent(kit);
    expect(eventOf(kit.store, event.id).undelivered_webhooks).toBe(2);

    await kit.store.transact((tx) => {
      const first = deliveries.find((d) => d.consumer_id === a.id)!;
      tx.deliveries.put(first.id, { ...first, status: 'failed' });
      const resent = enqueueDeliveries(tx, tx.events.get(event.id)!, { now: kit.clock.now(), ids: kit.ids }, { consumerId: a.id });
      expect(resent).toHaveLength(1);
      tx.deliveries.put(resent[0].id, { ...resent[0], status: 'succeeded' });
      expect(countUndelivered(tx, event.id)).toBe(1);
    });
  });
});

describe('removeConsumer', () => {
  it('removes the consumer and cancels its pending deliveries', async () => {
    const kit = await createKit();
    const c = await addConsumer(kit, { url: 'http://127.0.0.1:9/x' });
    const { deliveries } = await emitEvent(kit);

    expect(await kit.store.transact((tx) => removeConsumer(tx, c.id))).toBe(true);
    expect(await kit.store.transact((tx) => removeConsumer(tx, c.id))).toBe(false);

    expect(kit.store.read((db) => db.consumers.count())).toBe(0);
    const d = deliveryOf(kit.store, deliveries[0].id);
    expect(d.status).toBe('failed');
    expect(d.next_attempt_at).toBeUndefined();
    expect((await kit.dispatcher.drainOnce()).attempted).toBe(0);
  });
});

describe('syncConfigConsumers', () => {
  it('replaces config consumers, keeps api ones, and keeps ids (and pending deliveries) for unchanged name+url', async () => {
    const kit = await createKit();
    const ctx = { now: kit.clock.now(), ids: kit.ids };
    const api = await addConsumer(kit, { name: 'api', url: 'http://127.0.0.1:9/api' });
    const [kept] = await syncConfigConsumers(kit.store, [{ name: 'cli-1', url: 'http://127.0.0.1:9/cli' }, { url: 'http://127.0.0.1:9/gone' }], ctx);
    const { deliveries } = await emitEvent(kit);
    expect(deliveries).toHaveLength(3);

    // "restart" with one consumer dropped from the config and another header value
    const after = await syncConfigConsumers(
      kit.store,
      [{ name: 'cli-1', url: 'http://127.0.0.1:9/cli', auth: { type: 'api_key', header: 'X-Key', value: 'v2' } }],
      ctx,
    );

    expect(after.map((c) => c.id)).toEqual([kept.id]);
    expect(kept.id).toBe(configConsumerId('cli-1', 'http://127.0.0.1:9/cli'));
    const consumers = kit.store.read((db) => db.consumers.all());
    expect(consumers.map((c) => c.id).sort()).toEqual([api.id, kept.id].sort());
    expect(consumers.find((c) => c.id === kept.id)!.auth).toEqual({ type: 'api_key', header: 'X-Key', value: 'v2' });
    const byConsumer = Object.fromEntries(deliveries.map((d) => [d.consumer_id, deliveryOf(kit.store, d.id).status]));
    expect(byConsumer[kept.id]).toBe('pending');
    expect(byConsumer[configConsumerId('', 'http://127.0.0.1:9/gone')]).toBe('failed');
  });
});

describe('retry schedule', () => {
  it('starts at initial, grows by factor, caps at max_delay, and jitters within ±jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, RETRY, mid))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffDelay(30, RETRY, mid)).toBe(RETRY.maxDelayMs);
    expect(backoffDelay(1, RETRY, () => 0)).toBe(4_000);
    expect(backoffDelay(1, RETRY, () => 0.999999)).toBeCloseTo(6_000, -1);
  });

  it('gives up only when the next attempt would be more than give_up_after past the first', () => {
    const base = { failures: 30, firstAttemptMs: 0, policy: RETRY, random: () => 0.5 };
    expect(nextAttemptAt({ ...base, nowMs: RETRY.giveUpAfterMs - RETRY.maxDelayMs })).toBe(RETRY.giveUpAfterMs);
    expect(nextAttemptAt({ ...base, nowMs: RETRY.giveUpAfterMs - RETRY.maxDelayMs + 1 })).toBeUndefined();
  });
});
