/**
 * @module domain/timestamps
 * RFC 3339 timestamps with sub-millisecond digits, as Paxos returns them
 * (identities carry microseconds, events nanoseconds; REFERENCE.md §7.4).
 *
 * The simulator's clock has millisecond resolution; the extra digits make
 * `created_at.gt=<last created_at>` lossless for events that share a
 * millisecond. Keys compare as plain strings.
 */

/** A normalised, string-comparable key: YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ. */
export function timeKey(text: string): string | undefined {
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

/**
 * Format `ms` with `digits` fractional digits. The digits past the millisecond
 * come from the store's sequence number, so records made in the same
 * millisecond (a frozen clock) still get distinct, ordered timestamps.
 */
export function preciseTimestamp(ms: number, digits: 6 | 9, seq: number): string {
  const base = new Date(ms).toISOString(); // ...SS.mmmZ
  const width = digits - 3;
  const extra = String(seq % 10 ** width).padStart(width, '0');
  return `${base.slice(0, 23)}${extra}Z`;
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
