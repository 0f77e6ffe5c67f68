/**
 * @module contracts/provider/run-ids
 * Values unique to one verification run. Paxos's sandbox keeps every identity
 * ever created, and `ref_id` and the CIP triple must be unique per API user,
 * so every provider state that creates an identity asks for fresh ones here.
 */

export interface RunIds {
  /** Short id of this run, e.g. `k3x9q2`. */
  readonly runId: string;
  /** `<base>-<runId>-<n>`: unique within the run and across runs. */
  refId(base: string): string;
  /** A well-formed SSN (`xxx-xx-xxxx`, area 100–665, never 000/666/9xx) unlikely to repeat. */
  ssn(): string;
  /** A random version-4 UUID (e.g. an identity id nobody has). */
  uuid(): string;
}

/**
 * @param random source in [0, 1); the entry point passes Math.random, tests a seeded one
 * @example const ids = createRunIds({ runId: 'k3x9q2', random: Math.random }); ids.refId('contract-get-person')
 */
export function createRunIds(options: { runId: string; random: () => number }): RunIds {
  const { runId, random } = options;
  let counter = 0;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return {
    runId,
    refId: (base) => `${base}-${runId}-${++counter}`,
    ssn: () => `${pad(int(100, 665), 3)}-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`,
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16));
      hex[12] = '4';
      hex[16] = (8 + int(0, 3)).toString(16);
      const h = hex.join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}

/** A run id from a random source: six base-36 characters. */
export function newRunId(random: () => number): string {
  return Array.from({ length: 6 }, () => Math.floor(random() * 36).toString(36)).join('');
}
