/**
 * The examples of docs/testing.md: the vitest example runs here as it is (its
 * describe() registers in this file); the jest example runs with vitest's
 * describe/it/expect standing in for Jest's globals and is type-checked on its
 * own against the minimal Jest globals beside it. The doc must show both files
 * verbatim, with the package's import specifiers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../examples/testing/onboarding.vitest.test.js';

const EXAMPLES = new URL('../../examples/testing/', import.meta.url);
const FILES = ['onboarding.vitest.test.ts', 'onboarding.jest.test.ts'];

/** The example as a reader's project would write it: imports from the package. */
function asPublished(code: string): string {
  return code
    .replaceAll("from '../../src/testing.js'", "from 'paxos-identity-sandbox/testing'")
    .replaceAll("from '../../src/index.js'", "from 'paxos-identity-sandbox'")
    .trim();
}

describe('docs/testing.md', () => {
  it.each(FILES)('shows examples/testing/%s verbatim (package imports)', (file) => {
    const doc = readFileSync(new URL('../../docs/testing.md', import.meta.url), 'utf8');
    const code = asPublished(readFileSync(new URL(file, EXAMPLES), 'utf8'));
    expect(code).toContain("from 'paxos-identity-sandbox/testing'");
    expect(doc).toContain(code);
  });

  // The type-check itself is npm test's typecheck step (tsc -p tsconfig.json: strict, NodeNext),
  // whose program holds examples/ and so the jest example with its Jest-style globals beside it;
  // compiling it a second time here cost seconds and checked nothing more.
  it('has the jest example and its Jest-style globals in the type-checked program (strict, NodeNext)', () => {
    const configPath = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
    const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, fileURLToPath(new URL('../../', import.meta.url)));
    expect(parsed.options.strict).toBe(true);
    expect(parsed.options.module).toBe(ts.ModuleKind.NodeNext);
    expect(parsed.options.moduleResolution).toBe(ts.ModuleResolutionKind.NodeNext);
    for (const f of ['onboarding.jest.test.ts', 'jest-globals.d.ts']) expect(parsed.fileNames).toContain(fileURLToPath(new URL(f, EXAMPLES)));
    expect(readFileSync(fileURLToPath(new URL('../../scripts/test.sh', import.meta.url)), 'utf8')).toContain('tsc --noEmit -p tsconfig.json');
  });
});

// Jest's globals, played by vitest's, for the jest example.
Object.assign(globalThis, { describe, it, expect, beforeAll, afterAll });
const jestExample = new URL('onboarding.jest.test.ts', EXAMPLES).href;
await import(/* @vite-ignore */ jestExample);
