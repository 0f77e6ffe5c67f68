/**
 * @module dashboard/change-stream
 * Live updates for the dashboard: a Server-Sent Events response that sends a
 * `change` event whenever the simulator's state moves on. While a client is
 * connected, the state's fingerprint is polled in process (default every
 * 250 ms of real time); the loop ends when the client disconnects.
 *
 * The fingerprint covers what the page shows: identities (id, status,
 * updated_at, which carries the store's sequence number), events, deliveries
 * and their attempts, consumers, pending jobs and the clock.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Clock } from '../clock.js';
import type { StoreView } from '../store/store.js';
import type { Store } from '../store/store.js';

/** 32-bit FNV-1a over a sequence of strings: cheap enough to run 4 times a second. */
function fnv1a(parts: Iterable<string>): string {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      hash ^= part.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0x1f; // separator, so ["ab","c"] and ["a","bc"] differ
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function* stateParts(view: StoreView): Generator<string> {
  yield `i${view.identities.count()}e${view.events.count()}d${view.deliveries.count()}c${view.consumers.count()}j${view.jobs.count()}`;
  for (const i of view.identities.all()) yield `${i.id}${i.status ?? ''}${i.updated_at ?? ''}`;
  for (const d of view.deliveries.all()) yield `${d.id}${d.status}${d.attempts.length}${d.next_attempt_at ?? ''}`;
  for (const j of view.jobs.all()) yield `${j.id}${j.due_at}`;
  for (const c of view.consumers.all()) yield `${c.id}${c.active ? 1 : 0}`;
}

/**
 * A short string that changes whenever the dashboard's data does.
 * @example
 * const before = stateFingerprint(store, clock); await approve(); stateFingerprint(store, clock) !== before;
 */
export function stateFingerprint(store: Store, clock: Clock): string {
  const data = store.read((view) => fnv1a(stateParts(view)));
  const c = clock.state();
  return `${data}.${c.frozen ? `f${c.frozenAtMs}` : `o${c.offsetMs}`}`;
}

/**
 * GET handler for the change stream: `event: ready` at once, then
 * `event: change` (data: the new fingerprint) after every change.
 */
export function changeStream(c: Context, deps: { store: Store; clock: Clock; pollMs: number }): Response {
  return streamSSE(c, async (stream) => {
    let last = stateFingerprint(deps.store, deps.clock);
    await stream.writeSSE({ event: 'ready', data: last, retry: 1000 });
    while (!stream.aborted && !stream.closed) {
      await stream.sleep(deps.pollMs);
      if (stream.aborted) break;
      const now = stateFingerprint(deps.store, deps.clock);
      if (now !== last) {
        last = now;
        await stream.writeSSE({ event: 'change', data: now });
      }
    }
  });
}
