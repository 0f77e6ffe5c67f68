/**
 * @module webhooks/consumers
 * The registry of webhook consumers (endpoints that receive deliveries), kept
 * in the store's `consumers` collection. Consumers come from the config file /
 * CLI flags (`source: 'config'`, re-synced at every start) or from the control
 * API (`source: 'api'`). Re-exported by outbox.ts.
 */
import { createHash } from 'node:crypto';
import type { WebhookConsumerConfig } from '../config.js';
import type { Ids } from '../ids.js';
import type { Store, StoreTx } from '../store/store.js';
import type { ConsumerRecord } from '../store/shape.js';

export interface ConsumerCtx {
  now: Date;
  ids: Ids;
}

/**
 * A stable, UUID-shaped id for a configured consumer, derived from name + url,
 * so the same config after a restart maps onto the same record (and its
 * pending deliveries).
 */
export function configConsumerId(name: string, url: string): string {
  const h = createHash('sha256').update(`${name}\n${url}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Add (or replace, when `options.id` names an existing one) a consumer.
 *
 * @example
 * await store.transact((tx) => registerConsumer(tx, { url: 'http://127.0.0.1:9000/hooks' }, { now, ids }));
 */
export function registerConsumer(
  tx: StoreTx,
  input: WebhookConsumerConfig,
  ctx: ConsumerCtx,
  options: { id?: string; source?: ConsumerRecord['source'] } = {},
): ConsumerRecord {
  const id = options.id ?? ctx.ids.uuid();
  const existing = tx.consumers.get(id);
  const record: ConsumerRecord = {
    id,
    name: input.name ?? input.url,
    url: input.url,
    entity_id: input.entity_id,
    client_id: input.client_id,
    event_types: [...(input.event_types ?? [])],
    auth: input.auth ? { ...input.auth } : { type: 'none' },
    active: true,
    created_at: existing?.created_at ?? ctx.now.toISOString(),
    source: options.source ?? 'api',
  };
  if (record.client_id === undefined) delete record.client_id;
  if (record.entity_id === undefined) delete record.entity_id;
  tx.consumers.put(id, record);
  return record;
}

/**
 * Remove a consumer; its pending deliveries are cancelled (marked `failed`,
 * no further attempts). Returns false if there was no such consumer.
 */
export function removeConsumer(tx: StoreTx, id: string): boolean {
  if (!tx.consumers.has(id)) return false;
  tx.consumers.delete(id);
  for (const d of tx.deliveries.by('pending_consumer', id)) {
    const { next_attempt_at: _dropped, ...rest } = d;
    tx.deliveries.put(d.id, { ...rest, status: 'failed' });
  }
  return true;
}

/**
 * At start-up: make the `source: 'config'` consumers exactly the configured
 * ones. Unchanged name+url keep their id, so their pending deliveries go on.
 *
 * @example
 * await syncConfigConsumers(store, config.webhooks.consumers, { now: clock.now(), ids });
 */
export async function syncConfigConsumers(
  store: Store,
  consumers: readonly WebhookConsumerConfig[],
  ctx: ConsumerCtx,
): Promise<ConsumerRecord[]> {
  return store.transact((tx) => {
    const wanted = new Map(consumers.map((c) => [configConsumerId(c.name ?? '', c.url), c]));
    for (const old of tx.consumers.filter((c) => c.source === 'config')) {
      if (!wanted.has(old.id)) removeConsumer(tx, old.id);
    }
    return [...wanted].map(([id, c]) => registerConsumer(tx, c, ctx, { id, source: 'config' }));
  });
}
