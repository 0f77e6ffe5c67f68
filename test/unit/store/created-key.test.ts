/**
 * createdKey (shape.ts), the identities' list order key: a valid UTC timestamp
 * as the simulator writes it is keyed by its digits to the millisecond, and
 * anything that is not a real calendar second (Feb 29 of a common year, day 31
 * of a 30-day month, hour 24, second 60) is not taken as one. Start-up keys
 * every identity this way, so the check is done on the digits, not through
 * Date objects; these are the answers the Date-based check gave.
 */
import { describe, expect, it } from 'vitest';
import { createdKey } from '../../../simulator/store/shape.js';

const CASES: Array<[createdAt: string, key: string]> = [
  ['2026-11-30T18:19:07.557000Z', '2026-11-30T18:19:07.557'],
  ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00.000'], // leap year
  ['2000-02-29T23:59:59.999999Z', '2000-02-29T23:59:59.999'], // divisible by 400: leap
  ['2023-02-29T10:00:00Z', ''], // common year
  ['1900-02-29T00:00:00Z', ''], // divisible by 100, not 400: common
  ['2026-04-31T00:00:00Z', ''], // April has 30 days
  ['2026-00-10T00:00:00Z', ''],
  ['2026-13-10T00:00:00Z', ''],
  ['2026-01-00T00:00:00Z', ''],
  ['2026-12-31T24:00:00Z', ''],
  ['2026-12-31T23:60:00Z', ''],
  ['2026-12-31T23:59:60Z', ''],
  ['2026-11-30T18:19:07+02:00', '2026-11-30T16:19:07.000'], // not canonical: the general parser
];

describe('createdKey', () => {
  for (const [createdAt, key] of CASES) {
    it(`keys ${createdAt} as ${JSON.stringify(key)}`, () => {
      expect(createdKey({ created_at: createdAt })).toBe(key);
    });
  }
});
