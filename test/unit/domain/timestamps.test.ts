/**
 * Timestamps (simulator/domain/timestamps.ts) and durations (parseDuration in
 * simulator/clock.ts, which the decision rules and KYC settings use).
 */
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../simulator/domain/durations.js';
import { compareTime, formatStamp, nextStamp, timeKey, type Stamp } from '../../../simulator/domain/timestamps.js';

describe('timeKey', () => {
  it.each<[string, string | undefined]>([
    ['2006-01-02T15:04:05Z', '2006-01-02T15:04:05.000000000Z'],
    ['2006-01-02T15:04:05z', '2006-01-02T15:04:05.000000000Z'],
    ['2006-01-02 15:04:05Z', '2006-01-02T15:04:05.000000000Z'],
    ['2006-01-02T15:04:05.1Z', '2006-01-02T15:04:05.100000000Z'],
    ['2023-08-25T14:25:41.648489333Z', '2023-08-25T14:25:41.648489333Z'],
    ['2026-01-15T12:00:00.5+02:00', '2026-01-15T10:00:00.500000000Z'],
    ['2026-01-15T00:30:00-01:00', '2026-01-15T01:30:00.000000000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000000000Z'],
    ['2026-01-15', undefined],
    ['2026-01-15T10:00Z', undefined],
    ['2026-01-15T10:00:00', undefined],
    ['2026-01-15T10:00:00.1234567890Z', undefined],
    ['2026-02-30T00:00:00Z', undefined],
    ['2025-02-29T00:00:00Z', undefined],
    ['2026-13-01T00:00:00Z', undefined],
    ['2026-01-15T24:00:00Z', undefined],
    ['2026-01-15T10:60:00Z', undefined],
    ['yesterday', undefined],
  ])('%s → %s', (text, want) => {
    expect(timeKey(text)).toBe(want);
  });
});

describe('formatStamp and nextStamp', () => {
  const ms = Date.parse('2026-01-15T10:00:02.345Z');

  it('adds microsecond or nanosecond digits from the counter', () => {
    expect(formatStamp(ms, 7, 6)).toBe('2026-01-15T10:00:02.345007Z');
    expect(formatStamp(ms, 7, 9)).toBe('2026-01-15T10:00:02.345000007Z');
    expect(formatStamp(ms, 234_567, 9)).toBe('2026-01-15T10:00:02.345234567Z');
  });

  it('starts a new millisecond at counter 0 and counts up within one', () => {
    const first = nextStamp(undefined, ms, 6);
    expect(first.text).toBe('2026-01-15T10:00:02.345000Z');
    const second = nextStamp(first.stamp, ms, 6);
    expect(second.text).toBe('2026-01-15T10:00:02.345001Z');
    expect(nextStamp(second.stamp, ms + 5, 6).text).toBe('2026-01-15T10:00:02.350000Z');
  });

  it('stays strictly increasing for thousands of records in one frozen millisecond', () => {
    for (const digits of [6, 9] as const) {
      let last: Stamp | undefined;
      const texts: string[] = [];
      for (let i = 0; i < 2_500; i++) {
        const next = nextStamp(last, ms, digits);
        last = next.stamp;
        texts.push(timeKey(next.text)!);
      }
      expect(texts.every((t, i) => i === 0 || t > texts[i - 1]), `digits ${digits}`).toBe(true);
    }
  });

  it('never goes back when the clock does', () => {
    const at = nextStamp(undefined, ms, 9);
    expect(timeKey(nextStamp(at.stamp, ms - 1000, 9).text)! > timeKey(at.text)!).toBe(true);
  });

  it('parses back to the same millisecond', () => {
    expect(Date.parse(formatStamp(ms, 42, 9))).toBe(ms);
  });
});

describe('compareTime', () => {
  const stored = '2026-01-15T10:00:02.000000007Z';
  const same = timeKey(stored)!;
  const earlier = timeKey('2026-01-15T10:00:02Z')!;
  const later = timeKey('2026-01-15T10:00:03Z')!;

  it.each<['lt' | 'lte' | 'eq' | 'gte' | 'gt', string, boolean]>([
    ['lt', later, true],
    ['lt', same, false],
    ['lte', same, true],
    ['lte', earlier, false],
    ['eq', same, true],
    ['eq', earlier, false],
    ['gte', same, true],
    ['gte', later, false],
    ['gt', earlier, true],
    ['gt', same, false],
  ])('%s against %s is %s', (op, key, want) => {
    expect(compareTime(stored, op, key)).toBe(want);
  });

  it('compares sub-millisecond digits, so created_at.gt=<last created_at> skips exactly that event', () => {
    expect(compareTime('2026-01-15T10:00:02.000000008Z', 'gt', same)).toBe(true);
    expect(compareTime('2026-01-15T10:00:02.000000006Z', 'gt', same)).toBe(false);
  });

  it('normalises a stored timestamp with an offset', () => {
    expect(compareTime('2026-01-15T12:00:02.000000007+02:00', 'eq', same)).toBe(true);
  });
});

describe('parseDuration', () => {
  it.each<[string, number | undefined]>([
    ['500ms', 500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['1m30s500ms', 90_500],
    ['30', 30_000],
    ['0', 0],
    [' 5s ', 5000],
    ['PT1H', 3_600_000],
    ['PT1.5S', 1500],
    ['P1D', 86_400_000],
    ['P1DT2H3M4S', 93_784_000],
    ['', undefined],
    ['P', undefined],
    ['PT', undefined],
    ['-5s', undefined],
    ['5', 5000],
    ['5 s', undefined],
    ['1h 30m', undefined],
    ['five seconds', undefined],
    ['5x', undefined],
    ['s', undefined],
  ])('%j → %s', (text, want) => {
    expect(parseDuration(text)).toBe(want);
  });
});

describe('timeKey on UTC timestamps (the fast path)', () => {
  // The same instant written with +00:00 takes the general path: both must agree, valid or not.
  const dates = ['2026-01-31', '2026-02-28', '2026-02-29', '2024-02-29', '2000-02-29', '1900-02-29', '0050-02-29', '0052-02-29', '0000-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-12-00', '9999-12-31'];
  const times = ['00:00:00', '23:59:59', '24:00:00', '12:60:00', '12:00:60'];
  const fractions = ['', '.1', '.123', '.123456', '.123456789', '.1234567890'];
  it('gives the same key as the same instant written +00:00', () => {
    let compared = 0;
    for (const d of dates)
      for (const t of times)
        for (const f of fractions) {
          expect(timeKey(`${d}T${t}${f}Z`), `${d}T${t}${f}Z`).toBe(timeKey(`${d}T${t}${f}+00:00`));
          compared++;
        }
    expect(compared).toBe(dates.length * times.length * fractions.length);
    expect(timeKey('2026-03-01T10:00:00.5Z')).toBe('2026-03-01T10:00:00.500000000Z');
    expect(timeKey('2024-02-29T23:59:59.123456789Z')).toBe('2024-02-29T23:59:59.123456789Z');
    expect(timeKey('2026-02-29T00:00:00Z')).toBeUndefined();
  });
});
