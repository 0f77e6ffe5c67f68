/**
 * @module testing/clock
 * The clock handle of startSimulator(): read the simulator's time, freeze it,
 * and move it forward. Moving it fires every decision that falls due, in time
 * order, then delivers the webhooks that are due, before the promise resolves.
 */
import type { Simulator } from '../../simulator/app.js';
import { ClockError } from '../../simulator/clock.js';
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
  /**
   * Move to a later instant (advance() to it); rejects with an Error for an instant in the past.
   * The clock stays within 1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z: a move beyond
   * rejects with an Error naming that range (and changes nothing).
   */
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
    try {
      await simulator.advance(ms);
    } catch (err) {
      if (err instanceof ClockError) throw new RangeError(`clock.advance(): ${err.message}`);
      throw err;
    }
    await simulator.drain();
  };
  return {
    now: () => simulator.clock.now(),
    advance: async (duration) => advance(toMs(duration, 'clock.advance()')),
    async freeze() {
      await simulator.scheduler.withClock(() => simulator.clock.freeze());
      await persist();
    },
    async unfreeze() {
      await simulator.scheduler.withClock(() => simulator.clock.unfreeze());
      await persist();
    },
    async set(date) {
      const target = toInstant(date, 'clock.set()');
      const now = simulator.clock.nowMs();
      if (target < now) throw new Error(`clock.set(): the clock cannot move backwards (now ${new Date(now).toISOString()})`);
      try {
        await simulator.scheduler.advanceTo(target);
      } catch (err) {
        throw new RangeError(`clock.set(): ${(err as Error).message}`);
      }
      await persist();
      simulator.dispatcher.kick();
      await simulator.drain();
    },
  };
}
