/**
 * @module contracts/consumer/pact-files
 * Consumer tests write their pact to a temporary directory; this module
 * compares it with the committed copy in contracts/pacts/ (or, when asked,
 * replaces the committed copy). Version metadata of pact-js and pact-core is
 * ignored, so upgrading Pact does not count as a contract change.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pactFileName, type ProviderName } from './participants.js';

/** contracts/pacts/ of this checkout. */
export const COMMITTED_PACTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'pacts');

/** The command that regenerates the committed pacts. */
export const REGENERATE_COMMAND = 'npm run contracts:pacts';

/** A fresh temporary directory for one test file's pact. */
export function temporaryPactDir(): string {
  return mkdtempSync(join(tmpdir(), 'paxos-pacts-'));
}

/** The pact as committed: keys sorted, no tool version metadata, 2-space JSON with a final newline. */
export function normalisePact(text: string): string {
  const pact = JSON.parse(text) as { metadata?: Record<string, unknown> };
  if (pact.metadata) {
    delete pact.metadata['pact-js'];
    delete pact.metadata.pactJs;
    delete pact.metadata.pactRust;
  }
  return `${JSON.stringify(sortKeys(pact), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

export interface PactCheck {
  ok: boolean;
  message: string;
}

/**
 * Compare (or, with `update`, replace) the committed pact of `provider` with the
 * one just written to `generatedDir`.
 * @example
 * afterAll(() => { const r = checkPactFile({ provider, generatedDir: dir, update }); expect(r.ok, r.message).toBe(true); });
 */
export function checkPactFile(options: { provider: ProviderName; generatedDir: string; committedDir?: string; update?: boolean }): PactCheck {
  const { provider, generatedDir, committedDir = COMMITTED_PACTS_DIR, update = false } = options;
  const file = pactFileName(provider);
  const generated = normalisePact(readFileSync(join(generatedDir, file), 'utf8'));
  const target = join(committedDir, file);
  const shown = relative(process.cwd(), target) || target;
  if (update) {
    mkdirSync(committedDir, { recursive: true });
    writeFileSync(target, generated);
    return { ok: true, message: `wrote ${shown}` };
  }
  let committed: string | undefined;
  try {
    committed = normalisePact(readFileSync(target, 'utf8'));
  } catch {
    committed = undefined;
  }
  if (committed === generated) return { ok: true, message: `${shown} is up to date` };
  const why = committed === undefined ? `${shown} is missing` : `${shown} differs from what the consumer tests generate (${firstDifference(committed, generated)})`;
  return { ok: false, message: `${why}; run \`${REGENERATE_COMMAND}\` and commit the result` };
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}: committed ${JSON.stringify(x[i]?.trim() ?? '<end>')}, generated ${JSON.stringify(y[i]?.trim() ?? '<end>')}`;
  }
  return 'no line differs';
}

/** Whether the run asked to rewrite the committed pacts (`PACT_UPDATE=1`, set by the contracts:pacts script). */
export function updateRequested(env: Record<string, string | undefined>): boolean {
  return env.PACT_UPDATE === '1';
}
