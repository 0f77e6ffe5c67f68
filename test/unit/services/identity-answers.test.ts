/**
 * GET Identity's kept answers (services/identity-answers.ts): an answer is
 * handed back only for the identities collection it was read from, at the
 * version it was read at, to the entity that owns the identity; at most
 * `limit` are kept, the oldest filled going first; with more identities than
 * `limit`, an answer is kept only on its identity's second fill within about
 * `limit` others (store/recent.ts).
 */
import { describe, expect, it } from 'vitest';
import { createIdentityAnswers, type IdentityAnswers } from '../../../simulator/services/identity-answers.js';
import type { IdentityRecord } from '../../../simulator/store/shape.js';
import type { Collection } from '../../../simulator/store/store.js';

/** a collection whose version the test moves, of `count` identities (only version() and count() are asked) */
function identities(count = 1_000_000): Collection<IdentityRecord> & { bump(): void } {
  let version = 0;
  return { version: () => version, count: () => count, bump: () => void version++ } as unknown as Collection<IdentityRecord> & { bump(): void };
}
const rec = (id: string, entity = 'team-a', type: IdentityRecord['type'] = 'PERSON') => ({ id, type, _sim: { entity_id: entity } }) as unknown as IdentityRecord;
/** fill an answer twice (read twice): the second fill keeps it */
const keep = (answers: IdentityAnswers, col: Collection<IdentityRecord>, r: IdentityRecord, json: string) => {
  answers.put(col, r, json);
  answers.put(col, r, json);
};

describe('identity answers', () => {
  it('hands back an answer while the collection is unchanged, to the owning entity only', () => {
    const answers = createIdentityAnswers();
    const col = identities();
    expect(answers.get(col, 'a', 'team-a')).toBeUndefined();
    keep(answers, col, rec('a'), '{"id":"a"}');
    expect(answers.get(col, 'a', 'team-a')).toMatchObject({ json: '{"id":"a"}', type: 'PERSON' });
    expect(answers.get(col, 'a', 'team-b')).toBeUndefined();
    expect(answers.get(col, 'b', 'team-a')).toBeUndefined();
  });

  it('drops every answer once the collection changes, and answers again once filled', () => {
    const answers = createIdentityAnswers();
    const col = identities();
    keep(answers, col, rec('a'), 'A1');
    keep(answers, col, rec('b'), 'B1');
    expect(answers.size()).toBe(2);
    col.bump();
    expect(answers.get(col, 'a', 'team-a')).toBeUndefined();
    expect(answers.get(col, 'b', 'team-a')).toBeUndefined();
    answers.put(col, rec('a'), 'A2');
    expect(answers.get(col, 'a', 'team-a')?.json).toBe('A2');
  });

  it('keeps nothing from another collection (a reset replaces it, and its version starts again)', () => {
    const answers = createIdentityAnswers();
    const before = identities();
    keep(answers, before, rec('a'), 'old');
    const after = identities(); // version 0 again
    expect(answers.get(after, 'a', 'team-a')).toBeUndefined();
    keep(answers, after, rec('b'), 'new');
    expect(answers.size()).toBe(1);
    expect(answers.get(before, 'a', 'team-a')).toBeUndefined();
  });

  it('keeps at most `limit` answers, the oldest filled going first', () => {
    const answers = createIdentityAnswers(2);
    const col = identities();
    keep(answers, col, rec('a'), 'A');
    keep(answers, col, rec('b'), 'B');
    answers.put(col, rec('a'), 'A again'); // refilling one does not push another out
    expect(answers.size()).toBe(2);
    keep(answers, col, rec('c'), 'C');
    expect(answers.size()).toBe(2);
    expect(answers.get(col, 'a', 'team-a')).toBeUndefined();
    expect(answers.get(col, 'b', 'team-a')?.json).toBe('B');
    expect(answers.get(col, 'c', 'team-a')?.json).toBe('C');
  });

  it('keeps an answer only when its identity is filled a second time while it is recent', () => {
    const answers = createIdentityAnswers(4);
    const col = identities();
    answers.put(col, rec('a'), 'A');
    expect(answers.get(col, 'a', 'team-a')).toBeUndefined();
    expect(answers.size()).toBe(0);
    answers.put(col, rec('a'), 'A');
    expect(answers.get(col, 'a', 'team-a')?.json).toBe('A');
  });

  it('keeps (nearly) nothing from a pass over many more identities than the limit, each read once per pass', () => {
    const answers = createIdentityAnswers(64);
    const col = identities();
    const ids = Array.from({ length: 2000 }, (_, i) => `id-${i}`);
    for (const id of ids) answers.put(col, rec(id), id);
    let kept = 0;
    for (const id of ids) {
      answers.put(col, rec(id), id);
      if (answers.get(col, id, 'team-a')) kept++;
    }
    // only a hash collision in the filter keeps one (store/recent.ts)
    expect(kept).toBeLessThan(ids.length * 0.1);
    // a pass over fewer identities than the limit keeps every one from its second pass on
    const few = ids.slice(0, 30);
    for (let pass = 0; pass < 2; pass++) for (const id of few) answers.put(col, rec(id), id);
    expect(few.map((id) => answers.get(col, id, 'team-a')?.json)).toEqual(few);
  });

  it('keeps every answer on its first fill while all identities fit in the limit', () => {
    const answers = createIdentityAnswers(4);
    const col = identities(4);
    answers.put(col, rec('a'), 'A');
    expect(answers.get(col, 'a', 'team-a')?.json).toBe('A');
    // one more identity than fits: a first fill is not kept
    const more = identities(5);
    answers.put(more, rec('b'), 'B');
    expect(answers.get(more, 'b', 'team-a')).toBeUndefined();
  });
});
