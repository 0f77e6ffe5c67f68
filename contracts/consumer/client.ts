/**
 * @module contracts/consumer/client
 * The real typed client (src/), aimed at a Pact mock server. The token host
 * and the document storage host are not part of the API pact, so the client's
 * injected `fetch` (its documented seam, not a global mock) answers those two
 * hosts itself and sends everything else to the mock server. The token request
 * has its own pact (oauth.pact.test.ts).
 */
import { createPaxosClient, type PaxosClient } from '../../src/index.js';
import { API_PREFIX } from './participants.js';

/** Stand-in token URL; never contacted over the network. */
export const TOKEN_STAND_IN = 'https://oauth.example.test/oauth2/token';
/** Stand-in storage host of the example `upload_url`. */
export const STORAGE_STAND_IN = 'https://uploads.example.test';
/** The example access token the stand-in issues (the API pact only checks `Bearer <something>`). */
export const EXAMPLE_TOKEN = 'example-access-token';

/**
 * fetch, sent a second time only when the first attempt got no answer at all (a network error).
 * fetch keeps connections alive and, on a pooled connection the other side has just closed,
 * repeats idempotent requests by itself but not a POST, which then fails at once without
 * reaching the mock server: the interaction is then reported as "expected but not received".
 */
async function sendOnce(request: Request, init?: RequestInit): Promise<Response> {
  const spare = request.clone();
  try {
    return await globalThis.fetch(request, init);
  } catch {
    return globalThis.fetch(spare, init);
  }
}

/**
 * How long the answer of a mock server is held before the client sees it. Pact's mock
 * server (@pact-foundation/pact 16.3 and later, pact-reference issue 535) may answer a
 * request before it has recorded it as received; executeTest checks the record as soon as
 * the test's callback returns, so on a loaded 2-core machine it sometimes reported a
 * request it had answered as "expected but not received" (three times in full runs on
 * 2026-11-30, never alone). 16.2.0, without the race, reports verifications differently.
 */
const MOCK_SERVER_SETTLE_MS = 50;

/** sendOnce, with the answer read whole, then held for MOCK_SERVER_SETTLE_MS. */
async function sendAndSettle(request: Request, init?: RequestInit): Promise<Response> {
  const res = await sendOnce(request, init);
  const body = res.status === 204 || res.status === 304 ? null : await res.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, MOCK_SERVER_SETTLE_MS));
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

/**
 * A client whose API calls go to `mockServerUrl` + `/v2`.
 * @example
 * await pact.addInteraction()…executeTest(async (mock) => { const { data } = await consumerClient(mock.url).getIdentity(id); });
 */
export function consumerClient(mockServerUrl: string, options: { scopes?: string[] } = {}): PaxosClient {
  return createPaxosClient({
    baseUrl: `${mockServerUrl}${API_PREFIX}`,
    tokenUrl: TOKEN_STAND_IN,
    clientId: 'example-client-id',
    clientSecret: 'example-client-secret',
    scopes: options.scopes,
    retry: { retries: 0 },
    // generous: on a busy 2-core CI machine the mock server can be slow to answer
    timeoutMs: 60_000,
    fetch: (request, init) => {
      if (request.url === TOKEN_STAND_IN) {
        const scope = (options.scopes ?? []).join(' ');
        return json({ access_token: EXAMPLE_TOKEN, token_type: 'bearer', expires_in: 3599, scope });
      }
      if (request.url.startsWith(`${STORAGE_STAND_IN}/`)) return new Response(null, { status: 200 });
      return sendAndSettle(request, init);
    },
  });
}
