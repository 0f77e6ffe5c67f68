/**
 * Pure lifecycle rules: which status change is announced by an event (once
 * per decision; identity.disabled only after an approval), which detail
 * changes re-run screening, and which entity a client belongs to.
 */
import { describe, expect, it } from 'vitest';
import { entityDirectory } from '../../../simulator/domain/entities.js';
import { announceStatusChange, deriveOverall, type Announcements } from '../../../simulator/domain/identity-status.js';
import { changedScreenedDetails } from '../../../simulator/domain/onboarding.js';
import type { IdentityStatus } from '../../../src/types.js';

describe('announceStatusChange', () => {
  const cases: Array<[IdentityStatus, IdentityStatus, Announcements, string | undefined, Announcements]> = [
    ['PENDING', 'APPROVED', {}, 'identity.approved', { announced: 'APPROVED', ever_approved: true }],
    ['DISABLED', 'APPROVED', { announced: 'APPROVED', ever_approved: true }, undefined, { announced: 'APPROVED', ever_approved: true }],
    ['DENIED', 'APPROVED', { announced: 'DENIED', ever_approved: true }, 'identity.approved', { announced: 'APPROVED', ever_approved: true }],
    ['PENDING', 'DENIED', {}, 'identity.denied', { announced: 'DENIED' }],
    ['DISABLED', 'DENIED', { announced: 'DENIED' }, undefined, { announced: 'DENIED' }],
    ['APPROVED', 'DENIED', { announced: 'APPROVED', ever_approved: true }, 'identity.denied', { announced: 'DENIED', ever_approved: true }],
    ['APPROVED', 'DISABLED', { announced: 'APPROVED', ever_approved: true }, 'identity.disabled', { announced: 'APPROVED', ever_approved: true }],
    ['PENDING', 'DISABLED', {}, undefined, {}],
    ['DENIED', 'DISABLED', { announced: 'DENIED' }, undefined, { announced: 'DENIED' }],
    ['APPROVED', 'PENDING', { announced: 'APPROVED', ever_approved: true }, undefined, { announced: 'APPROVED', ever_approved: true }],
    ['APPROVED', 'ERROR', { announced: 'APPROVED', ever_approved: true }, undefined, { announced: 'APPROVED', ever_approved: true }],
  ];
  it.each(cases)('%s -> %s after %j: %s', (from, to, past, type, next) => {
    const result = announceStatusChange(from, to, past);
    expect(result.type).toBe(type);
    expect(result.next).toEqual(next);
  });
});

describe('deriveOverall with the onboarding decision still due', () => {
  it('keeps a passthrough DENIED person PENDING until the decision, then DENIED', () => {
    const input = { type: 'PERSON' as const, checks: { id_verification: 'DENIED' as const, sanctions: 'PENDING' as const }, controls: [] };
    expect(deriveOverall({ ...input, decision_pending: true })).toBe('PENDING');
    expect(deriveOverall(input)).toBe('DENIED');
  });
});

describe('changedScreenedDetails', () => {
  const person = { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1990-01-01', email: 'a@x.test', address: { city: 'New York', country: 'USA' }, cip_id: '1' };
  it.each([
    ['a new last name', { ...person, last_name: 'Byron' }, ['last_name']],
    ['a new address line', { ...person, address: { city: 'Boston', country: 'USA' } }, ['address']],
    ['a new CIP id and date of birth', { ...person, cip_id: '2', date_of_birth: '1991-01-01' }, ['date_of_birth', 'cip_id']],
    ['a new email only', { ...person, email: 'b@x.test' }, []],
    ['the same values', { ...person }, []],
  ])('person: %s', (_what, after, changed) => {
    expect(changedScreenedDetails('PERSON', person, after)).toEqual(changed);
  });
  it('institution: name and business address', () => {
    expect(changedScreenedDetails('INSTITUTION', { name: 'A', email: 'x' }, { name: 'B', email: 'y', business_address: { city: 'X' } })).toEqual(['name', 'business_address']);
  });
});

describe('entityDirectory', () => {
  it('puts every client in one default entity when none are configured', () => {
    const dir = entityDirectory(undefined, ['a', 'b']);
    expect([dir.ids, dir.defaultId, dir.of('a'), dir.of('b'), dir.clientsOf('default')]).toEqual([['default'], 'default', 'default', 'default', ['a', 'b']]);
  });
  it('maps clients to their entities; an unlisted, unconfigured client is an entity of its own', () => {
    const dir = entityDirectory([{ id: 'one', clients: ['a'] }, { id: 'two', clients: ['b', 'c'] }], ['a', 'b', 'c']);
    expect([dir.of('a'), dir.of('c'), dir.defaultId, dir.clientsOf('two')]).toEqual(['one', 'two', 'one', ['b', 'c']]);
    expect([dir.knows('gone'), dir.of('gone')]).toEqual([false, 'gone']);
  });
});
