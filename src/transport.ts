/**
 * @module transport
 * The fetch that the openapi-fetch client is built on: bearer token, per-request
 * timeout, one re-send with a fresh token after a 401, and retries with
 * jittered exponential backoff that honour `Retry-After`.
 *
 * Decision: auth lives here rather than in an openapi-fetch `onRequest`
 * middleware because re-sending after a 401 or a 503 needs the original body,
 * and middleware only ever sees the single Request that fetch consumes.
 */
import type { TokenSource } from './auth.js';
import { fetchWithin, type FetchLike } from './fetch.js';
import { PaxosNetworkError } from './errors.js';
import { backoffMs, IDEMPOTENT_METHODS, isRetryableStatus, retryAfterMs, type RetryPolicy } from './retry.js';

export interface TransportOptions {
  fetch: FetchLike;
  /** Omit for unauthenticated requests (e.g. the pre-signed document upload URL). */
  tokens?: TokenSource;
  timeoutMs: number;
  retry: RetryPolicy;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** Per-call tweaks of the retry rules. */
export interface SendPolicy {
  /** Retry a non-idempotent method too (CreateIdentity with a `ref_id`). */
  retryUnsafe?: boolean;
  /** Called before a retry whose predecessor may have reached the server (5xx or network error). */
  onAmbiguousRetry?: () => void;
}

export interface Transport {
  send(request: Request, policy?: SendPolicy): Promise<Response>;
  /** A fetch function for openapi-fetch with `policy` applied. */
  fetchWith(policy?: SendPolicy): (request: Request) => Promise<Response>;
}

/** @example const transport = createTransport({ fetch, tokens, timeoutMs: 30_000, retry: DEFAULT_RETRY, random: Math.random, sleep, now: Date.now }); */
export function createTransport(options: TransportOptions): Transport {
  const { tokens, retry } = options;

  async function send(request: Request, policy: SendPolicy = {}): Promise<Response> {
    // Buffer the body once so every attempt can send it again.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const retryable = IDEMPOTENT_METHODS.has(request.method) || policy.retryUnsafe === true;
    let renewedToken = false;
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(request.headers);
      const token = tokens ? await tokens.get() : undefined;
      if (token) headers.set('authorization', `Bearer ${token}`);
      const outgoing = new Request(request.url, { method: request.method, headers, body, signal: request.signal });

      let response: Response | undefined;
      let failure: PaxosNetworkError | undefined;
      try {
        response = await fetchWithin(options.fetch, outgoing, options.timeoutMs);
      } catch (err) {
        if (!(err instanceof PaxosNetworkError)) throw err; // the caller aborted
        failure = err;
      }

      if (response?.status === 401 && token && !renewedToken) {
        // One fresh token per call: the old one may have expired early or been revoked.
        renewedToken = true;
        tokens!.invalidate(token);
        attempt--;
        continue;
      }
      const transient = failure !== undefined || isRetryableStatus(response!.status);
      if (!retryable || !transient || attempt >= retry.retries) {
        if (failure) throw failure;
        return response!;
      }
      if (failure || response!.status >= 500) policy.onAmbiguousRetry?.();
      const asked = retryAfterMs(response?.headers.get('retry-after'), options.now());
      await options.sleep(asked ?? backoffMs(attempt, retry, options.random));
      request.signal.throwIfAborted();
    }
  }

  return {
    send,
    fetchWith: (policy) => (request) => send(request, policy),
  };
}
