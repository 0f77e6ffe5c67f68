/**
 * @module contracts/consumer/participants
 * Who is in each pact. The token endpoint lives on its own host
 * (`oauth.sandbox.paxos.com`), so it is its own provider with its own pact;
 * webhook notifications are a third, message-only provider.
 */

/** Our typed client (src/) and its webhook handler. */
export const CONSUMER = 'paxos-identity-sandbox-client';

export const PROVIDERS = {
  /** The Identity and Events API under `https://api.sandbox.paxos.com/v2`. */
  api: 'paxos-identity-api',
  /** The OAuth2 token endpoint `https://oauth.sandbox.paxos.com/oauth2/token`. */
  oauth: 'paxos-oauth',
  /** Webhook notifications Paxos POSTs to a consumer's endpoint. */
  webhooks: 'paxos-identity-webhooks',
} as const;

export type ProviderName = (typeof PROVIDERS)[keyof typeof PROVIDERS];

/** The pact file name pact-js writes for a provider. */
export const pactFileName = (provider: ProviderName) => `${CONSUMER}-${provider}.json`;

/** The path prefix of the API in the pacts (Paxos's base URL ends in `/v2`). */
export const API_PREFIX = '/v2';

/** The token path in the pacts (Paxos's token URL path). */
export const TOKEN_PATH = '/oauth2/token';
