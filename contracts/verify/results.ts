/**
 * @module contracts/verify/results
 * The per-target verification result: every interaction of every pact with
 * passed/failed and its mismatches in words. Written as
 * contracts/results/<target>.json (for drift.ts and machines) and
 * <target>.md (for people); contracts/results/ is git-ignored.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreResults, PactRun } from './run-pact.js';
import { renderMarkdown } from './report-md.js';

export interface InteractionResult {
  /** Provider name of the pact, e.g. `paxos-identity-api`. */
  provider: string;
  description: string;
  states: string[];
  status: 'passed' | 'failed';
  /** One line per mismatch, e.g. `$.summary_status: Expected 'PENDING' to match '…'`. */
  mismatches: string[];
}

export interface TargetResults {
  target: string;
  baseUrl: string;
  tokenUrl: string;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  interactions: InteractionResult[];
  /** Provider states whose setup failed (the interactions that needed them fail too). */
  stateFailures: Array<{ state: string; message: string }>;
  /** Pacts pact-core could not verify at all. */
  errors: string[];
}

/** The interactions of one pact file, as pact-js wrote them. */
export interface PactInteraction {
  description: string;
  providerStates?: Array<{ name: string }>;
}

/**
 * Turn pact-core's results for one pact into our per-interaction results.
 * Interactions missing from pact-core's list (it never got to them) count as failed.
 */
export function interactionResults(provider: string, interactions: PactInteraction[], run: PactRun): InteractionResult[] {
  const core: CoreResults = run.results;
  const byDescription = new Map((core as { interactionResults?: Array<{ description: string; result: string }> }).interactionResults?.map((r) => [r.description, r.result]));
  return interactions.map((interaction) => {
    const errors = (core.errors ?? []).filter((e) => e.interaction?.endsWith(` - ${interaction.description}`) || e.interaction === interaction.description);
    const mismatches = errors.flatMap((e) => describeMismatch(e.mismatch));
    const reported = byDescription.get(interaction.description);
    const passed = run.crash === undefined && errors.length === 0 && (reported === undefined ? run.ok : reported === 'OK');
    return {
      provider,
      description: interaction.description,
      states: (interaction.providerStates ?? []).map((s) => s.name),
      status: passed ? 'passed' : 'failed',
      mismatches: passed ? [] : mismatches.length ? mismatches : [run.crash ?? 'not verified (see the verifier output)'],
    };
  });
}

function describeMismatch(mismatch: unknown): string[] {
  if (typeof mismatch !== 'object' || mismatch === null) return [];
  const m = mismatch as { type?: string; message?: string; mismatches?: Array<Record<string, unknown>> };
  if (m.type === 'error') return [String(m.message)];
  return (m.mismatches ?? []).map((x) => {
    const where = typeof x.path === 'string' && x.path ? `${x.path}: ` : typeof x.key === 'string' ? `header ${x.key}: ` : '';
    const text = typeof x.mismatch === 'string' ? x.mismatch : `expected ${JSON.stringify(x.expected)}, got ${JSON.stringify(x.actual)}`;
    return `${where}${text}`;
  });
}

/** Write `<dir>/<target>.json` and `<dir>/<target>.md`; returns both paths. */
export function writeResults(dir: string, results: TargetResults): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${results.target}.json`);
  const markdown = join(dir, `${results.target}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(markdown, renderMarkdown(results));
  return { json, markdown };
}
