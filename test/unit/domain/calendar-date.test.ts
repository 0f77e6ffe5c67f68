/**
 * isCalendarDate reads a YYYY-MM-DD date on its digits (the create path asks
 * for every date of birth); its answers are those of the Date-based check it
 * replaced, kept here as the reference, over every day of several years and
 * the malformed shapes.
 */
import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../../simulator/domain/identity-validation.js';

/** The previous implementation: the date survives a round trip through Date.UTC. */
function byDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isCalendarDate', () => {
  it('agrees with the Date-based check on every month and day field of leap, common and century years', () => {
    const years = [0, 1, 50, 99, 100, 400, 1600, 1700, 1900, 1990, 1999, 2000, 2001, 2023, 2024, 2100, 2400, 9999];
    let real = 0;
    for (const y of years) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect(isCalendarDate(text), text).toBe(byDate(text));
          if (byDate(text)) real++;
        }
      }
    }
    // the reference itself: years 0000–0099 never matched (Date.UTC reads them as 19xx)
    expect(byDate('0050-01-01')).toBe(false);
    // from 0100 on: 100, 1700, 1900, 1990, 1999, 2001, 2023, 2100 and 9999 common; 400, 1600, 2000, 2024 and 2400 leap
    expect(real).toBe(365 * 9 + 366 * 5);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['1990-04-31', false],
    ['1990-12-31', true],
    ['1990-1-01', false],
    ['1990-01-1', false],
    ['19900101', false],
    ['1990/01/01', false],
    ['1990-01-01T00:00:00Z', false],
    [' 1990-01-01', false],
    ['1990-01-01\n', false],
    ['199a-01-01', false],
    ['１９９０-01-01', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
    expect(byDate(text)).toBe(expected);
  });
});
