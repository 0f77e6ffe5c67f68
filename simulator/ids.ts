/**
 * @module ids
 * Identifier generation, injected so tests can make ids predictable.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Ids {
  /** A UUID for identities, events, documents, members. */
  uuid(): string;
  /** An opaque secret-looking token (access tokens, upload keys). */
  token(): string;
}

export const randomIds: Ids = {
  uuid: () => randomUUID(),
  token: () => randomBytes(24).toString('base64url'),
};

/** Deterministic ids for tests: UUID-shaped, counting up from a seed. */
export function sequentialIds(seed = 1): Ids {
  let n = seed;
  const next = () => (n++).toString(16).padStart(12, '0');
  return {
    uuid: () => `00000000-0000-4000-8000-${next()}`,
    token: () => `tok_${next()}`,
  };
}
