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

export interface Clock {
  now(): Date;
  nowMs(): number;
  state(): ClockState;
  freeze(): void;
  unfreeze(): void;
  /** Move forward by `ms`; throws ClockError for a negative duration. */
  advanceBy(ms: number): void;
  /** Move to an absolute instant; throws ClockError if it lies in the past. */
  setTo(ms: number): void;
}

/** Create a clock. `wall` is injected so tests never depend on real time. */
export function createClock(options: { wall?: () => number; initial?: Partial<ClockState> } = {}): Clock {
  const wall = options.wall ?? (() => Date.now());
  const s: ClockState = { frozen: false, offsetMs: 0, frozenAtMs: 0, ...options.initial };
  const nowMs = () => (s.frozen ? s.frozenAtMs : wall() + s.offsetMs);
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
      s.offsetMs = s.frozenAtMs - wall();
      s.frozen = false;
    },
    advanceBy(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new ClockError('the clock cannot move backwards');
      if (s.frozen) s.frozenAtMs += ms;
      else s.offsetMs += ms;
    },
    setTo(target) {
      const current = nowMs();
      if (!Number.isFinite(target)) throw new ClockError('not a valid instant');
      if (target < current) {
        throw new ClockError(`the clock cannot move backwards (now ${new Date(current).toISOString()})`);
      }
      clock.advanceBy(target - current);
    },
  };
  return clock;
}

/** Parse durations like "90s", "5m", "2h", "1d", "1h30m", "500ms" or an ISO 8601 "PT1H". */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(trimmed);
  if (iso && trimmed !== 'P' && trimmed !== 'PT') {
    const [, d, h, m, sec] = iso;
    return ((+(d ?? 0) * 24 + +(h ?? 0)) * 60 + +(m ?? 0)) * 60_000 + Math.round(+(sec ?? 0) * 1000);
  }
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(re)) {
    total += Number(match[1]) * unit[match[2]];
    consumed += match[0].length;
  }
  return consumed === trimmed.length && consumed > 0 ? Math.round(total) : undefined;
}
