/**
 * The fault-injection example (examples/testing/retries.vitest.test.ts) runs
 * here as it is: the typed client's retry logic proven against injected
 * faults. docs/faults.md must show it verbatim, with the package's imports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../../examples/testing/retries.vitest.test.js';

describe('docs/faults.md', () => {
  it('shows examples/testing/retries.vitest.test.ts verbatim (package imports)', () => {
    const code = readFileSync(new URL('../../examples/testing/retries.vitest.test.ts', import.meta.url), 'utf8')
      .replaceAll("from '../../src/testing.js'", "from 'paxos-identity-sandbox/testing'")
      .replaceAll("from '../../src/index.js'", "from 'paxos-identity-sandbox'")
      .trim();
    expect(readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8')).toContain(code);
  });
});
