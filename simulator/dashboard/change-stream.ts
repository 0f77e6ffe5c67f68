/**
 * @module dashboard/change-stream
 * Live updates for the dashboard: a Server-Sent Events response that sends a
 * `change` event whenever the simulator's state moves on. While a client is
 * connected, the state's fingerprint is polled in process (default every
 * 250 ms of real time); the loop ends when the client disconnects.
 *
 * The fingerprint is built from the store collections' change counters
 * (Collection.version()) and sizes, plus the clock: O(1), whatever the size
 * of the store, so many open dashboards cost next to nothing. At most
 * `maxStreams` streams are served at once; one more gets a 503 Problem with
 * Retry-After.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Clock } from '../clock.js';
import { ProblemError } from '../http/problem.js';
import type { Store } from '../store/store.js';

/** What the page shows, and so what a change is looked for in. */
const WATCHED = ['identities', 'documents', 'members', 'events', 'deliveries', 'jobs', 'consumers'] as const;

/**
 * A short string that changes whenever the dashboard's data does.
 * @example
 * const before = stateFingerprint(store, clock); await approve(); stateFingerprint(store, clock) !== before;
 */
export function stateFingerprint(store: Store, clock: Clock): string {
  // count as well as version: a reset rebuilds the collections, and their counters start again
  const data = store.read((view) => WATCHED.map((name) => `${view[name].version().toString(36)}:${view[name].count().toString(36)}`).join('.'));
  const c = clock.state();
  return `${data}.${c.frozen ? `f${c.frozenAtMs}` : `o${c.offsetMs}`}`;
}

export interface ChangeStreams {
  /** GET handler: `event: ready` at once, then `event: change` (data: the new fingerprint) after every change. */
  handle(c: Context): Response;
  /** streams open now */
  open(): number;
}

/**
 * @example
 * const streams = createChangeStreams({ store, clock, pollMs: 250, maxStreams: 100 });
 * app.get('/api/stream', (c) => streams.handle(c));
 */
export function createChangeStreams(deps: { store: Store; clock: Clock; pollMs: number; maxStreams: number }): ChangeStreams {
  let open = 0;
  return {
    open: () => open,
    handle(c) {
      if (open >= deps.maxStreams) {
        throw new ProblemError(
          { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `too many dashboard streams open (at most ${deps.maxStreams}; see dashboard.max_streams)`, meta: { max_streams: deps.maxStreams } },
          { 'retry-after': '5' },
        );
      }
      open++;
      let released = false;
      const release = () => {
        if (!released) open--;
        released = true;
      };
      return streamSSE(c, async (stream) => {
        stream.onAbort(release);
        try {
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
        } finally {
          release();
        }
      });
    },
  };
}
