/**
 * @module services/scheduler
 * Fires due jobs on the simulator clock. `runDue()` runs what is due now;
 * `advanceTo(t)` walks the clock forward job by job, so everything that falls
 * due fires at its own instant, in time order, deterministically. Only
 * server.ts starts the real-time loop.
 *
 * Every change of the clock goes through one queue with the firing of jobs
 * (advanceBy, advanceTo, withClock): each reads the clock only when its turn
 * comes, so concurrent advances add up and never interleave. A move out of the
 * clock's range is a ClockError before anything fires.
 */
import { ClockError, clockAdvanceError, clockTargetError } from '../clock.js';
import type { JobRecord } from '../store/shape.js';
import type { Collection } from '../store/store.js';
import type { SimContext } from './context.js';
import { runJob } from './onboarding.js';

export interface Scheduler {
  runDue(): Promise<number>;
  advanceTo(targetMs: number): Promise<{ fired: number; now: string }>;
  /** Move forward by `ms` from wherever the clock stands when this move's turn comes. */
  advanceBy(ms: number): Promise<{ fired: number; now: string }>;
  /** Run a clock change (freeze, unfreeze) in turn with the moves. */
  withClock<T>(fn: () => T): Promise<T>;
  pending(): JobRecord[];
  start(pollMs: number): void;
  stop(): void;
}

const NONE_FIRED: Promise<number> = Promise.resolve(0);

export function createScheduler(ctx: Pick<SimContext, 'store' | 'clock' | 'ids' | 'config' | 'logger'>): Scheduler {
  let chain: Promise<unknown> = Promise.resolve();
  /** clock changes and firings queued or running on `chain` */
  let queued = 0;
  const settled = () => {
    queued--;
  };
  let timer: NodeJS.Timeout | undefined;
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    queued++;
    const result = chain.then(fn);
    chain = result.then(settled, settled);
    return result;
  };
  // The earliest job comes from the jobs' ordered index (shape.ts ORDERED_INDEXES):
  // O(1) to find, however many jobs wait.
  const earliestJob = (jobs: Collection<JobRecord>): JobRecord | undefined => jobs.ordered('due', { limit: 1 })[0];
  /** ISO text of a time, kept for the last millisecond asked (every commit asks for now) */
  let isoOf = { ms: NaN, text: '' };
  const iso = (ms: number): string => {
    if (ms !== isoOf.ms) isoOf = { ms, text: new Date(ms).toISOString() };
    return isoOf.text;
  };
  /** Whether a job is due by `untilMs` (the earliest job's row is parsed once and shared by reads until it changes). */
  const anyDue = (untilMs: number): boolean => {
    const first = ctx.store.read((db) => earliestJob(db.jobs)?.due_at);
    return first !== undefined && first <= iso(untilMs);
  };

  /**
   * Fire every job due by `untilMs`, in time order, each at its own instant
   * (the clock is moved to a job's due time before it runs; never backwards).
   * All of them share one transaction, so a burst of due jobs costs one write.
   */
  const fireUntil = async (untilMs: number): Promise<number> => {
    const until = iso(untilMs);
    const first = ctx.store.read((db) => earliestJob(db.jobs)?.due_at);
    if (first === undefined || first > until) return 0;
    return ctx.store.transact((tx) => {
      let fired = 0;
      for (let job = earliestJob(tx.jobs); job && job.due_at <= until; job = earliestJob(tx.jobs)) {
        const due = Date.parse(job.due_at);
        if (due > ctx.clock.nowMs()) ctx.clock.setTo(due);
        runJob(tx, ctx, job);
        fired++;
      }
      return fired;
    });
  };
  const runDueNow = () => fireUntil(ctx.clock.nowMs());
  const anyDueNow = (): boolean => {
    try {
      return anyDue(ctx.clock.nowMs());
    } catch {
      // (a store that cannot be read: the queued path reports it)
      return true;
    }
  };
  const moveTo = async (targetMs: number) => {
    const error = clockTargetError(targetMs, ctx.clock.nowMs());
    if (error) throw new ClockError(error);
    const fired = await fireUntil(targetMs);
    ctx.clock.setTo(Math.max(targetMs, ctx.clock.nowMs()));
    return { fired, now: ctx.clock.now().toISOString() };
  };

  return {
    // Every commit asks (services/context.ts): when nothing is queued and no job is due, the
    // answer is known now, without a turn on the queue or a transaction.
    runDue: () => (queued === 0 && !anyDueNow() ? NONE_FIRED : serial(runDueNow)),
    advanceTo: (targetMs) => serial(() => moveTo(targetMs)),
    advanceBy: (ms) =>
      serial(() => {
        const error = clockAdvanceError(ms, ctx.clock.nowMs());
        if (error) throw new ClockError(error);
        return moveTo(ctx.clock.nowMs() + ms);
      }),
    withClock: (fn) => serial(async () => fn()),
    pending: () => ctx.store.read((db) => db.jobs.ordered('due')),
    start(pollMs) {
      timer ??= setInterval(() => {
        void serial(runDueNow).catch((err: Error) => ctx.logger.error('scheduler failed', { error: err.message }));
      }, pollMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
