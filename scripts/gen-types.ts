/**
 * Writes src/generated/paxos-identity.d.ts from contracts/openapi/paxos-identity.yaml.
 * Usage: tsx scripts/gen-types.ts [--check]   (--check exits 1 if the file is out of date)
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, TYPES_PATH, generateTypes } from '../contracts/tools/gen-types.js';

const out = join(REPO_ROOT, TYPES_PATH);
const text = await generateTypes();
if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${TYPES_PATH} is out of date: run npm run gen:types`);
    process.exit(1);
  }
  console.log(`${TYPES_PATH} is up to date`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text, 'utf8');
  console.log(`wrote ${TYPES_PATH}`);
}
