/**
 * Retention: finished webhook deliveries older than `retention.deliveries`
 * (simulator clock, from their last attempt) are removed; pending ones and
 * younger ones stay. Through the real dispatcher and a real receiver.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../simulator/config.js';
import { ConfigError } from '../../../simulator/config-values.js';
import { createClock } from '../../../simulator/clock.js';
import { pruneDeliveries } from '../../../simulator/services/retention.js';
import { createStore } from '../../../simulator/store/lowdb-store.js';
import type { DeliveryRecord } from '../../../simulator/store/shape.js';
import { buildPerson } from '../../../fixtures/factories/index.js';
import { Faker, en, en_US } from '@faker-js/faker';
import { createTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { startReceiver, type Receiver } from '../../webhooks/support.js';

const DAY = 86_400_000;
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const delivery = (id: string, seq: number, over: Partial<DeliveryRecord>): DeliveryRecord => ({
  id, event_id: 'e', consumer_id: 'k', client_id: 'c', status: 'succeeded', is_test: false,
  created_at: '2026-01-01T00:00:00.000Z', attempts: [], seq, ...over, entity_id: over.entity_id ?? 'default',
});

describe('pruneDeliveries', () => {
  it('removes finished deliveries whose last attempt is older than the retention, and nothing else', async () => {
    const store = await createStore({ storage: 'memory' });
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    const clock = createClock({ initial: { frozen: true, frozenAtMs: t0 + 10 * DAY, offsetMs: 0 } });
    const at = (days: number) => new Date(t0 + days * DAY).toISOString();
    await store.transact((tx) => {
      tx.deliveries.put('old-ok', delivery('old-ok', 1, { attempts: [{ at: at(1), latency_ms: 1, status_code: 200 }] }));
      tx.deliveries.put('old-failed', delivery('old-failed', 2, { status: 'failed', attempts: [{ at: at(2), latency_ms: 1, status_code: 500 }] }));
      // created long ago but retried recently: kept (age counts from the last attempt)
      tx.deliveries.put('late-ok', delivery('late-ok', 3, { attempts: [{ at: at(1), latency_ms: 1, status_code: 500 }, { at: at(9), latency_ms: 1, status_code: 200 }] }));
      tx.deliveries.put('pending', delivery('pending', 4, { status: 'pending', next_attempt_at: at(11) }));
    });
    expect(await pruneDeliveries(store, clock, 7 * DAY)).toBe(2);
    expect(store.read((db) => db.deliveries.all().map((d) => d.id).sort())).toEqual(['late-ok', 'pending']);
    // nothing more to do: no write
    expect(await pruneDeliveries(store, clock, 7 * DAY)).toBe(0);
    clock.setTo(t0 + 30 * DAY);
    expect(await pruneDeliveries(store, clock, 7 * DAY)).toBe(1);
    expect(store.read((db) => db.deliveries.all().map((d) => d.id))).toEqual(['pending']);
  });
});

describe('sim.prune() with retention from the config', () => {
  let sb: TestSandbox;
  let receiver: Receiver;
  it('drops delivered webhooks once they are older than retention.deliveries', async () => {
    receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    sb = await createTestSandbox({ config: { retention: { deliveriesMs: DAY, requestLog: 100 }, webhooks: { ...loadConfig().webhooks, consumers: [{ url: receiver.url }] } } });
    cleanup.push(() => sb.close());
    const faker = new Faker({ locale: [en_US, en], seed: 11 });
    const res = await sb.api('POST', '/identity/identities', buildPerson(faker, { ref_id: 'retention-1' }));
    expect(res.status).toBe(200);
    await sb.sim.advance(sb.config.reviewDelayMs); // the decision announces itself
    await sb.sim.drain();
    const delivered = sb.sim.store.read((db) => db.deliveries.all());
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((d) => d.status === 'succeeded')).toBe(true);
    expect(await sb.sim.prune()).toBe(0);
    sb.clock.setTo(sb.clock.nowMs() + DAY + 1);
    expect(await sb.sim.prune()).toBe(delivered.length);
    expect(sb.sim.store.read((db) => db.deliveries.count())).toBe(0);
  });
});

describe('retention and dashboard config', () => {
  it('has documented defaults and reads the file and the environment', () => {
    const defaults = loadConfig();
    expect(defaults.retention).toEqual({ deliveriesMs: 7 * DAY, requestLog: 5000 });
    expect(defaults.dashboard).toEqual({ maxStreams: 100, streamPollMs: 250 });
    const file = 'retention: { deliveries: 2h, request_log: 10 }\ndashboard: { max_streams: 3, stream_poll: 1s }\n';
    const fromFile = loadConfig({ argv: ['--config', 'x.yaml'], readFile: () => file });
    expect(fromFile.retention).toEqual({ deliveriesMs: 2 * 3_600_000, requestLog: 10 });
    expect(fromFile.dashboard).toEqual({ maxStreams: 3, streamPollMs: 1000 });
    const fromEnv = loadConfig({ env: { PAXOS_SIM_RETENTION_DELIVERIES: '1d', PAXOS_SIM_RETENTION_REQUEST_LOG: '7', PAXOS_SIM_DASHBOARD_MAX_STREAMS: '0' } });
    expect(fromEnv.retention).toEqual({ deliveriesMs: DAY, requestLog: 7 });
    expect(fromEnv.dashboard.maxStreams).toBe(0);
  });

  it('names the bad setting', () => {
    const load = (text: string) => () => loadConfig({ argv: ['--config', 'x.yaml'], readFile: () => text });
    expect(load('retention: { deliveries: soon }')).toThrow(/retention\.deliveries must be a duration/);
    expect(load('retention: { request_log: 0 }')).toThrow(/retention\.request_log must be a number from 1/);
    expect(load('retention: 5')).toThrow(new ConfigError('retention must be an object'));
    expect(load('dashboard: { max_streams: -1 }')).toThrow(/dashboard\.max_streams/);
    expect(load('dashboard: { stream_poll: 1ms }')).toThrow('dashboard.stream_poll must be at least 10ms');
  });
});
