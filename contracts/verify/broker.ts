/**
 * @module contracts/verify/broker
 * A minimal Pact Broker client (fetch injected): publish a pact file for a
 * consumer version (`PUT /pacts/provider/{p}/consumer/{c}/version/{v}`), and
 * publish a target's verification result to the pact's
 * `pb:publish-verification-results` link. Optional: nothing in CI uses a broker.
 */
import type { FetchLike } from '../../src/index.js';

export interface BrokerConfig {
  baseUrl: string;
  auth: { token: string } | { username: string; password: string };
  fetch: FetchLike;
  timeoutMs?: number;
}

export type BrokerConfigResult = { ok: true; config: Omit<BrokerConfig, 'fetch'> } | { ok: false; reason: string };

/** Read PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD. */
export function brokerConfigFrom(env: Record<string, string | undefined>): BrokerConfigResult {
  const baseUrl = env.PACT_BROKER_BASE_URL?.trim();
  if (!baseUrl) return { ok: false, reason: 'PACT_BROKER_BASE_URL is not set' };
  if (env.PACT_BROKER_TOKEN) return { ok: true, config: { baseUrl, auth: { token: env.PACT_BROKER_TOKEN } } };
  if (env.PACT_BROKER_USERNAME && env.PACT_BROKER_PASSWORD) {
    return { ok: true, config: { baseUrl, auth: { username: env.PACT_BROKER_USERNAME, password: env.PACT_BROKER_PASSWORD } } };
  }
  return { ok: false, reason: 'PACT_BROKER_BASE_URL is set but neither PACT_BROKER_TOKEN nor PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD are' };
}

async function call(broker: BrokerConfig, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  const headers = new Headers({ accept: 'application/hal+json, application/json' });
  if (body !== undefined) headers.set('content-type', 'application/json');
  headers.set(
    'authorization',
    'token' in broker.auth ? `Bearer ${broker.auth.token}` : `Basic ${Buffer.from(`${broker.auth.username}:${broker.auth.password}`).toString('base64')}`,
  );
  const request = new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(broker.timeoutMs ?? 30_000) });
  const response = await broker.fetch(request);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const pactUrl = (broker: BrokerConfig, consumer: string, provider: string, version: string) =>
  `${broker.baseUrl.replace(/\/+$/, '')}/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}/version/${encodeURIComponent(version)}`;

/** @example await publishPact(broker, { consumer, provider, consumerVersion: gitSha, content }) */
export async function publishPact(broker: BrokerConfig, pact: { consumer: string; provider: string; consumerVersion: string; content: unknown }): Promise<void> {
  await call(broker, 'PUT', pactUrl(broker, pact.consumer, pact.provider, pact.consumerVersion), pact.content);
}

/** @example await publishVerification(broker, { consumer, provider, consumerVersion, providerVersion: 'paxos-sandbox-2025-01-07', success: true }) */
export async function publishVerification(
  broker: BrokerConfig,
  result: { consumer: string; provider: string; consumerVersion: string; providerVersion: string; success: boolean; buildUrl?: string },
): Promise<void> {
  const pact = await call(broker, 'GET', pactUrl(broker, result.consumer, result.provider, result.consumerVersion));
  const link = (pact._links as Record<string, { href?: string }> | undefined)?.['pb:publish-verification-results']?.href;
  if (!link) throw new Error(`the broker's pact for ${result.provider} has no pb:publish-verification-results link`);
  await call(broker, 'POST', link, {
    success: result.success,
    providerApplicationVersion: result.providerVersion,
    ...(result.buildUrl && { buildUrl: result.buildUrl }),
  });
}
