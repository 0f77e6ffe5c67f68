/**
 * Timestamps (simulator/domain/timestamps.ts) and durations (parseDuration in
 * simulator/clock.ts, which the decision rules and KYC settings use).
 */
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../simulator/clock.js';
import { compareTime, preciseTimestamp, timeKey } from '../../../simulator/domain/timestamps.js';

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

describe('preciseTimestamp', () => {
  const ms = Date.parse('2026-01-15T10:00:02.345Z');

  it('adds microsecond or nanosecond digits from the sequence number', () => {
    expect(preciseTimestamp(ms, 6, 7)).toBe('2026-01-15T10:00:02.345007Z');
    expect(preciseTimestamp(ms, 9, 7)).toBe('2026-01-15T10:00:02.345000007Z');
    expect(preciseTimestamp(ms, 9, 1_234_567)).toBe('2026-01-15T10:00:02.345234567Z');
  });

  it('keeps records of the same millisecond distinct and ordered as the sequence grows', () => {
    const stamps = [1, 2, 10, 99, 100, 999].map((seq) => preciseTimestamp(ms, 6, seq));
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('parses back to the same millisecond', () => {
    expect(Date.parse(preciseTimestamp(ms, 9, 42))).toBe(ms);
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
