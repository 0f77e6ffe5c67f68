/**
 * @module retry
 * Pure retry arithmetic: which answers are worth retrying, how long to wait
 * (jittered exponential backoff), and how to read a `Retry-After` header.
 * No clocks or timers here; the transport injects them.
 */

/** How often and how patiently failed requests are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). Default 3. */
  retries: number;
  /** Backoff base: attempt n waits between base·2ⁿ/2 and base·2ⁿ. Default 250 ms. */
  baseDelayMs: number;
  /** Upper bound of the computed backoff (a server's Retry-After may exceed it). Default 10 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000 };

/** Methods Paxos's API treats as idempotent: a repeat cannot create a second record. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** 429 Too Many Requests and any 5xx are transient. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * "Equal jitter" backoff for the retry that follows attempt `attempt` (0-based):
 * half the capped exponential delay is fixed, the other half random, so clients
 * that failed together do not retry together but never retry immediately.
 * @example backoffMs(2, { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5) // 300
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + (cap / 2) * random());
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). `undefined` when absent or unreadable.
 * @example retryAfterMs('2', 0) // 2000
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Validate a user-supplied policy once, at construction. */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { retries, baseDelayMs, maxDelayMs } = policy;
  const ok = (n: number) => Number.isFinite(n) && n >= 0;
  if (!Number.isInteger(retries) || !ok(retries)) throw new TypeError(`retry.retries must be a whole number ≥ 0, got ${retries}`);
  if (!ok(baseDelayMs)) throw new TypeError(`retry.baseDelayMs must be a number ≥ 0, got ${baseDelayMs}`);
  if (!ok(maxDelayMs)) throw new TypeError(`retry.maxDelayMs must be a number ≥ 0, got ${maxDelayMs}`);
  return { retries, baseDelayMs, maxDelayMs };
}
