/**
 * @module test/support/notice
 * A loud "this check did NOT run" notice: printed at once, and appended to the
 * file named by PAXOS_TEST_NOTICES (scripts/test.sh sets it and repeats every
 * notice in its closing summary, so a skip cannot scroll away unseen).
 */
import { appendFileSync } from 'node:fs';

export function notice(text: string): void {
  const line = `NOTICE: ${text}`;
  console.warn(`\n${'!'.repeat(78)}\n${line}\n${'!'.repeat(78)}\n`);
  const file = process.env.PAXOS_TEST_NOTICES;
  if (file) {
    try {
      appendFileSync(file, `${line}\n`);
    } catch {
      // the printed notice above still stands
    }
  }
}
