/**
 * @module testing/clock
 * The clock handle of startSimulator(): read the simulator's time, freeze it,
 * and move it forward. Moving it fires every decision that falls due, in time
 * order, then delivers the webhooks that are due, before the promise resolves.
 */
import type { Simulator } from '../../simulator/app.js';
import { toInstant, toMs } from './options.js';

export interface SimulatorClock {
  /** The simulator's current time. */
  now(): Date;
  /**
   * Move time forward by milliseconds or a duration (`"2s"`, `"5m"`, `"1h30m"`, `"PT1H"`),
   * firing due decisions and delivering due webhooks before resolving.
   */
  advance(duration: number | string): Promise<void>;
  /** Stop time: from now on it moves only through advance() and set(). */
  freeze(): Promise<void>;
  /** Let time run again (at wall-clock speed, from where it stands). */
  unfreeze(): Promise<void>;
  /** Move to a later instant (advance() to it); rejects with an Error for an instant in the past. */
  set(date: Date | string | number): Promise<void>;
}

/**
 * @example
 * const clock = createSimulatorClock(simulator);
 * await clock.advance('2s'); // the default review delay: a new person is APPROVED
 */
export function createSimulatorClock(simulator: Simulator): SimulatorClock {
  const persist = () => simulator.store.transact((tx) => tx.setSetting('clock', simulator.clock.state()));
  const advance = async (ms: number) => {
    await simulator.advance(ms);
    await simulator.drain();
  };
  return {
    now: () => simulator.clock.now(),
    advance: async (duration) => advance(toMs(duration, 'clock.advance()')),
    async freeze() {
      simulator.clock.freeze();
      await persist();
    },
    async unfreeze() {
      simulator.clock.unfreeze();
      await persist();
    },
    async set(date) {
      const target = toInstant(date, 'clock.set()');
      const now = simulator.clock.nowMs();
      if (target < now) throw new Error(`clock.set(): the clock cannot move backwards (now ${new Date(now).toISOString()})`);
      await advance(target - now);
    },
  };
}
