/**
 * @module store/located
 * Where a row's JSON text is on disk, packed into one number (a row costs a
 * number in memory, not its text): the file (0 or 2: the snapshot `db.json`,
 * in one of two slots, so that while a compaction re-points rows to the new
 * snapshot a little at a time, rows not yet re-pointed still read the old
 * one; 1: the journal), the byte offset and the byte length.
 *
 *   location = (offset * 2^LENGTH_BITS + length) * 4 + file
 *
 * which stays below 2^53 (exact in a double) for offsets below 2^33 (8 GiB)
 * and rows shorter than 2^18 bytes (256 KiB); a row that does not fit stays
 * in memory as text.
 */

export type LocatedFile = 0 | 1 | 2;
/** the snapshot slot a data file is loaded into */
export const SNAPSHOT: LocatedFile = 0;
export const JOURNAL: LocatedFile = 1;
/** the snapshot slots, alternating from one compaction to the next */
export const otherSnapshot = (file: LocatedFile): LocatedFile => (file === 0 ? 2 : 0);
const LENGTH_BITS = 18;
const LENGTH_SPAN = 2 ** LENGTH_BITS;
/** the longest row kept on disk (longer ones stay as text) */
export const MAX_LOCATED_BYTES = LENGTH_SPAN - 1;
const OFFSET_SPAN = 2 ** 33;

/** The location of `length` bytes at `offset` of `file`, or undefined if they do not fit in one number. */
export function locate(file: LocatedFile, offset: number, length: number): number | undefined {
  if (length > MAX_LOCATED_BYTES || length < 0 || offset < 0 || offset >= OFFSET_SPAN) return undefined;
  return (offset * LENGTH_SPAN + length) * 4 + file;
}

export function fileOf(location: number): LocatedFile {
  return (location % 4) as LocatedFile;
}

export function lengthOf(location: number): number {
  return Math.floor(location / 4) % LENGTH_SPAN;
}

export function offsetOf(location: number): number {
  return Math.floor(Math.floor(location / 4) / LENGTH_SPAN);
}

/** Reads located rows (the file store's JournalFile). */
export interface RowReader {
  /** The row's JSON text. */
  text(location: number): string;
  /** Copy the row's bytes into `target` at `at` (lengthOf(location) bytes). */
  copy(location: number, target: Buffer, at: number): void;
}
