/**
 * @module v8-modes
 * The V8 flags the paxos-sim CLI sets on its own process, at start, before the
 * store loads. startSimulator() never changes V8's flags: its process is the
 * user's.
 *
 * Heap (`--heap`). By default V8 lets the old generation grow to a multiple of
 * what its last full collection kept (a factor it picks between 1.1 and 4 from
 * how fast it collects), so a burst of requests leaves garbage that RSS
 * carries until the next full collection.
 * - `lean` (the default): the heap may grow only 25 % past what the last full
 *   collection kept (`--heap-growing-percent=25`): full collections come
 *   sooner and each finds less garbage, so RSS follows the data (issue 11:
 *   100k identities within 250 MB). No cost to throughput showed through the
 *   noise of side-by-side runs (`npm run bench`, large scenario, prints both).
 * - `v8`: V8's own sizing.
 *
 * Tiering (`--tiering`). V8 runs a function in its interpreter and baseline
 * code until the function has used up an "interrupt budget" of bytecode, and
 * only then has its optimising compiler (TurboFan, on helper threads) compile
 * it. A simulator's process is short-lived (a CI job, a demo), and the code a
 * request runs is large: with V8's budget the create path was still being
 * compiled a few seconds into a burst, and meanwhile ran slower while the
 * compiler took the second core.
 * - `early` (the default): a quarter of Node 20's budget
 *   (`--interrupt-budget=16896`, V8's own 67584): the hot paths are optimised
 *   after a quarter of the calls. Measured on Node 20 (2 cores), 9,000 creates
 *   at concurrency 16 from 11k identities after 1,000 warm-up creates:
 *   5,664–5,766 → 6,382–6,440 creates/s, median of 4 alternating runs.
 * - `v8`: V8's own budget.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_MODES = ['lean', 'v8'] as const;
export type HeapMode = (typeof HEAP_MODES)[number];
export const TIERING_MODES = ['early', 'v8'] as const;
export type TieringMode = (typeof TIERING_MODES)[number];

/** The CLI's V8 settings (Config's `heap` and `tiering`). */
export interface V8Modes {
  heap: HeapMode;
  tiering: TieringMode;
}

/** V8's interrupt budget in Node 20 (V8 11.3), and the CLI's `early` one. */
export const V8_INTERRUPT_BUDGET = 67_584;
export const EARLY_INTERRUPT_BUDGET = V8_INTERRUPT_BUDGET / 4;

/** The V8 flags the modes set (none for `v8`). */
export function v8Flags(modes: V8Modes): string[] {
  const flags: string[] = [];
  if (modes.heap === 'lean') flags.push('--heap-growing-percent=25');
  if (modes.tiering === 'early') flags.push(`--interrupt-budget=${EARLY_INTERRUPT_BUDGET}`);
  return flags;
}

/**
 * Set the modes' V8 flags on this process. V8 reads the heap's at each full
 * collection and the budget each time it gives a function a new budget, so
 * both apply from the next one on.
 */
export function applyV8Modes(modes: V8Modes, setFlags: (flags: string) => void = setFlagsFromString): void {
  for (const flag of v8Flags(modes)) setFlags(flag);
}

/** The start-up banner's line for the heap mode. */
export function describeHeapMode(mode: HeapMode): string {
  return mode === 'lean' ? 'lean (the heap grows at most 25 % past its live data; --heap v8 for V8\'s own sizing)' : "v8 (V8's own heap sizing)";
}

/** The start-up banner's line for the tiering mode. */
export function describeTieringMode(mode: TieringMode): string {
  return mode === 'early'
    ? `early (hot code is optimised after a quarter of Node 20's V8 budget, --interrupt-budget=${EARLY_INTERRUPT_BUDGET}; --tiering v8 for V8's own)`
    : "v8 (V8's own tiering)";
}
