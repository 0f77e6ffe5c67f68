/**
 * Regenerates what is built from contracts/openapi/paxos-identity.yaml:
 * src/generated/paxos-identity.d.ts (openapi-typescript), the spec parsed at
 * build time, simulator/spec/generated/spec-document.ts, and the spec's numeric
 * bounds as constants, simulator/spec/generated/spec-bounds.ts, and Create Identity's
 * request validator compiled by Ajv, simulator/spec/generated/create-identity-validator.ts.
 *
 * Usage: tsx scripts/gen-types.ts [--check]   (--check exits 1 if any file is out of date)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, TYPES_PATH, generateTypes } from '../contracts/tools/gen-types.js';
import { BOUNDS_MODULE_PATH, renderBoundsModule, renderSpecModule, SPEC_MODULE_PATH } from '../simulator/spec/spec-module.js';
import { renderValidatorModule, VALIDATOR_MODULE_PATH } from '../simulator/spec/validator-module.js';

const check = process.argv.includes('--check');
const yamlText = readFileSync(join(REPO_ROOT, 'contracts/openapi/paxos-identity.yaml'), 'utf8');
const outputs: Array<[path: string, text: string]> = [
  [TYPES_PATH, await generateTypes()],
  [SPEC_MODULE_PATH, renderSpecModule(yamlText)],
  [BOUNDS_MODULE_PATH, renderBoundsModule(yamlText)],
  [VALIDATOR_MODULE_PATH, renderValidatorModule(yamlText)],
];
let stale = false;
for (const [path, text] of outputs) {
  const out = join(REPO_ROOT, path);
  if (check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current === text) console.log(`${path} is up to date`);
    else {
      console.error(`${path} is out of date: run npm run gen:types`);
      stale = true;
    }
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text, 'utf8');
    console.log(`wrote ${path}`);
  }
}
if (stale) process.exit(1);
