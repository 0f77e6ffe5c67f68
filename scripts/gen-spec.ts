/**
 * Writes simulator/spec/generated/spec-document.ts: our OpenAPI document
 * (contracts/openapi/paxos-identity.yaml) parsed once at build time, as JSON
 * text plus the SHA-256 of the YAML it came from. At start-up the simulator
 * hashes the YAML (well under a millisecond) and, when it matches, uses this
 * instead of parsing YAML (a third of the start-up time before). When it does
 * not match (the YAML was edited and this was not regenerated) the YAML is
 * parsed as before, so a stale file costs time, never correctness.
 *
 * Usage: tsx scripts/gen-spec.ts [--check]   (--check exits 1 if the file is out of date)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSpecModule, SPEC_MODULE_PATH } from '../simulator/spec/spec-module.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, SPEC_MODULE_PATH);
const text = renderSpecModule(readFileSync(join(root, 'contracts/openapi/paxos-identity.yaml'), 'utf8'));
if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${SPEC_MODULE_PATH} is out of date: run npm run gen:types`);
    process.exit(1);
  }
  console.log(`${SPEC_MODULE_PATH} is up to date`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text, 'utf8');
  console.log(`wrote ${SPEC_MODULE_PATH}`);
}
