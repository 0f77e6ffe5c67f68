/**
 * GET Identity's kept answers (services/identity-answers.ts): an answer is
 * handed back only for the identities collection it was read from, at the
 * version it was read at, to the entity that owns the identity; at most
 * `limit` are kept, the oldest filled going first.
 */
import { describe, expect, it } from 'vitest';
import { createIdentityAnswers } from '../../../simulator/services/identity-answers.js';
import type { IdentityRecord } from '../../../simulator/store/shape.js';
import type { Collection } from '../../../simulator/store/store.js';

/** a collection whose version the test moves (only version() is asked) */
function identities(): Collection<IdentityRecord> & { bump(): void } {
  let version = 0;
  return { version: () => version, bump: () => void version++ } as unknown as Collection<IdentityRecord> & { bump(): void };
}
const rec = (id: string, entity = 'team-a', type: IdentityRecord['type'] = 'PERSON') => ({ id, type, _sim: { entity_id: entity } }) as unknown as IdentityRecord;

describe('identity answers', () => {
  it('hands back an answer while the collection is unchanged, to the owning entity only', () => {
    const answers = createIdentityAnswers();
    const col = identities();
    expect(answers.get(col, 'a', 'team-a')).toBeUndefined();
    answers.put(col, rec('a'), '{"id":"a"}');
    expect(answers.get(col, 'a', 'team-a')).toMatchObject({ json: '{"id":"a"}', type: 'PERSON' });
    expect(answers.get(col, 'a', 'team-b')).toBeUndefined();
    expect(answers.get(col, 'b', 'team-a')).toBeUndefined();
  });

  it('drops every answer once the collection changes, and answers again once filled', () => {
    const answers = createIdentityAnswers();
    const col = identities();
    answers.put(col, rec('a'), 'A1');
    answers.put(col, rec('b'), 'B1');
    col.bump();
    expect(answers.get(col, 'a', 'team-a')).toBeUndefined();
    expect(answers.get(col, 'b', 'team-a')).toBeUndefined();
    answers.put(col, rec('a'), 'A2');
    expect(answers.get(col, 'a', 'team-a')?.json).toBe('A2');
  });

  it('keeps nothing from another collection (a reset replaces it, and its version starts again)', () => {
    const answers = createIdentityAnswers();
    const before = identities();
    answers.put(before, rec('a'), 'old');
    const after = identities(); // version 0 again
    expect(answers.get(after, 'a', 'team-a')).toBeUndefined();
    answers.put(after, rec('b'), 'new');
    expect(answers.size()).toBe(1);
    expect(answers.get(before, 'a', 'team-a')).toBeUndefined();
  });

  it('keeps at most `limit` answers, the oldest filled going first', () => {
    const answers = createIdentityAnswers(2);
    const col = identities();
    answers.put(col, rec('a'), 'A');
    answers.put(col, rec('b'), 'B');
    answers.put(col, rec('a'), 'A again'); // refilling one does not push another out
    expect(answers.size()).toBe(2);
    answers.put(col, rec('c'), 'C');
    expect(answers.size()).toBe(2);
    expect(answers.get(col, 'a', 'team-a')).toBeUndefined();
    expect(answers.get(col, 'b', 'team-a')?.json).toBe('B');
    expect(answers.get(col, 'c', 'team-a')?.json).toBe('C');
  });
});
