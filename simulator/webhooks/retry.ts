/**
 * @module webhooks/retry
 * The retry schedule (REFERENCE.md §6.4): exponential backoff with jitter, the
 * first retry about 5 s after the first failure, no attempt later than 24 h
 * after the first one. Pure: randomness comes in as a function.
 *
 * SANDBOX: Paxos documents neither the exact intervals nor the attempt count;
 * the factor, jitter and cap are the simulator's (config `webhooks.retry.*`).
 */
import type { Config } from '../config.js';

export type RetryPolicy = Config['webhooks']['retry'];

/**
 * Delay before retry number `attempt` (1 = the retry after the first failure):
 * min(initialMs · factor^(attempt-1), maxDelayMs) · (1 ± jitter).
 *
 * @example
 * backoffDelay(1, { initialMs: 5000, factor: 2, jitter: 0.2, maxDelayMs: 3_600_000, giveUpAfterMs: 86_400_000 }, () => 0.5)
 * // → 5000
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const base = Math.min(policy.initialMs * policy.factor ** Math.max(0, attempt - 1), policy.maxDelayMs);
  return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * random() - 1))));
}

/**
 * After a failed attempt: when to try next, or `undefined` to give up because
 * that time would fall more than giveUpAfterMs after the first attempt.
 */
export function nextAttemptAt(input: {
  failures: number;
  firstAttemptMs: number;
  nowMs: number;
  policy: RetryPolicy;
  random: () => number;
}): number | undefined {
  const next = input.nowMs + backoffDelay(input.failures, input.policy, input.random);
  return next - input.firstAttemptMs > input.policy.giveUpAfterMs ? undefined : next;
}
