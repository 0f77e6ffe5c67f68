/**
 * The README shows the example programs verbatim; the examples themselves
 * run in test/client/readme-examples.test.ts and test/testing/examples.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli-process.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const SHOWN = ['examples/client/onboard-person.ts', 'examples/client/webhook-receiver.ts'];

describe('README examples', () => {
  it.each(SHOWN)('shows %s verbatim', (file) => {
    expect(existsSync(join(REPO_ROOT, file))).toBe(true);
    expect(README).toContain(readFileSync(join(REPO_ROOT, file), 'utf8').trim());
  });

  it('shows the vitest example verbatim, with package imports instead of relative ones', () => {
    const code = readFileSync(join(REPO_ROOT, 'examples/testing/onboarding.vitest.test.ts'), 'utf8')
      .trim()
      .replaceAll("from '../../src/testing.js'", "from 'paxos-identity-sandbox/testing'")
      .replaceAll("from '../../src/index.js'", "from 'paxos-identity-sandbox'");
    expect(README).toContain(code);
  });
});
