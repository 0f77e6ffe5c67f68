/**
 * @module options
 * The options of createPaxosClient(), their defaults, and their validation.
 * Everything wrong with them is reported at construction, in one clear message.
 */
import type { FetchLike } from './fetch.js';
import { checkRetryPolicy, DEFAULT_RETRY, type RetryPolicy } from './retry.js';

/** Paxos environments and their hosts (REFERENCE.md §1.1, §7.1). */
export const ENVIRONMENTS = {
  sandbox: { baseUrl: 'https://api.sandbox.paxos.com/v2', tokenUrl: 'https://oauth.sandbox.paxos.com/oauth2/token' },
  production: { baseUrl: 'https://api.paxos.com/v2', tokenUrl: 'https://oauth.paxos.com/oauth2/token' },
} as const;

export type PaxosEnvironment = keyof typeof ENVIRONMENTS;

export interface PaxosClientOptions {
  /** Picks default `baseUrl`/`tokenUrl`. Default `'sandbox'`. */
  environment?: PaxosEnvironment;
  /** API root including `/v2`, e.g. `http://127.0.0.1:4010/v2` for the simulator. Wins over `environment`. */
  baseUrl?: string;
  /** OAuth token URL, e.g. `http://127.0.0.1:4010/oauth2/token`. Wins over `environment`. */
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  /**
   * Scopes to request. Default: the scopes this client's calls need
   * (`CLIENT_SCOPES`: identities, events, accounts, profiles, identity controls). The client always
   * sends `scope`, since a token request without it may be granted nothing.
   */
  scopes?: string[];
  /** Default `globalThis.fetch`. Pass `(input, init) => app.request(input, init)` to call an in-process app. */
  fetch?: FetchLike;
  /** Timeout of each request attempt, token requests included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy for transient failures. Default `{ retries: 3, baseDelayMs: 250, maxDelayMs: 10000 }`. */
  retry?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Waits between retries. Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock in epoch ms, used for token expiry and `Retry-After` dates. Default `Date.now`. */
  now?: () => number;
}

/**
 * The scopes the typed client's operations need: identities, institution members,
 * documents, events, accounts and account members, profiles (and the sandbox
 * deposit), and identity controls. A Paxos client that holds fewer scopes passes
 * `scopes` with the ones it holds.
 */
export const CLIENT_SCOPES: readonly string[] = Object.freeze([
  'identity:read_identity',
  'identity:write_identity',
  'events:read_event',
  'identity:read_account',
  'identity:write_account',
  'funding:read_profile',
  'funding:write_profile',
  'identity:read_identity_control',
  'identity:write_identity_control',
]);

export interface ResolvedOptions {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  fetch: FetchLike;
  timeoutMs: number;
  retry: RetryPolicy;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Apply defaults and validate; throws TypeError naming the bad option. */
export function resolveOptions(options: PaxosClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('createPaxosClient: options are required');
  const environment = options.environment ?? 'sandbox';
  const hosts = ENVIRONMENTS[environment];
  if (!hosts) throw new TypeError(`createPaxosClient: environment must be "sandbox" or "production", got "${environment}"`);
  for (const key of ['clientId', 'clientSecret'] as const) {
    const value = options[key];
    if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`createPaxosClient: ${key} is required`);
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError(`createPaxosClient: timeoutMs must be a positive number, got ${timeoutMs}`);
  return {
    baseUrl: httpUrl('baseUrl', options.baseUrl ?? hosts.baseUrl).replace(/\/+$/, ''),
    tokenUrl: httpUrl('tokenUrl', options.tokenUrl ?? hosts.tokenUrl),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scopes: [...(options.scopes ?? CLIENT_SCOPES)],
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs,
    retry: checkRetryPolicy({ ...DEFAULT_RETRY, ...options.retry }),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? realSleep,
    now: options.now ?? (() => Date.now()),
  };
}

function httpUrl(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`createPaxosClient: ${name} must be a string URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createPaxosClient: ${name} is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`createPaxosClient: ${name} must use http or https, got "${url.protocol}" in "${value}"`);
  }
  return value;
}
