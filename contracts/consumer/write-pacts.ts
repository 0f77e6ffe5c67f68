#!/usr/bin/env node
/**
 * @module contracts/consumer/write-pacts
 * `npm run contracts:pacts`: run the consumer and message pact tests with
 * PACT_UPDATE=1, which makes each test file replace its committed pact in
 * contracts/pacts/ instead of failing on a difference. Commit the result.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const contracts = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(contracts, '..');
const files = [join(contracts, 'consumer'), join(contracts, 'messages')].map((dir) => relative(root, dir));

const run = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PACT_UPDATE: '1', PACT_DO_NOT_TRACK: process.env.PACT_DO_NOT_TRACK ?? 'true' },
});
process.exit(run.status ?? 1);
