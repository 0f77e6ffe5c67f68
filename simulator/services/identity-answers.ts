/**
 * @module services/identity-answers
 * GET Identity's default answer (the summary view) kept as JSON text per
 * identity, so that a repeated read costs a map lookup instead of parsing
 * the stored row, building the view and serialising it.
 *
 * The summary view depends on the identity's own row only (presentIdentity
 * without details or members), so an answer is valid for as long as the row
 * is unchanged. The store does not say which row changed, only that the
 * collection did (Collection.version()), so every kept answer carries the
 * identities collection it was read from and its version then: any change to
 * any identity (a create, an update, a decision, a reset, a rolled-back
 * write) makes every kept answer stale, and the next read of each fills it
 * again. Under a read-mostly load nearly every GET is a lookup; under a
 * write-heavy one a GET costs what it did before, plus one map write.
 *
 * Bounded: at most `limit` answers (oldest filled out first). While there
 * are no more identities than that, every answer is kept. With more, an
 * answer is kept only when its identity is filled a second time within about
 * `limit` other identities (store/recent.ts): a pass over more identities than
 * the limit (each of 100k read once in turn) keeps nothing, instead of filling
 * the map with answers that are gone before they are asked for again (they
 * lived long enough to be moved to V8's old generation, which grew by
 * megabytes a second under such a load).
 */
import { KeptValues } from '../store/recent.js';
import type { IdentityRecord } from '../store/shape.js';
import type { Collection } from '../store/store.js';

/** What is kept per identity: its summary JSON and what the ownership check needs. */
interface Answer {
  json: string;
  entityId: string;
  type: IdentityRecord['type'];
  version: number;
}

/** About 16k answers of a few hundred bytes each: a few MB at most. */
export const DEFAULT_ANSWER_LIMIT = 16_384;

export interface IdentityAnswers {
  /**
   * The kept summary JSON of `id` as read from `identities` now, if it is
   * valid and the identity belongs to `entityId` (anything else: undefined,
   * and the caller reads the row: the 404 comes from there).
   */
  get(identities: Collection<IdentityRecord>, id: string, entityId: string): { json: string; type: IdentityRecord['type'] } | undefined;
  /**
   * Keep the summary JSON just read from `identities` (whose version has not
   * moved since the read), if every identity fits or this one was filled
   * recently too (see the module).
   */
  put(identities: Collection<IdentityRecord>, rec: IdentityRecord, json: string): void;
  /** answers held now */
  size(): number;
}

export function createIdentityAnswers(limit = DEFAULT_ANSWER_LIMIT): IdentityAnswers {
  // every answer while every identity fits, else only one filled a second time while recent
  const answers = new KeptValues<Answer>(limit);
  // the collection the answers were read from: a reset replaces it (and its version restarts)
  let from: Collection<IdentityRecord> | undefined;
  const over = (identities: Collection<IdentityRecord>) => {
    if (from !== identities) {
      from = identities;
      answers.clear();
    }
  };
  return {
    get(identities, id, entityId) {
      if (from !== identities) return undefined;
      const a = answers.get(id);
      if (a === undefined || a.version !== identities.version() || a.entityId !== entityId) return undefined;
      return a;
    },
    put(identities, rec, json) {
      over(identities);
      answers.offer(rec.id, { json, entityId: rec._sim.entity_id, type: rec.type, version: identities.version() }, identities.count());
    },
    size: () => answers.size,
  };
}
