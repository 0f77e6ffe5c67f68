/**
 * @module domain/timestamps
 * RFC 3339 timestamps with sub-millisecond digits, as Paxos returns them
 * (identities carry microseconds, events nanoseconds; REFERENCE.md §7.4).
 *
 * The simulator's clock has millisecond resolution; the extra digits are a
 * counter that keeps timestamps strictly increasing, so `created_at.gt=<last
 * created_at>` is lossless for records that share a millisecond. Keys compare
 * as plain strings.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** What Date.UTC makes of the year: 0–99 are read as 1900–1999 (the slow path's day check uses it). */
const isLeapAsDateUtc = (y: number) => {
  const year = y < 100 ? 1900 + y : y;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
};
const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const two = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);
/** In UTC with `T` and `Z` (what the simulator issues): YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z. */
const UTC_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** A normalised, string-comparable key: YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ. */
export function timeKey(text: string): string | undefined {
  // Fast path, same answer as below: a UTC timestamp with valid fields is already its own key
  // once the fraction is padded to nine digits.
  if (UTC_STAMP.test(text)) {
    const y = digit(text, 0) * 1000 + digit(text, 1) * 100 + two(text, 2);
    const mo = two(text, 5);
    const d = two(text, 8);
    const days = mo === 2 && isLeapAsDateUtc(y) ? 29 : DAYS_IN_MONTH[mo - 1];
    if (mo < 1 || mo > 12 || d < 1 || d > days || two(text, 11) > 23 || two(text, 14) > 59 || two(text, 17) > 59) return undefined;
    if (text.length === 30) return text; // nine digits already
    const fraction = text.length > 20 ? text.slice(20, -1) : '';
    return `${text.slice(0, 19)}.${fraction.padEnd(9, '0')}Z`;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  // Date.parse rolls impossible fields over (Feb 30 → Mar 2, 24:00 → next day); refuse them instead.
  const [y, mo, d] = m[1].split('-').map(Number);
  const [h, mi, s] = m[2].split(':').map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4].toUpperCase() === 'Z' ? 'Z' : m[4]}`);
  if (Number.isNaN(ms)) return undefined;
  const fraction = (m[3] ?? '').padEnd(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Where the last precise timestamp was issued: its millisecond and counter. */
export interface Stamp {
  ms: number;
  n: number;
}

/**
 * Format `ms` with `digits` fractional digits; the digits past the millisecond
 * are the counter `n`.
 */
export function formatStamp(ms: number, n: number, digits: 6 | 9): string {
  // records made together share a millisecond: its text is kept from the last call
  if (ms !== lastFormatted.ms) lastFormatted = { ms, base: new Date(ms).toISOString().slice(0, 23) }; // ...SS.mmm
  const width = digits - 3;
  return `${lastFormatted.base}${String(n).padStart(width, '0')}Z`;
}
let lastFormatted = { ms: NaN, base: '' };

/**
 * The next timestamp after `last`, at `nowMs`: records made in the same
 * millisecond (a frozen clock) get increasing counters, so timestamps are
 * strictly increasing and `created_at.gt=<last seen>` never skips or repeats.
 * When a millisecond's counter is full, the timestamp moves on to the next
 * millisecond; it never goes back, even if the clock does.
 */
export function nextStamp(last: Stamp | undefined, nowMs: number, digits: 6 | 9): { stamp: Stamp; text: string } {
  const limit = 10 ** (digits - 3);
  let stamp: Stamp;
  if (!last || nowMs > last.ms) stamp = { ms: nowMs, n: 0 };
  else if (last.n + 1 < limit) stamp = { ms: last.ms, n: last.n + 1 };
  else stamp = { ms: last.ms + 1, n: 0 };
  return { stamp, text: formatStamp(stamp.ms, stamp.n, digits) };
}

/** Compare a stored timestamp with a filter operator. */
export function compareTime(stored: string, op: 'lt' | 'lte' | 'eq' | 'gte' | 'gt', filterKey: string): boolean {
  const k = timeKey(stored) ?? stored;
  switch (op) {
    case 'lt':
      return k < filterKey;
    case 'lte':
      return k <= filterKey;
    case 'eq':
      return k === filterKey;
    case 'gte':
      return k >= filterKey;
    case 'gt':
      return k > filterKey;
  }
}
