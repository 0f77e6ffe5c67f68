/**
 * @module contracts/verify/preflight
 * Before any pact runs: can we get a token, and does the API answer? Both
 * within a short timeout, so an unreachable target or wrong credentials fail
 * in seconds with one clear sentence instead of fifteen timed-out interactions.
 */
import { createTokenSource, PaxosAuthError, type FetchLike } from '../../src/index.js';
import { FULL_SCOPES } from '../provider/states.js';
import type { Target } from './target.js';

export type PreflightResult = { ok: true } | { ok: false; message: string };

/** @example const check = await preflight(target, { fetch, timeoutMs: 10_000 }); if (!check.ok) fail(check.message); */
export async function preflight(target: Target, options: { fetch: FetchLike; timeoutMs: number }): Promise<PreflightResult> {
  const { fetch, timeoutMs } = options;
  let token: string;
  try {
    token = await createTokenSource({ ...target, scopes: [...FULL_SCOPES], fetch, timeoutMs }).get();
  } catch (err) {
    if (err instanceof PaxosAuthError && err.status !== undefined) {
      return { ok: false, message: `the token endpoint ${target.tokenUrl} refused the credentials: ${err.message}. Check PAXOS_CLIENT_ID / PAXOS_CLIENT_SECRET and that the client holds ${FULL_SCOPES.join(', ')}.` };
    }
    return { ok: false, message: `cannot reach the ${target.name} target: ${(err as Error).message}` };
  }
  const probe = new Request(`${target.baseUrl.replace(/\/+$/, '')}/identity/identities?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  try {
    const response = await Promise.race([fetch(probe, { signal: AbortSignal.timeout(timeoutMs) }), timeout(timeoutMs, probe.url)]);
    if (response.status === 404) return { ok: false, message: `${probe.url} answered 404: is ${target.baseUrl} the API base URL (ending in /v2)?` };
    return { ok: true };
  } catch (err) {
    return { ok: false, message: `cannot reach the ${target.name} API at ${target.baseUrl}: ${(err as Error).message}` };
  }
}

function timeout(ms: number, url: string): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from ${url} within ${ms} ms`)), ms);
    timer.unref();
  });
}
