/**
 * @module services/stamps
 * Precise, strictly increasing RFC 3339 timestamps for records, issued inside
 * a transaction (the last one issued is persisted, so a restart continues it).
 */
import { nextStamp } from '../domain/timestamps.js';
import type { StoreTx } from '../store/store.js';

/** 6 digits (identities, as Paxos: microseconds) or 9 (events: nanoseconds). */
export function issueTimestamp(tx: StoreTx, nowMs: number, digits: 6 | 9): string {
  const { stamp, text } = nextStamp(tx.settings.stamp, nowMs, digits);
  tx.setSetting('stamp', stamp);
  return text;
}
