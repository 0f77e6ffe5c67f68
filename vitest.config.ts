import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

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
    env: { PACT_DO_NOT_TRACK: 'true' },
  },
});
