/**
 * @module config-sections
 * The structured parts of the config file: OAuth clients, webhook consumers
 * (and the --webhook-url/--webhook-header flags), and rate limits.
 */
import type { ClientConfig, Config, WebhookConsumerConfig } from './config.js';
import { ConfigError, toDuration, toInt, toNumber, type RawConfig } from './config-values.js';
import { entitiesProblem, type EntityConfig } from './domain/entities.js';
import { DomainError } from './domain/errors.js';
import { specEnum } from './services/spec-enums.js';
import { parseConsumerInput } from './webhooks/consumer-input.js';
import { webhookHeaderError } from './webhooks/header-rules.js';

/**
 * Every scope the development client holds: the identity and events scopes the
 * simulator checks, plus every other scope Paxos's guides request (accounts,
 * profiles, orders, identity controls), so each guide's token request works on
 * a fresh start. Scopes for paths the simulator does not serve are granted but
 * unused (those paths answer 404 "not simulated").
 */
export const ALL_SCOPES = [
  'identity:read_identity',
  'identity:write_identity',
  'events:read_event',
  'identity:read_account',
  'identity:write_account',
  'identity:read_identity_control',
  'identity:write_identity_control',
  'funding:read_profile',
  'funding:write_profile',
  'exchange:read_order',
  'exchange:write_order',
] as const;

/** The development client printed at start-up, used when the config lists none. */
export const DEFAULT_CLIENT = {
  client_id: 'paxos-sim-client',
  client_secret: 'paxos-sim-secret',
  scopes: [...ALL_SCOPES] as string[],
};


/** `rate_limits: true` (Paxos's numbers) or an object overriding some of them. */
export function parseRateLimits(raw: unknown, fromFlag: boolean): Config['rateLimits'] {
  if (raw === undefined || raw === false) {
    if (!fromFlag) return undefined;
    raw = true;
  }
  const r = (raw === true ? {} : raw) as RawConfig;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new ConfigError('rate_limits must be true or an object');
  return {
    // Paxos: averaged over 5 minutes; going over throttles the IP for 5 minutes.
    windowMs: toDuration(r.window ?? '5m', 'rate_limits.window'),
    throttleMs: toDuration(r.throttle ?? '5m', 'rate_limits.throttle'),
    perSecond: {
      token: toNumber(r.token ?? 1, 'rate_limits.token', 0.001, 100_000),
      identity: toNumber(r.identity ?? 10, 'rate_limits.identity', 0.001, 100_000),
      other: toNumber(r.other ?? 50, 'rate_limits.other', 0.001, 100_000),
    },
  };
}

export function parseClients(raw: unknown): ClientConfig[] {
  if (raw === undefined) return [DEFAULT_CLIENT];
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError('clients must be a non-empty list');
  const seen = new Set<string>();
  return raw.map((c, i) => {
    const where = `clients[${i}]`;
    if (typeof c !== 'object' || c === null) throw new ConfigError(`${where} must be an object`);
    const { client_id, client_secret, scopes } = c as Record<string, unknown>;
    if (typeof client_id !== 'string' || !client_id) throw new ConfigError(`${where}.client_id must be a non-empty string`);
    if (typeof client_secret !== 'string' || !client_secret) throw new ConfigError(`${where}.client_secret must be a non-empty string`);
    if (seen.has(client_id)) throw new ConfigError(`${where}.client_id "${client_id}" is listed twice`);
    seen.add(client_id);
    const list = scopes === undefined ? [...ALL_SCOPES] : typeof scopes === 'string' ? scopes.split(/\s+/).filter(Boolean) : scopes;
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw new ConfigError(`${where}.scopes must be a list of scope names`);
    return { client_id, client_secret, scopes: list as string[] };
  });
}

/** `entities: [{id, clients: [client_id…]}]`; every configured client in exactly one. Absent: one entity holds all. */
export function parseEntities(raw: unknown, clients: readonly ClientConfig[]): EntityConfig[] | undefined {
  if (raw === undefined) return undefined;
  const problem = entitiesProblem(raw, clients.map((c) => c.client_id));
  if (problem) throw new ConfigError(problem);
  return (raw as Array<{ id: string; clients: string[] }>).map((e) => ({ id: e.id, clients: [...e.clients] }));
}

export function parseConsumers(raw: unknown, cliUrls: string[], cliHeaders: string[]): WebhookConsumerConfig[] {
  const list: WebhookConsumerConfig[] = [];
  const fromFile = (raw as RawConfig | undefined)?.consumers;
  if (fromFile !== undefined) {
    if (!Array.isArray(fromFile)) throw new ConfigError('webhooks.consumers must be a list');
    fromFile.forEach((c, i) => list.push(validateConsumer(c, `webhooks.consumers[${i}]`)));
  }
  const auth = cliHeaders.length ? parseHeaderFlag(cliHeaders.at(-1)!) : undefined;
  cliUrls.forEach((url, i) => list.push(validateConsumer({ name: `cli-${i + 1}`, url, auth }, '--webhook-url')));
  return list;
}

function parseHeaderFlag(text: string): WebhookConsumerConfig['auth'] {
  const idx = text.indexOf(':');
  const header = idx > 0 ? text.slice(0, idx).trim() : '';
  const value = idx > 0 ? text.slice(idx + 1).trim() : '';
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header) || !value) {
    throw new ConfigError(`--webhook-header must look like 'Name: value', got ${JSON.stringify(text)}`);
  }
  const refused = webhookHeaderError(header, value);
  if (refused) throw new ConfigError(`--webhook-header: ${refused}`);
  return { type: 'api_key', header, value };
}

/** A consumer from the config file or the CLI, under the same rules as POST /_sim/webhooks/consumers. */
export function validateConsumer(raw: unknown, where: string): WebhookConsumerConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where} must be an object`);
  try {
    return parseConsumerInput(raw, specEnum('IdentityEventType'));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const unknown = /^unknown field (\S+)$/.exec(err.message);
    throw new ConfigError(unknown ? `${where}.${unknown[1]} is not a known consumer field` : `${where}.${err.message}`);
  }
}

/**
 * `retention:` how long finished webhook deliveries are kept (a duration on the
 * simulator clock, default 7d) and how many requests the request log holds
 * (default 5000). Environment: PAXOS_SIM_RETENTION_DELIVERIES, PAXOS_SIM_RETENTION_REQUEST_LOG.
 */
export function parseRetention(raw: unknown, env: Record<string, string | undefined> = {}): Config['retention'] {
  const r = sectionOf(raw, 'retention');
  return {
    deliveriesMs: toDuration(env.PAXOS_SIM_RETENTION_DELIVERIES ?? r.deliveries ?? '7d', 'retention.deliveries'),
    requestLog: toInt(env.PAXOS_SIM_RETENTION_REQUEST_LOG ?? r.request_log ?? 5000, 'retention.request_log', 1, 1_000_000),
  };
}

/**
 * `dashboard:` the most live change streams served at once (default 100;
 * more get 503) and how often their state is checked (default 250ms).
 * Environment: PAXOS_SIM_DASHBOARD_MAX_STREAMS.
 */
export function parseDashboard(raw: unknown, env: Record<string, string | undefined> = {}): Config['dashboard'] {
  const d = sectionOf(raw, 'dashboard');
  const streamPollMs = toDuration(d.stream_poll ?? '250ms', 'dashboard.stream_poll');
  if (streamPollMs < 10) throw new ConfigError('dashboard.stream_poll must be at least 10ms');
  return {
    maxStreams: toInt(env.PAXOS_SIM_DASHBOARD_MAX_STREAMS ?? d.max_streams ?? 100, 'dashboard.max_streams', 0, 10_000),
    streamPollMs,
  };
}

function sectionOf(raw: unknown, name: string): RawConfig {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${name} must be an object`);
  return raw as RawConfig;
}
