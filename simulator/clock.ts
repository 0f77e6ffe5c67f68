/**
 * @module clock
 * The simulator's single clock. Every delay (review decisions, token expiry,
 * webhook retries, KYC refresh) reads `now()` from here, never `Date.now()`.
 *
 * Real time by default; it can be frozen, advanced by a duration, or set to a
 * later instant. Moving it backwards is refused: the store would otherwise hold
 * events and tokens from "the future".
 */

export interface ClockState {
  /** true when time only moves through advance()/set() */
  frozen: boolean;
  /** milliseconds added to the wall clock while running */
  offsetMs: number;
  /** the frozen instant (epoch ms) while frozen */
  frozenAtMs: number;
}

export class ClockError extends Error {}

/** The clock stays between these instants (RFC 3339 needs a four-digit year). */
export const CLOCK_MIN_MS = 0;
export const CLOCK_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const CLOCK_RANGE = `${new Date(CLOCK_MIN_MS).toISOString()} .. ${new Date(CLOCK_MAX_MS).toISOString()}`;

/** The reason `target` is not an instant the clock may move to from `current`, or undefined when it is. */
export function clockTargetError(target: number, current: number): string | undefined {
  if (!Number.isFinite(target) || target > CLOCK_MAX_MS || target < CLOCK_MIN_MS) {
    return `the clock must stay within ${CLOCK_RANGE}: it can move forward by at most ${Math.max(0, CLOCK_MAX_MS - current)} ms from ${new Date(current).toISOString()}`;
  }
  if (target < current) return `the clock cannot move backwards (now ${new Date(current).toISOString()})`;
  return undefined;
}

/** The reason `ms` is not a duration the clock may move forward by from `current`, or undefined. */
export function clockAdvanceError(ms: number, current: number): string | undefined {
  const most = Math.max(0, CLOCK_MAX_MS - current);
  if (!Number.isFinite(ms) || ms < 0 || ms > most) {
    return `the clock can move forward by 0 to ${most} ms from ${new Date(current).toISOString()} (it must stay within ${CLOCK_RANGE}); got ${String(ms)}`;
  }
  return undefined;
}

export interface Clock {
  now(): Date;
  nowMs(): number;
  state(): ClockState;
  freeze(): void;
  unfreeze(): void;
  /** Move forward by `ms`; throws ClockError for a negative duration or one that leaves the range. */
  advanceBy(ms: number): void;
  /** Move to an absolute instant; throws ClockError if it lies in the past or outside the range. */
  setTo(ms: number): void;
}

/** Create a clock. `wall` is injected so tests never depend on real time. */
export function createClock(options: { wall?: () => number; initial?: Partial<ClockState> } = {}): Clock {
  const wall = options.wall ?? (() => Date.now());
  const s: ClockState = { frozen: false, offsetMs: 0, frozenAtMs: 0, ...options.initial };
  // Clamped, so a stored clock beyond the range (an older data file) still gives valid instants.
  const clamp = (ms: number) => Math.min(CLOCK_MAX_MS, Math.max(CLOCK_MIN_MS, Number.isFinite(ms) ? ms : CLOCK_MIN_MS));
  const nowMs = () => clamp(s.frozen ? s.frozenAtMs : wall() + s.offsetMs);
  const clock: Clock = {
    nowMs,
    now: () => new Date(nowMs()),
    state: () => ({ ...s }),
    freeze() {
      if (s.frozen) return;
      s.frozenAtMs = nowMs();
      s.frozen = true;
    },
    unfreeze() {
      if (!s.frozen) return;
      s.offsetMs = clamp(s.frozenAtMs) - wall();
      s.frozen = false;
    },
    advanceBy(ms) {
      if (Number.isFinite(ms) && ms < 0) throw new ClockError('the clock cannot move backwards');
      const raw = s.frozen ? s.frozenAtMs : wall() + s.offsetMs;
      const current = clamp(raw);
      const error = clockAdvanceError(ms, current);
      if (error) throw new ClockError(error);
      if (s.frozen) s.frozenAtMs = current + ms;
      else s.offsetMs += ms + (current - raw);
    },
    setTo(target) {
      const current = nowMs();
      const error = clockTargetError(target, current);
      if (error) throw new ClockError(error);
      clock.advanceBy(target - current);
    },
  };
  return clock;
}
