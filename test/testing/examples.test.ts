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

  it('type-checks the jest example against Jest-style globals (strict, NodeNext)', { timeout: 90_000 }, () => {
    const files = ['onboarding.jest.test.ts', 'jest-globals.d.ts'].map((f) => fileURLToPath(new URL(f, EXAMPLES)));
    const program = ts.createProgram(files, {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});

// Jest's globals, played by vitest's, for the jest example.
Object.assign(globalThis, { describe, it, expect, beforeAll, afterAll });
const jestExample = new URL('onboarding.jest.test.ts', EXAMPLES).href;
await import(/* @vite-ignore */ jestExample);
