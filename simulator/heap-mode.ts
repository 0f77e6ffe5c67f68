/**
 * @module heap-mode
 * How the paxos-sim process asks V8 to size its heap. By default V8 lets the
 * old generation grow to a multiple of what its last full collection kept
 * (a factor it picks between 1.1 and 4 from how fast it collects), so a burst
 * of requests leaves garbage that RSS carries until the next full collection.
 *
 * - `lean` (the CLI's default): the heap may grow only 25 % past what the last
 *   full collection kept (`--heap-growing-percent=25`): full collections come
 *   sooner and each finds less garbage, so RSS follows the data (issue 11:
 *   100k identities within 250 MB). No cost to throughput showed through the
 *   noise of side-by-side runs (`npm run bench`, large scenario, prints both).
 * - `v8`: V8's own sizing.
 *
 * Only the CLI applies it, to its own process, before the store loads.
 * startSimulator() never changes V8's flags: its process is the user's.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_MODES = ['lean', 'v8'] as const;
export type HeapMode = (typeof HEAP_MODES)[number];

/** The V8 flags a mode sets (none for `v8`). */
export function heapFlags(mode: HeapMode): string[] {
  return mode === 'lean' ? ['--heap-growing-percent=25'] : [];
}

/** Set the mode's V8 flags on this process (V8 reads them at each full collection). */
export function applyHeapMode(mode: HeapMode, setFlags: (flags: string) => void = setFlagsFromString): void {
  for (const flag of heapFlags(mode)) setFlags(flag);
}

/** The start-up banner's line for the mode. */
export function describeHeapMode(mode: HeapMode): string {
  return mode === 'lean' ? 'lean (the heap grows at most 25 % past its live data; --heap v8 for V8\'s own sizing)' : "v8 (V8's own heap sizing)";
}
