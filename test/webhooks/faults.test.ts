/**
 * Webhook faults: a delivery dropped (not sent, retried on the normal
 * schedule), duplicated (POSTed twice), or delivered out of order (after the
 * next delivery to the same consumer). A real receiver on 127.0.0.1; the
 * frozen clock moves, nothing sleeps. Each fault is recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../../simulator/clock.js';
import { createFaultEngine, type FaultEngine } from '../../simulator/faults/engine.js';
import { addConsumer, createKit, deliveryOf, emitEvent, startReceiver, T0, type Kit, type Receiver } from './support.js';

let receiver: Receiver;
let faults: FaultEngine;
let kit: Kit;

beforeEach(async () => {
  receiver = await startReceiver();
  faults = createFaultEngine({ clock: createClock({ wall: () => T0 }) });
  kit = await createKit({ faults });
  await addConsumer(kit, { name: 'crm', url: `${receiver.url}/hooks` });
});
afterEach(async () => {
  await kit.dispatcher.stop();
  await receiver.close();
});

const eventIdsReceived = () => receiver.to('/hooks').map((r) => (JSON.parse(r.body) as { id: string }).id);

describe('webhook faults', () => {
  it('drop: the attempt is not sent and fails; the retry delivers it', async () => {
    faults.add({ webhook: 'drop', event_type: 'identity.approved', times: 1 });
    const { event, deliveries } = await emitEvent(kit);
    const first = await kit.dispatcher.drainOnce();
    expect(first.results[0]).toMatchObject({ outcome: 'retrying', error: expect.stringContaining('dropped by fault injection (fault-1)') });
    expect(receiver.requests).toHaveLength(0);
    kit.clock.advanceBy(10_000);
    expect((await kit.dispatcher.drainOnce()).succeeded).toBe(1);
    expect(eventIdsReceived()).toEqual([event.id]);
    expect(deliveryOf(kit.store, deliveries[0].id).attempts).toHaveLength(2);
    expect(faults.injected()).toEqual([expect.objectContaining({ target: 'webhook', action: 'webhook drop', event_id: event.id, delivery_id: deliveries[0].id, event_type: 'identity.approved' })]);
  });

  it('duplicate: the consumer gets the same notification twice', async () => {
    faults.add({ webhook: 'duplicate', consumer: 'crm' });
    const { event } = await emitEvent(kit);
    expect((await kit.dispatcher.drainOnce()).succeeded).toBe(1);
    expect(eventIdsReceived()).toEqual([event.id, event.id]);
  });

  it('out_of_order: held back until the next delivery to the consumer has gone, then sent', async () => {
    faults.add({ webhook: 'out_of_order', times: 1 });
    const a = await emitEvent(kit, { type: 'identity.approved' });
    expect((await kit.dispatcher.drainOnce()).attempted).toBe(0);
    kit.clock.advanceBy(1_000);
    const b = await emitEvent(kit, { type: 'identity.denied' });
    expect((await kit.dispatcher.drainOnce()).succeeded).toBe(2);
    expect(eventIdsReceived()).toEqual([b.event.id, a.event.id]);
  });

  it('matches on the client and leaves other deliveries alone', async () => {
    faults.add({ webhook: 'drop', client_id: 'client-b' });
    const { event } = await emitEvent(kit, { clientId: 'client-a' });
    expect((await kit.dispatcher.drainOnce()).succeeded).toBe(1);
    expect(eventIdsReceived()).toEqual([event.id]);
    expect(faults.injected()).toEqual([]);
  });
});
