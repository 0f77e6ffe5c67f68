/**
 * @module webhooks/consumer-auth
 * Authentication the simulator presents to a consumer endpoint (REFERENCE.md
 * §6.3): an API-key header of the consumer's choosing, or an OAuth2
 * client-credentials token fetched from the consumer's token URL.
 *
 * The token request carries the credentials both as HTTP Basic and in the form
 * body, as Paxos does. SANDBOX: Paxos leaves token caching, `scope` and the
 * delivery header undocumented; here a token is cached per consumer until its
 * `expires_in` passes on the simulator clock (not cached without `expires_in`),
 * `scope` is sent only if configured, deliveries use `Authorization: Bearer`,
 * and a 401 from the consumer drops the cached token.
 */
import type { Clock } from '../clock.js';
import { describeFetchError } from './attempt.js';
import type { ConsumerRecord, WebhookAuth } from '../store/shape.js';

type OAuth = Extract<WebhookAuth, { type: 'oauth' }>;

/** A token request that failed; its message becomes the attempt's error text. */
export class ConsumerAuthError extends Error {}

export interface ConsumerAuth {
  /** Headers to add to a delivery; throws ConsumerAuthError if no token can be had. */
  headersFor(consumer: ConsumerRecord): Promise<Record<string, string>>;
  /** The consumer answered 401: forget its cached token. */
  rejected(consumer: ConsumerRecord): void;
}

interface CachedToken {
  key: string;
  token: string;
  expiresAtMs: number;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
export function basicCredentials(id: string, secret: string): string {
  const enc = (s: string) => new URLSearchParams([['', s]]).toString().slice(1);
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

/**
 * One token cache per instance (never module state).
 *
 * @example
 * const auth = createConsumerAuth({ fetch, clock, timeoutMs: 10_000 });
 * const headers = await auth.headersFor(consumer); // { authorization: 'Bearer …' }
 */
export function createConsumerAuth(deps: { fetch: typeof fetch; clock: Clock; timeoutMs: number }): ConsumerAuth {
  const cache = new Map<string, CachedToken>();
  const pending = new Map<string, Promise<CachedToken>>();
  // Changing a consumer's OAuth settings must not reuse a token from the old ones.
  const keyOf = (a: OAuth) => JSON.stringify([a.token_url, a.client_id, a.client_secret, a.scope ?? '']);

  async function requestToken(auth: OAuth): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.client_id, client_secret: auth.client_secret });
    if (auth.scope) form.set('scope', auth.scope);
    let res: Response;
    try {
      res = await deps.fetch(auth.token_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          authorization: basicCredentials(auth.client_id, auth.client_secret),
          'user-agent': 'paxos-sim-webhooks/1',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
    } catch (err) {
      throw new ConsumerAuthError(`token request to ${auth.token_url} failed: ${describeFetchError(err, deps.timeoutMs)}`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new ConsumerAuthError(`token request to ${auth.token_url} failed: HTTP ${res.status} ${text.slice(0, 200)}`.trim());
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new ConsumerAuthError(`token response from ${auth.token_url} is not JSON`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new ConsumerAuthError(`token response from ${auth.token_url} has no access_token`);
    }
    const ttl = Number(body.expires_in);
    const expiresAtMs = Number.isFinite(ttl) && ttl > 0 ? deps.clock.nowMs() + ttl * 1000 : -Infinity;
    return { key: keyOf(auth), token: body.access_token, expiresAtMs };
  }

  async function tokenFor(consumer: ConsumerRecord, auth: OAuth): Promise<string> {
    const cached = cache.get(consumer.id);
    if (cached && cached.key === keyOf(auth) && cached.expiresAtMs > deps.clock.nowMs()) return cached.token;
    // Concurrent deliveries to one consumer share a single token request.
    let inFlight = pending.get(consumer.id);
    if (!inFlight) {
      inFlight = requestToken(auth).finally(() => pending.delete(consumer.id));
      pending.set(consumer.id, inFlight);
    }
    const fresh = await inFlight;
    cache.set(consumer.id, fresh);
    return fresh.token;
  }

  return {
    async headersFor(consumer) {
      const auth = consumer.auth;
      switch (auth.type) {
        case 'none':
          return {};
        case 'api_key':
          return { [auth.header.toLowerCase()]: auth.value };
        case 'oauth':
          return { authorization: `Bearer ${await tokenFor(consumer, auth)}` };
        default: {
          const never: never = auth;
          throw new Error(`unknown consumer auth ${JSON.stringify(never)}`);
        }
      }
    },
    rejected(consumer) {
      cache.delete(consumer.id);
    },
  };
}
