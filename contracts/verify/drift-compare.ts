/**
 * @module contracts/verify/drift-compare
 * Compare two targets' verification results (contracts/results/<target>.json):
 * which interactions passed on one and failed on the other, or failed on both
 * for different reasons. Ids, instants and run-specific ref_ids are masked
 * before mismatches are compared, since they differ on every run.
 */
import type { InteractionResult, TargetResults } from './results.js';

export interface Disagreement {
  provider: string;
  description: string;
  a: Pick<InteractionResult, 'status' | 'mismatches'>;
  b: Pick<InteractionResult, 'status' | 'mismatches'>;
}

export interface Drift {
  a: string;
  b: string;
  disagreements: Disagreement[];
  /** Interactions verified on only one of the two targets (e.g. webhooks: simulator only). */
  onlyA: string[];
  onlyB: string[];
  agreeing: number;
}

const key = (i: Pick<InteractionResult, 'provider' | 'description'>) => `${i.provider}: ${i.description}`;

/** Mismatch text without the values that change from run to run. */
export function maskVolatile(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>')
    .replace(/\b([a-z][a-z0-9_]*(?:-[a-z0-9_]+)*)-[a-z0-9]{6}-\d+\b/g, '$1-<run>');
}

const signature = (r: InteractionResult) => r.mismatches.map(maskVolatile).sort().join('\n');

/**
 * @example const drift = compareResults(simulatorResults, sandboxResults); if (drift.disagreements.length) process.exitCode = 1;
 */
export function compareResults(a: TargetResults, b: TargetResults): Drift {
  const inB = new Map(b.interactions.map((i) => [key(i), i]));
  const inA = new Map(a.interactions.map((i) => [key(i), i]));
  const drift: Drift = { a: a.target, b: b.target, disagreements: [], onlyA: [], onlyB: [], agreeing: 0 };
  for (const left of a.interactions) {
    const right = inB.get(key(left));
    if (!right) {
      drift.onlyA.push(key(left));
      continue;
    }
    const differ = left.status !== right.status || (left.status === 'failed' && signature(left) !== signature(right));
    if (!differ) {
      drift.agreeing++;
      continue;
    }
    drift.disagreements.push({
      provider: left.provider,
      description: left.description,
      a: { status: left.status, mismatches: left.mismatches },
      b: { status: right.status, mismatches: right.mismatches },
    });
  }
  drift.onlyB = b.interactions.filter((i) => !inA.has(key(i))).map(key);
  return drift;
}

/** The drift as plain text, one block per disagreement. */
export function renderDrift(drift: Drift): string {
  const width = Math.max(drift.a.length, drift.b.length);
  const side = (name: string, r: Disagreement['a']) => [
    `    ${`${name}:`.padEnd(width + 1)} ${r.status}`,
    ...r.mismatches.map((m) => `      ${m}`),
  ];
  const lines = [
    drift.disagreements.length
      ? `${drift.a} and ${drift.b} disagree on ${drift.disagreements.length} interaction(s) (${drift.agreeing} agree):`
      : `${drift.a} and ${drift.b} agree on all ${drift.agreeing} interactions they both verified.`,
  ];
  for (const d of drift.disagreements) lines.push('', `  ${d.provider}: ${d.description}`, ...side(drift.a, d.a), ...side(drift.b, d.b));
  if (drift.onlyA.length) lines.push('', `Verified on ${drift.a} only (not compared): ${drift.onlyA.length}`, ...drift.onlyA.map((k) => `  ${k}`));
  if (drift.onlyB.length) lines.push('', `Verified on ${drift.b} only (not compared): ${drift.onlyB.length}`, ...drift.onlyB.map((k) => `  ${k}`));
  return `${lines.join('\n')}\n`;
}
