/**
 * @module dedupe
 * Where the webhook handler remembers event ids it has processed. Paxos may
 * deliver an event more than once (REFERENCE.md §6.4), so handlers de-duplicate
 * on the event id. The default store is in memory and per handler; pass your
 * own (a database table, Redis) to survive restarts and share across processes.
 */

/** Pluggable set of processed event ids; methods may be sync or async. */
export interface DedupeStore {
  has(id: string): boolean | Promise<boolean>;
  add(id: string): void | Promise<void>;
}

/**
 * An in-memory DedupeStore that forgets the oldest ids beyond `maxEntries`.
 * @example const dedupe = createMemoryDedupeStore({ maxEntries: 50_000 });
 */
export function createMemoryDedupeStore(options: { maxEntries?: number } = {}): DedupeStore {
  const { maxEntries = 10_000 } = options;
  const ids = new Set<string>(); // a Set iterates in insertion order, oldest first
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.delete(id);
      ids.add(id);
      while (ids.size > maxEntries) ids.delete(ids.values().next().value as string);
    },
  };
}
