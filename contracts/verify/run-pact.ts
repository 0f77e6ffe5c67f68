/**
 * @module contracts/verify/run-pact
 * Run pact-js's Verifier for one pact file and return pact-core's JSON
 * results, whether the verification passed or failed (pact-core rejects with
 * the same JSON as the error message on failure).
 */
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';

/** pact-core's verification result document (the parts we read). */
export interface CoreResults {
  result?: boolean;
  errors?: Array<{ interaction?: string; mismatch?: CoreMismatch }>;
  notices?: unknown[];
  output?: string[];
  pendingErrors?: unknown[];
}

export type CoreMismatch =
  | { type: 'mismatches'; mismatches: Array<Record<string, unknown>>; interactionId?: string }
  | { type: 'error'; message: string; interactionId?: string }
  | Record<string, unknown>;

export interface PactRun {
  ok: boolean;
  results: CoreResults;
  /** Set when pact-core did not produce results at all (bad arguments, crash). */
  crash?: string;
}

/**
 * @example const run = await runPact({ provider: 'paxos-identity-api', pactUrls: [file], providerBaseUrl, stateHandlers });
 */
export async function runPact(options: VerifierOptions): Promise<PactRun> {
  const verifier = new Verifier({ logLevel: 'warn', ...options });
  try {
    const text = await verifier.verifyProvider();
    return { ok: true, results: parse(text) ?? { result: true } };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    const results = parse(message);
    return results ? { ok: false, results } : { ok: false, results: { result: false }, crash: message };
  }
}

function parse(text: unknown): CoreResults | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as CoreResults) : undefined;
  } catch {
    return undefined;
  }
}
