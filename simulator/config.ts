/**
 * @module config
 * loadConfig(): command-line flags, then PAXOS_SIM_* environment variables, then
 * the config file, then defaults; parsed and validated once into a readonly
 * Config. The only module that knows the PAXOS_SIM_* names.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from './clock.js';
import { specEnum } from './services/spec-enums.js';

export const ALL_SCOPES = [
  'identity:read_identity',
  'identity:write_identity',
  'events:read_event',
] as const;

export const DEFAULT_CLIENT = {
  client_id: 'paxos-sim-client',
  client_secret: 'paxos-sim-secret',
  scopes: [...ALL_SCOPES] as string[],
};

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';
const LOG_LEVELS: LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

export interface ClientConfig {
  client_id: string;
  client_secret: string;
  scopes: string[];
}

export interface WebhookConsumerConfig {
  name?: string;
  url: string;
  event_types?: string[];
  client_id?: string;
  auth?:
    | { type: 'api_key'; header: string; value: string }
    | { type: 'oauth'; token_url: string; client_id: string; client_secret: string; scope?: string };
}

export interface Config {
  port: number;
  host: string;
  storage: 'file' | 'memory';
  data: string;
  reset: boolean;
  logLevel: LogLevel;
  configFile?: string;
  clients: ClientConfig[];
  tokenTtlSeconds: number;
  /**
   * Paxos's rate limits (REFERENCE.md §7.5), off unless asked for: requests per
   * second averaged over a window, per source IP and endpoint group; going over
   * throttles every request from that IP.
   */
  rateLimits?: { windowMs: number; throttleMs: number; perSecond: { token: number; identity: number; other: number } };
  /** default delay between create and the automatic decision */
  reviewDelayMs: number;
  /** decision rules (validated by the rules module) */
  rules?: unknown;
  webhooks: {
    consumers: WebhookConsumerConfig[];
    /** first retry delay, growth factor, jitter ratio, give-up horizon, per-attempt timeout */
    retry: { initialMs: number; factor: number; jitter: number; maxDelayMs: number; giveUpAfterMs: number };
    timeoutMs: number;
    /** how often the background dispatcher looks for due deliveries (real time) */
    pollMs: number;
  };
  control: { enabled: boolean; token?: string };
  kyc: { refreshIntervalMs: number; windowMs: number; disableOnExpiry: boolean };
  clock: { frozen: boolean; start?: string };
}

export class ConfigError extends Error {}

const DEFAULTS = {
  port: 4010,
  host: '127.0.0.1',
  data: '.paxos-sim/db.json',
  logLevel: 'info' as LogLevel,
  tokenTtlSeconds: 3599,
  reviewDelay: '2s',
};

interface RawConfig {
  [key: string]: unknown;
}

/** Parse argv into flag → value; booleans have no value. */
export function parseArgs(argv: readonly string[]): { flags: Map<string, string[]>; positional: string[] } {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const booleans = new Set(['reset', 'memory', 'help', 'frozen', 'no-control', 'rate-limits']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    // Before asking for a value: a misspelt flag should be named as unknown, not as "needs a value".
    if (!KNOWN_FLAGS.has(name)) throw new ConfigError(`unknown option --${name}`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (booleans.has(name)) value = 'true';
    else {
      const nextArg = argv[i + 1];
      if (nextArg === undefined || nextArg.startsWith('--')) throw new ConfigError(`--${name} needs a value`);
      value = nextArg;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}

const KNOWN_FLAGS = new Set([
  'port', 'host', 'data', 'config', 'reset', 'log-level', 'memory', 'webhook-url', 'webhook-header',
  'review-delay', 'control-token', 'no-control', 'frozen', 'help', 'rate-limits', 'seed', 'url', 'pace', 'client-id', 'client-secret',
]);

export interface LoadConfigInput {
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

/** Build the Config. Throws ConfigError with one clear message on the first bad value. */
export function loadConfig(input: LoadConfigInput = {}): Config {
  const env = input.env ?? {};
  const { flags } = parseArgs(input.argv ?? []);
  for (const name of flags.keys()) {
    if (!KNOWN_FLAGS.has(name)) throw new ConfigError(`unknown option --${name}`);
  }
  const flag = (name: string) => flags.get(name)?.at(-1);
  const configFile = flag('config') ?? env.PAXOS_SIM_CONFIG;
  const file = configFile ? readConfigFile(configFile, input.readFile) : {};

  const pick = (flagName: string, envName: string, fileKey: string): unknown =>
    flag(flagName) ?? env[envName] ?? file[fileKey];

  const port = toInt(pick('port', 'PAXOS_SIM_PORT', 'port') ?? DEFAULTS.port, 'port', 0, 65535);
  const host = toStr(pick('host', 'PAXOS_SIM_HOST', 'host') ?? DEFAULTS.host, 'host');
  const memory = toBool(pick('memory', 'PAXOS_SIM_MEMORY', 'memory') ?? false, 'memory');
  const storageRaw = memory ? 'memory' : (env.PAXOS_SIM_STORAGE ?? file.storage ?? 'file');
  if (storageRaw !== 'file' && storageRaw !== 'memory') throw new ConfigError(`storage must be "file" or "memory", got ${JSON.stringify(storageRaw)}`);
  const data = toStr(pick('data', 'PAXOS_SIM_DATA', 'data') ?? DEFAULTS.data, 'data');
  const reset = toBool(pick('reset', 'PAXOS_SIM_RESET', 'reset') ?? false, 'reset');
  const logLevel = toStr(pick('log-level', 'PAXOS_SIM_LOG_LEVEL', 'log_level') ?? DEFAULTS.logLevel, 'log-level') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const reviewDelayMs = toDuration(pick('review-delay', 'PAXOS_SIM_REVIEW_DELAY', 'review_delay') ?? DEFAULTS.reviewDelay, 'review-delay');
  const tokenTtlSeconds = toInt(file.token_ttl_seconds ?? DEFAULTS.tokenTtlSeconds, 'token_ttl_seconds', 1, 86_400 * 365);
  const rateLimits = parseRateLimits(file.rate_limits, toBool(flag('rate-limits') ?? env.PAXOS_SIM_RATE_LIMITS ?? false, 'rate-limits'));

  const clients = parseClients(file.clients);
  const consumers = parseConsumers(file.webhooks, flags.get('webhook-url') ?? (env.PAXOS_SIM_WEBHOOK_URL ? [env.PAXOS_SIM_WEBHOOK_URL] : []), flags.get('webhook-header') ?? (env.PAXOS_SIM_WEBHOOK_HEADER ? [env.PAXOS_SIM_WEBHOOK_HEADER] : []));
  const webhookFile = (file.webhooks ?? {}) as RawConfig;
  const retryFile = (webhookFile.retry ?? {}) as RawConfig;

  const controlFile = (file.control ?? {}) as RawConfig;
  const noControl = toBool(flag('no-control') ?? env.PAXOS_SIM_CONTROL_DISABLED ?? false, 'no-control');
  const controlEnabled = noControl ? false : toBool(controlFile.enabled ?? true, 'control.enabled');
  const controlToken = flag('control-token') ?? env.PAXOS_SIM_CONTROL_TOKEN ?? (controlFile.token as string | undefined);

  const kycFile = (file.kyc ?? {}) as RawConfig;
  const clockFile = (file.clock ?? {}) as RawConfig;
  const start = clockFile.start === undefined ? undefined : toStr(clockFile.start, 'clock.start');
  if (start !== undefined && Number.isNaN(Date.parse(start))) throw new ConfigError(`clock.start must be an RFC 3339 date-time, got "${start}"`);

  return Object.freeze({
    port,
    host,
    storage: storageRaw,
    data,
    reset,
    logLevel,
    configFile,
    clients,
    tokenTtlSeconds,
    rateLimits,
    reviewDelayMs,
    rules: file.rules,
    webhooks: {
      consumers,
      retry: {
        initialMs: toDuration(retryFile.initial ?? '5s', 'webhooks.retry.initial'),
        factor: toNumber(retryFile.factor ?? 2, 'webhooks.retry.factor', 1, 10),
        jitter: toNumber(retryFile.jitter ?? 0.2, 'webhooks.retry.jitter', 0, 1),
        maxDelayMs: toDuration(retryFile.max_delay ?? '1h', 'webhooks.retry.max_delay'),
        giveUpAfterMs: toDuration(retryFile.give_up_after ?? '24h', 'webhooks.retry.give_up_after'),
      },
      timeoutMs: toDuration(webhookFile.timeout ?? '10s', 'webhooks.timeout'),
      pollMs: toDuration(webhookFile.poll ?? '200ms', 'webhooks.poll'),
    },
    control: { enabled: controlEnabled, token: controlToken },
    kyc: {
      refreshIntervalMs: toDuration(kycFile.refresh_interval ?? '365d', 'kyc.refresh_interval'),
      windowMs: toDuration(kycFile.window ?? '30d', 'kyc.window'),
      disableOnExpiry: toBool(kycFile.disable_on_expiry ?? true, 'kyc.disable_on_expiry'),
    },
    clock: { frozen: toBool(flag('frozen') ?? clockFile.frozen ?? false, 'clock.frozen'), start },
  });
}

/** A config for tests: in memory, frozen-capable, quiet, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ argv: ['--memory', '--log-level', 'silent'] });
  return { ...base, ...overrides };
}

function readConfigFile(path: string, readFile = (p: string) => readFileSync(p, 'utf8')): RawConfig {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${path} must hold an object`);
  return parsed as RawConfig;
}

/** `rate_limits: true` (Paxos's numbers) or an object overriding some of them. */
function parseRateLimits(raw: unknown, fromFlag: boolean): Config['rateLimits'] {
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

function parseClients(raw: unknown): ClientConfig[] {
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

function parseConsumers(raw: unknown, cliUrls: string[], cliHeaders: string[]): WebhookConsumerConfig[] {
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
    throw new ConfigError(`--webhook-header must look like 'Name: value', got "${text}"`);
  }
  return { type: 'api_key', header, value };
}

export function validateConsumer(raw: unknown, where: string): WebhookConsumerConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(`${where} must be an object`);
  const c = raw as Record<string, unknown>;
  if (typeof c.url !== 'string' || !isHttpUrl(c.url)) throw new ConfigError(`${where}.url must be an http(s) URL, got ${JSON.stringify(c.url)}`);
  if (c.event_types !== undefined && (!Array.isArray(c.event_types) || !c.event_types.every((t) => typeof t === 'string'))) {
    throw new ConfigError(`${where}.event_types must be a list of event types`);
  }
  const known = specEnum('IdentityEventType');
  const unknownType = (c.event_types as string[] | undefined)?.find((t) => !known.includes(t));
  if (unknownType !== undefined) throw new ConfigError(`${where}.event_types: "${unknownType}" is not one of ${known.join(', ')}`);
  const auth = c.auth as WebhookConsumerConfig['auth'] | undefined;
  if (auth !== undefined) {
    if (auth.type === 'api_key') {
      if (!auth.header || !auth.value) throw new ConfigError(`${where}.auth needs header and value`);
    } else if (auth.type === 'oauth') {
      if (!isHttpUrl(auth.token_url ?? '')) throw new ConfigError(`${where}.auth.token_url must be an http(s) URL`);
      if (!auth.client_id || !auth.client_secret) throw new ConfigError(`${where}.auth needs client_id and client_secret`);
    } else throw new ConfigError(`${where}.auth.type must be "api_key" or "oauth"`);
  }
  return {
    name: typeof c.name === 'string' ? c.name : undefined,
    url: c.url,
    event_types: c.event_types as string[] | undefined,
    client_id: typeof c.client_id === 'string' ? c.client_id : undefined,
    auth,
  };
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function toStr(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${name} must be a non-empty string`);
  return v;
}
function toNumber(v: unknown, name: string, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}
function toInt(v: unknown, name: string, min: number, max: number): number {
  const n = toNumber(v, name, min, max);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return n;
}
function toBool(v: unknown, name: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}
function toDuration(v: unknown, name: string): number {
  if (typeof v === 'number' && v >= 0) return v * 1000;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) throw new ConfigError(`${name} must be a duration such as "5s", "10m", "24h", got ${JSON.stringify(v)}`);
  return ms;
}
