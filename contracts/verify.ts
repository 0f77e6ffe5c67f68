#!/usr/bin/env node
/**
 * @module contracts/verify
 * `npx tsx contracts/verify.ts --target simulator|sandbox [--pacts DIR] [--results DIR] [--connect-timeout MS]`
 *
 * One verification, two targets. `simulator` starts a fresh simulator and
 * verifies every pact (HTTP and webhook messages); `sandbox` verifies the HTTP
 * pacts against PAXOS_BASE_URL / PAXOS_TOKEN_URL (default: Paxos's sandbox)
 * with PAXOS_CLIENT_ID / PAXOS_CLIENT_SECRET. Writes
 * contracts/results/<target>.json and .md. Exit 0 when every interaction
 * passed, 1 when any failed or the target cannot be reached, 2 for bad usage.
 * The only contracts module that reads process.env, argv or the wall clock.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_SCOPES } from './provider/states.js';
import { createRunIds, newRunId } from './provider/run-ids.js';
import { verifyHttpPacts, type HttpVerification } from './verify/http-pacts.js';
import { verifyMessagePacts } from './verify/message-pacts.js';
import { preflight } from './verify/preflight.js';
import { writeResults, type TargetResults } from './verify/results.js';
import { SANDBOX_VARIABLES, sandboxTarget, simulatorTarget, TARGET_NAMES, type Target, type TargetName } from './verify/target.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: npx tsx contracts/verify.ts --target ${TARGET_NAMES.join('|')} [--pacts DIR] [--results DIR] [--connect-timeout MS]

  simulator  start a simulator (in memory, free port) and verify every pact, webhooks included
  sandbox    verify the HTTP pacts against ${SANDBOX_VARIABLES.baseUrl} (default https://api.sandbox.paxos.com/v2)
             and ${SANDBOX_VARIABLES.tokenUrl} (default https://oauth.sandbox.paxos.com/oauth2/token)
             with ${SANDBOX_VARIABLES.clientId} and ${SANDBOX_VARIABLES.clientSecret}
             (the client needs the scopes ${FULL_SCOPES.join(', ')})
`;

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Args {
  target: TargetName;
  pactsDir: string;
  resultsDir: string;
  /** Bound of the reachability check (token request, first API call). */
  connectTimeoutMs: number;
}

function parseArgs(argv: string[]): Args | string {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const target = value('--target');
  if (!target || !TARGET_NAMES.includes(target as TargetName)) return `contracts/verify: --target must be one of ${TARGET_NAMES.join(', ')}`;
  const connectTimeoutMs = Number(value('--connect-timeout') ?? 10_000);
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs <= 0) return 'contracts/verify: --connect-timeout must be a positive number of milliseconds';
  return {
    target: target as TargetName,
    pactsDir: value('--pacts') ?? join(HERE, 'pacts'),
    resultsDir: value('--results') ?? join(HERE, 'results'),
    connectTimeoutMs,
  };
}

/** The whole command; `env` is where the sandbox credentials come from. Exported for in-process tests. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  if (argv.includes('--help')) return (out(USAGE), 0);
  const args = parseArgs(argv);
  if (typeof args === 'string') return (err(`${args}\n\n${USAGE}`), 2);

  let target: Target;
  if (args.target === 'sandbox') {
    const resolved = sandboxTarget(env);
    if (!resolved.ok) {
      err(`contracts/verify: the sandbox target needs ${resolved.missing.join(' and ')} (not set; nothing was sent).`);
      err(`  Set ${SANDBOX_VARIABLES.clientId} and ${SANDBOX_VARIABLES.clientSecret} to a Paxos sandbox API client; ${SANDBOX_VARIABLES.baseUrl} and ${SANDBOX_VARIABLES.tokenUrl} default to Paxos's sandbox.`);
      return 2;
    }
    target = resolved.target;
  } else target = await simulatorTarget();

  const startedMs = Date.now();
  const ids = createRunIds({ runId: newRunId(Math.random), random: Math.random });
  const fetch = (request: Request, init?: RequestInit) => globalThis.fetch(request, init);
  out(`Verifying the pacts in ${relative(process.cwd(), args.pactsDir) || '.'} against ${target.name}: ${target.baseUrl} (token ${target.tokenUrl}), run ${ids.runId}`);
  try {
    const check = await preflight(target, { fetch, timeoutMs: args.connectTimeoutMs });
    const parts: HttpVerification[] = [];
    if (check.ok) {
      const timeoutMs = target.name === 'sandbox' ? 60_000 : 20_000;
      parts.push(await verifyHttpPacts({ target, pactsDir: args.pactsDir, ids, fetch, sleep, now: () => Date.now(), timeoutMs }));
      if (target.name === 'simulator') parts.push(await verifyMessagePacts({ pactsDir: args.pactsDir, ids }));
    }

    const results: TargetResults = {
      target: target.name,
      baseUrl: target.baseUrl,
      tokenUrl: target.tokenUrl,
      startedAt: new Date(startedMs).toISOString(),
      durationMs: Date.now() - startedMs,
      ok: false,
      interactions: parts.flatMap((p) => p.interactions),
      stateFailures: parts.flatMap((p) => p.stateFailures),
      errors: [...(check.ok ? [] : [check.message]), ...parts.flatMap((p) => p.errors)],
    };
    results.ok = results.errors.length === 0 && results.interactions.length > 0 && results.interactions.every((i) => i.status === 'passed');
    // pact-core has already printed its own report (every interaction, mismatches in full) to stdout.
    report(results, writeResults(args.resultsDir, results));
    return results.ok ? 0 : 1;
  } finally {
    await target.close();
  }
}

function report(results: TargetResults, files: { json: string; markdown: string }): void {
  const failed = results.interactions.filter((i) => i.status === 'failed');
  out();
  for (const f of failed) {
    out(`FAILED ${f.provider}: ${f.description}`);
    for (const m of f.mismatches) out(`    ${m}`);
  }
  for (const s of results.stateFailures) out(`provider state "${s.state}" could not be set up: ${s.message}`);
  for (const e of results.errors) err(`contracts/verify: ${e}`);
  const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));
  const summary = results.interactions.length
    ? `${results.interactions.length - failed.length} of ${results.interactions.length} interactions passed`
    : 'nothing verified';
  out(`${results.target}: ${summary} in ${(results.durationMs / 1000).toFixed(1)} s (results: ${shown(files.json)}, ${shown(files.markdown)})`);
}

// Run when started as a script, not when a test imports main.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      err(`contracts/verify: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
}
