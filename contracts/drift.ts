#!/usr/bin/env node
/**
 * @module contracts/drift
 * `npx tsx contracts/drift.ts contracts/results/simulator.json contracts/results/sandbox.json`
 *
 * Lists the interactions on which two verification targets disagree: passed
 * on one and failed on the other, or failed on both with different mismatches.
 * Exit 0 when they agree, 1 when they disagree, 2 when a file cannot be read.
 */
import { readFileSync } from 'node:fs';
import { compareResults, renderDrift } from './verify/drift-compare.js';
import type { TargetResults } from './verify/results.js';

function load(path: string): TargetResults {
  const value = JSON.parse(readFileSync(path, 'utf8')) as TargetResults;
  if (typeof value?.target !== 'string' || !Array.isArray(value.interactions)) {
    throw new Error(`${path} is not a verification result (contracts/results/<target>.json)`);
  }
  return value;
}

function main(argv: string[]): number {
  const files = argv.filter((a) => !a.startsWith('--'));
  if (files.length !== 2) {
    process.stderr.write('usage: npx tsx contracts/drift.ts <a.json> <b.json>   (e.g. contracts/results/simulator.json contracts/results/sandbox.json)\n');
    return 2;
  }
  let a: TargetResults;
  let b: TargetResults;
  try {
    [a, b] = files.map(load) as [TargetResults, TargetResults];
  } catch (err) {
    process.stderr.write(`contracts/drift: ${(err as Error).message}\n`);
    return 2;
  }
  // Two runs of the same target: name them by file instead.
  if (a.target === b.target) [a, b] = [{ ...a, target: files[0] }, { ...b, target: files[1] }];
  const drift = compareResults(a, b);
  process.stdout.write(renderDrift(drift));
  return drift.disagreements.length ? 1 : 0;
}

process.exit(main(process.argv.slice(2)));
