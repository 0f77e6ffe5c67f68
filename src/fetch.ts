/**
 * @module fetch
 * The injectable fetch type and one bounded request: a per-request timeout that
 * covers the whole answer (headers and body), turning every way a request can
 * fail without an HTTP answer into a PaxosNetworkError. Never hangs, even when
 * the injected fetch ignores abort signals.
 */
import { PaxosNetworkError } from './errors.js';

/**
 * Anything fetch-shaped: `globalThis.fetch`, undici's fetch, or an in-process
 * app, e.g. `(input, init) => app.request(input, init)` for a Hono app.
 */
export type FetchLike = (input: Request, init?: RequestInit) => Response | Promise<Response>;

/**
 * Send `request` and read its body within `timeoutMs`. Returns a Response whose
 * body is already buffered. An abort by the caller's own signal is re-thrown
 * as is (it is not a network failure and must not be retried).
 */
export async function fetchWithin(fetch: FetchLike, request: Request, timeoutMs: number): Promise<Response> {
  const timeout = new AbortController();
  const signal = AbortSignal.any([request.signal, timeout.signal]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timeout.abort();
      reject(new PaxosNetworkError({ url: request.url, timedOut: true, message: `request to ${request.url} timed out after ${timeoutMs} ms` }));
    }, timeoutMs);
  });
  const callerAborted = new Promise<never>((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
  const attempt = (async () => {
    const response = await fetch(new Request(request, { signal }));
    const body = await response.arrayBuffer();
    return new Response(body.byteLength > 0 ? body : null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  })();
  attempt.catch(() => undefined); // the race below reports the failure
  expired.catch(() => undefined);
  callerAborted.catch(() => undefined);
  try {
    return await Promise.race([attempt, expired, callerAborted]);
  } catch (err) {
    if (err instanceof PaxosNetworkError || request.signal.aborted) throw err;
    throw new PaxosNetworkError({ url: request.url, timedOut: false, cause: err, message: `request to ${request.url} failed: ${describe(err)}` });
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err.cause as { code?: string } | undefined)?.code;
    return code ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
