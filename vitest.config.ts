import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Files that take the longest (child processes, a package build, a browser) start first, so
 * that on two workers they overlap with the many short files instead of trailing at the end.
 * On a fresh clone vitest has no timings of its own to sort by; after a run, its cache takes over
 * among the rest.
 */
const SLOW_FIRST = [
  'test/package/pack.test.ts',
  'test/e2e/durability.test.ts',
  'test/browser/dashboard.browser.test.ts',
  'test/client/simulator.test.ts',
  'test/scenarios/demo-cli.test.ts',
  'test/browser/docs.browser.test.ts',
  'test/proxy/proxy.test.ts',
  'test/contracts/verify-targets.test.ts',
  'test/contracts/verify-cli.test.ts',
  'test/api/fuzz-property.test.ts',
  'test/api/cli.test.ts',
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contracts/**/*.test.ts', 'fixtures/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine.
    // Many suites wait on sockets and child processes, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    // Files share a worker's module cache (the spec, ajv schemas, tsx transforms load once per
    // worker, not once per file). No suite mocks modules or changes globals.
    isolate: false,
    sequence: { sequencer: SlowFirstSequencer },
    env: { PACT_DO_NOT_TRACK: 'true' },
  },
});
