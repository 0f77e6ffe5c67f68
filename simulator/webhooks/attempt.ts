/**
 * @module webhooks/attempt
 * One HTTP POST to a consumer, turned into a plain result: status code or
 * error text, and latency. Never throws; a timeout, a refused or reset
 * connection all become `{ error }`.
 *
 * SANDBOX: redirects are not followed (a 3xx is a failed attempt) and the
 * per-attempt timeout is the simulator's (`webhooks.timeout`); Paxos documents
 * neither.
 */

export interface AttemptResult {
  ok: boolean;
  status_code?: number;
  latency_ms: number;
  error?: string;
}

/** Human-readable cause of a failed fetch, e.g. "connection refused (ECONNREFUSED)". */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const code = e?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${code})`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `connection closed by the consumer (${code})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${code})`;
    default:
      return [e?.message ?? String(err), e?.cause?.message].filter(Boolean).join(': ');
  }
}

/**
 * POST `body` to `url`, with the timeout covering the response body as well.
 *
 * @example
 * const r = await postOnce({ fetch, url, headers, body: '{}', timeoutMs: 10_000 });
 * if (!r.ok) console.log(r.error ?? `HTTP ${r.status_code}`);
 */
export async function postOnce(input: {
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  now?: () => number;
}): Promise<AttemptResult> {
  const now = input.now ?? (() => performance.now());
  const started = now();
  const elapsed = () => Math.round((now() - started) * 1000) / 1000;
  try {
    const res = await input.fetch(input.url, {
      method: 'POST',
      headers: input.headers,
      body: input.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    const latency_ms = elapsed();
    // Read the (short) answer so the connection can be reused; its text explains failures.
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { ok: true, status_code: res.status, latency_ms };
    const snippet = text.trim().slice(0, 200);
    return { ok: false, status_code: res.status, latency_ms, error: `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}` };
  } catch (err) {
    return { ok: false, latency_ms: elapsed(), error: describeFetchError(err, input.timeoutMs) };
  }
}
