/**
 * @module webhooks/dispatcher
 * Sends the outbox: every pending delivery whose `next_attempt_at` has come
 * (on the simulator clock) is POSTed to its consumer with the thin payload;
 * each attempt is recorded and failures are rescheduled (see retry.ts).
 *
 * Deliveries to different consumers go out concurrently; those to one consumer
 * go one after another, oldest first. An in-flight set makes sure no delivery
 * is sent twice at once, whoever asked (background loop, kick, explicit drain).
 * A slow or hung consumer only ever holds up its own lane.
 */
import type { Clock } from '../clock.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { ConsumerRecord, DeliveryAttempt, DeliveryRecord, EventRecord } from '../store/shape.js';
import type { FaultRule } from '../faults/rules.js';
import { planWebhookFaults, type WebhookFaultHook } from '../faults/webhook.js';
import { postOnce, type AttemptResult } from './attempt.js';
import { ConsumerAuthError, createConsumerAuth } from './consumer-auth.js';
import { refreshUndelivered } from './outbox.js';
import { buildWebhookPayload } from './payload.js';
import { webhookHeaderError } from './header-rules.js';
import { nextAttemptAt, type RetryPolicy } from './retry.js';

export const WEBHOOK_USER_AGENT = 'paxos-sim-webhooks/1';

export interface DeliveryOutcome {
  delivery_id: string;
  event_id: string;
  consumer_id: string;
  /** succeeded; retrying (failed, another attempt is scheduled); gave_up (failed for good) */
  outcome: 'succeeded' | 'retrying' | 'gave_up';
  status_code?: number;
  error?: string;
  next_attempt_at?: string;
}

export interface DrainReport {
  attempted: number;
  succeeded: number;
  retrying: number;
  gave_up: number;
  results: DeliveryOutcome[];
}

export interface Dispatcher {
  /** Send every due delivery once and wait for all of them (also those already in flight). */
  drainOnce(): Promise<DrainReport>;
  /** Drain every `pollMs` of real time in the background (server.ts only). */
  start(pollMs: number): void;
  /** Stop the background loop and wait for sends in flight. */
  stop(): Promise<void>;
  /** Drain soon (after a transaction queued deliveries); a no-op unless started. */
  kick(): void;
}

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  fetch?: typeof fetch;
  random?: () => number;
  retry: RetryPolicy;
  timeoutMs: number;
  /** monotonic milliseconds for latency (default performance.now) */
  now?: () => number;
  /** webhook fault injection (faults/webhook.ts) */
  faults?: WebhookFaultHook;
}

interface Job {
  delivery: DeliveryRecord;
  consumer?: ConsumerRecord;
  event?: EventRecord;
  fault?: FaultRule;
}

/**
 * @example
 * const dispatcher = createDispatcher({ store, clock, ids, logger, retry: config.webhooks.retry, timeoutMs: 10_000 });
 * const report = await dispatcher.drainOnce(); // tests: deterministic
 * dispatcher.start(config.webhooks.pollMs);    // server.ts: background
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { store, clock, logger, retry, timeoutMs } = deps;
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const random = deps.random ?? Math.random;
  const auth = createConsumerAuth({ fetch: fetchFn, clock, timeoutMs });
  const inFlight = new Map<string, Promise<DeliveryOutcome | undefined>>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let kickTimer: ReturnType<typeof setTimeout> | undefined;
  /** deliveries held back by an out_of_order fault */
  const held = new Set<string>();
  /**
   * What the last drain saw of the deliveries: the collection (its version
   * function; a reset replaces the collection), its version, and whether any
   * delivery was still pending. While none was and none changed since, a kick
   * has nothing to send: it costs one read instead of a timer and a drain.
   */
  let seen: { version: () => number; at: number; pending: boolean } | undefined;
  function nothingToSend(): boolean {
    const last = seen;
    if (!last || last.pending) return false;
    return store.read((db) => db.deliveries.version === last.version && db.deliveries.version() === last.at);
  }

  function dueJobs(): Job[] {
    // From the pending deliveries' ordered index (shape.ts ORDERED_INDEXES): O(due), not O(every delivery ever made).
    const now = clock.now().toISOString();
    return store.read((db) =>
      db.deliveries
        .ordered('due', { upTo: now })
        .map((delivery) => ({ delivery, consumer: db.consumers.get(delivery.consumer_id), event: db.events.get(delivery.event_id) })),
    );
  }

  async function attempt(job: Job): Promise<AttemptResult> {
    const { consumer, event } = job;
    if (!consumer) return { ok: false, latency_ms: 0, error: 'the consumer has been removed' };
    if (!event) return { ok: false, latency_ms: 0, error: 'the event no longer exists' };
    // A consumer stored by an older version may hold a header that is no longer accepted.
    const refused = consumer.auth.type === 'api_key' ? webhookHeaderError(consumer.auth.header, consumer.auth.value) : undefined;
    if (refused) return { ok: false, latency_ms: 0, error: refused };
    let authHeaders: Record<string, string>;
    try {
      authHeaders = await auth.headersFor(consumer);
    } catch (err) {
      if (err instanceof ConsumerAuthError) return { ok: false, latency_ms: 0, error: err.message };
      throw err;
    }
    if (job.fault?.action.kind === 'webhook' && job.fault.action.mode === 'drop') {
      return { ok: false, latency_ms: 0, error: `dropped by fault injection (${job.fault.id}); not sent` };
    }
    const post = () => postOnce({
      fetch: fetchFn,
      url: consumer.url,
      // SANDBOX: x-paxos-sim-delivery-id is the simulator's own (for matching /_sim/webhooks/deliveries).
      headers: { 'content-type': 'application/json', 'user-agent': WEBHOOK_USER_AGENT, 'x-paxos-sim-delivery-id': job.delivery.id, ...authHeaders },
      body: JSON.stringify(buildWebhookPayload(event)),
      timeoutMs,
      now: deps.now,
    });
    let result = await post();
    // duplicate: the consumer gets the same notification twice; the second answer is recorded.
    if (job.fault?.action.kind === 'webhook' && job.fault.action.mode === 'duplicate') result = await post();
    if (result.status_code === 401) auth.rejected(consumer);
    return result;
  }

  async function record(job: Job, at: string, result: AttemptResult): Promise<DeliveryOutcome | undefined> {
    return store.transact((tx) => {
      const current = tx.deliveries.get(job.delivery.id);
      if (!current || current.status !== 'pending') return undefined; // reset or cancelled meanwhile
      const entry: DeliveryAttempt = { at, latency_ms: result.latency_ms };
      if (result.status_code !== undefined) entry.status_code = result.status_code;
      if (result.error !== undefined) entry.error = result.error;
      const attempts = [...current.attempts, entry];
      const first = current.first_attempt_at ?? at;
      const base = { ...current, attempts, first_attempt_at: first };
      delete base.next_attempt_at;
      let next: DeliveryRecord;
      if (result.ok) next = { ...base, status: 'succeeded' };
      else if (!job.consumer || !job.event) next = { ...base, status: 'failed' };
      else {
        const nextMs = nextAttemptAt({ failures: attempts.length, firstAttemptMs: Date.parse(first), nowMs: clock.nowMs(), policy: retry, random });
        next = nextMs === undefined ? { ...base, status: 'failed' } : { ...base, next_attempt_at: new Date(nextMs).toISOString() };
      }
      tx.deliveries.put(next.id, next);
      refreshUndelivered(tx, next.event_id);
      const outcome = next.status === 'succeeded' ? 'succeeded' : next.status === 'failed' ? 'gave_up' : 'retrying';
      return { delivery_id: next.id, event_id: next.event_id, consumer_id: next.consumer_id, outcome, status_code: result.status_code, error: result.error, next_attempt_at: next.next_attempt_at };
    });
  }

  async function send(job: Job): Promise<DeliveryOutcome | undefined> {
    const at = clock.now().toISOString();
    const result = await attempt(job).catch((err: unknown): AttemptResult => ({ ok: false, latency_ms: 0, error: `internal error: ${(err as Error).message}` }));
    const outcome = await record(job, at, result);
    if (outcome?.outcome === 'gave_up') logger.warn('webhook delivery failed for good', { ...outcome });
    else if (outcome) logger.debug('webhook attempt', { ...outcome });
    return outcome;
  }

  /** Claim every job synchronously (before any await), then run one lane per consumer. */
  function startSends(jobs: Job[]): Promise<DeliveryOutcome | undefined>[] {
    const lanes = new Map<string, Promise<unknown>>();
    return jobs.map((job) => {
      const lane = lanes.get(job.delivery.consumer_id) ?? Promise.resolve();
      const p = lane.then(() => send(job)).finally(() => inFlight.delete(job.delivery.id));
      lanes.set(job.delivery.consumer_id, p.catch(() => undefined));
      inFlight.set(job.delivery.id, p);
      return p;
    });
  }

  async function drainOnce(): Promise<DrainReport> {
    // (set inside the read: what read() returns is copied, and a function cannot be)
    store.read((db) => void (seen = { version: db.deliveries.version, at: db.deliveries.version(), pending: db.deliveries.ordered('due', { limit: 1 }).length > 0 }));
    const jobs = dueJobs();
    const alreadySending = jobs.filter((j) => inFlight.has(j.delivery.id)).map((j) => inFlight.get(j.delivery.id)!);
    const fresh = jobs.filter((j) => !inFlight.has(j.delivery.id));
    const started = startSends(deps.faults ? planWebhookFaults(fresh, deps.faults, held) : fresh);
    const results = (await Promise.allSettled([...started, ...alreadySending]))
      .map((r) => (r.status === 'fulfilled' ? r.value : undefined))
      .filter((r): r is DeliveryOutcome => r !== undefined);
    const count = (o: DeliveryOutcome['outcome']) => results.filter((r) => r.outcome === o).length;
    return { attempted: results.length, succeeded: count('succeeded'), retrying: count('retrying'), gave_up: count('gave_up'), results };
  }

  const background = () => {
    drainOnce().catch((err: unknown) => logger.error('webhook drain failed', { error: String(err) }));
  };

  return {
    drainOnce,
    start(pollMs) {
      if (timer) return;
      timer = setInterval(background, pollMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      clearTimeout(kickTimer);
      timer = kickTimer = undefined;
      await Promise.allSettled([...inFlight.values()]);
    },
    kick() {
      if (!timer || kickTimer || nothingToSend()) return;
      kickTimer = setTimeout(() => {
        kickTimer = undefined;
        background();
      }, 0);
      kickTimer.unref();
    },
  };
}
