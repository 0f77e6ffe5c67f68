/**
 * @module services/retention
 * Removes finished webhook deliveries (succeeded, or given up) once they are
 * older than `retention.deliveries` on the simulator clock, counted from their
 * last attempt. Reads only the expired front of the deliveries' "finished"
 * ordered index, so a sweep costs O(expired), and writes nothing when nothing
 * expired. Pending deliveries are never removed. An event keeps its
 * `undelivered_webhooks` count as it was when its deliveries finished.
 */
import type { Clock } from '../clock.js';
import type { Store, StoreView } from '../store/store.js';

/** At most this many rows go in one transaction; the next sweep takes the rest. */
export const PRUNE_BATCH = 5_000;

/**
 * @example
 * await pruneDeliveries(store, clock, config.retention.deliveriesMs); // → how many were removed
 */
export async function pruneDeliveries(store: Store, clock: Pick<Clock, 'nowMs'>, maxAgeMs: number): Promise<number> {
  const cutoff = new Date(clock.nowMs() - maxAgeMs).toISOString();
  // every row up to and including the cutoff instant
  const expired = (view: Pick<StoreView, 'deliveries'>, limit: number) => view.deliveries.ordered('finished', { upTo: cutoff, limit });
  if (store.read((db) => expired(db, 1).length) === 0) return 0;
  return store.transact((tx) => {
    const rows = expired(tx, PRUNE_BATCH);
    for (const d of rows) tx.deliveries.delete(d.id);
    return rows.length;
  });
}
