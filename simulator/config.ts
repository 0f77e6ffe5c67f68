/**
 * @module config
 * loadConfig(): command-line flags, then PAXOS_SIM_* environment variables, then
 * the config file, then defaults; parsed and validated once into a readonly
 * Config. The only module that knows the PAXOS_SIM_* names.
 */
import { CLOCK_MAX_MS, CLOCK_MIN_MS, CLOCK_RANGE } from './clock.js';
import { readFileSync } from 'node:fs';
import { parseYaml } from './lazy-modules.js';
import { parseClients, parseConsumers, parseDashboard, parseEntities, parseRateLimits, parseRetention } from './config-sections.js';
import { DEFAULT_ENTITY_ID, type EntityConfig } from './domain/entities.js';
import { parseFaultRules } from './faults/rules.js';
import { HEAP_MODES, TIERING_MODES, type HeapMode, type TieringMode } from './v8-modes.js';
import { ConfigError, toBool, toBytes, toDuration, toInt, toNumber, toStr, type RawConfig } from './config-values.js';

export { ConfigError, isHttpUrl } from './config-values.js';
export { ALL_SCOPES, DEFAULT_CLIENT, validateConsumer } from './config-sections.js';

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
  /** the entity whose events it receives (default: the entity of client_id, else the first entity) */
  entity_id?: string;
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
  /**
   * The file store's journal: fsync each group commit (survives power loss,
   * not only a killed process), and the journal size after which it is
   * folded into the data file (compaction).
   */
  journal: { fsync: boolean; compactAfterBytes: number };
  logLevel: LogLevel;
  /** How the CLI's process sizes V8's heap (v8-modes.ts); startSimulator() ignores it. */
  heap: HeapMode;
  /** When the CLI's process has V8 optimise hot code (v8-modes.ts); startSimulator() ignores it. */
  tiering: TieringMode;
  configFile?: string;
  clients: ClientConfig[];
  /**
   * Which entity each client belongs to (Paxos: API keys belong to an entity,
   * which owns identities, events and webhooks). Undefined: one entity,
   * `default`, holds every client.
   */
  entities?: EntityConfig[];
  tokenTtlSeconds: number;
  /**
   * Paxos's rate limits (REFERENCE.md §7.5), off unless asked for: requests per
   * second averaged over a window, per source IP and endpoint group; going over
   * throttles every request from that IP.
   */
  rateLimits?: { windowMs: number; throttleMs: number; perSecond: { token: number; identity: number; other: number } };
  /** default delay between create and the automatic decision */
  reviewDelayMs: number;
  /** default time an EDD review takes once the last required document has arrived (rules may set then_delay) */
  eddReviewDelayMs: number;
  /** an update of screened details (name, date of birth, address, CIP) of an APPROVED identity re-runs screening */
  rescreenOnUpdate: boolean;
  /** decision rules (validated by the rules module) */
  rules?: unknown;
  /** fault injection rules in the config-file form (validated by faults/rules.ts; see README "Fault injection") */
  faults?: unknown;
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
  /**
   * Accounts: whether an account may only be opened for an APPROVED identity
   * (Paxos does not say; the default `true` is the stricter choice, so code that
   * works here also works on Paxos). Optional: absent means the default.
   */
  accounts?: { requireApprovedIdentity: boolean };
  clock: { frozen: boolean; start?: string };
  /**
   * `lenient` (default, as Paxos's gateway): unknown body fields are ignored and
   * a create missing Required Details answers 200 PENDING. `strict`: both are 400s.
   */
  validation: 'lenient' | 'strict';
  /**
   * What a token request without `scope` is granted: `none` (default; as OAuth
   * servers like Paxos's grant only what is asked for) or `all` of the client's scopes.
   */
  oauth: { omittedScope: 'none' | 'all' };
  /**
   * How long finished webhook deliveries (succeeded or given up) are kept, on
   * the simulator clock, and how many recent requests the request log holds.
   */
  retention: { deliveriesMs: number; requestLog: number };
  /** live dashboard: at most `maxStreams` change streams at once; state checked every `streamPollMs` */
  dashboard: { maxStreams: number; streamPollMs: number };
}


const VALIDATION_MODES = ['lenient', 'strict'] as const;
const OMITTED_SCOPE = ['none', 'all'] as const;

function toChoice<T extends string>(v: unknown, name: string, choices: readonly T[]): T {
  if (typeof v !== 'string' || !choices.includes(v as T)) throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

const DEFAULTS = {
  port: 4010,
  host: '127.0.0.1',
  data: '.paxos-sim/db.json',
  logLevel: 'info' as LogLevel,
  tokenTtlSeconds: 3599,
  reviewDelay: '2s',
  eddReviewDelay: '2s',
};


/** Parse argv into flag → value; booleans have no value. */
export function parseArgs(argv: readonly string[]): { flags: Map<string, string[]>; positional: string[] } {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const booleans = new Set(['reset', 'memory', 'help', 'version', 'frozen', 'no-control', 'rate-limits', 'fsync', 'strict']);
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
  'review-delay', 'edd-review-delay', 'control-token', 'no-control', 'frozen', 'help', 'version', 'rate-limits', 'fsync', 'strict', 'validation', 'heap', 'tiering', 'seed', 'url', 'pace', 'client-id', 'client-secret',
  'target', 'token-target', 'record', 'report',
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
  const journal = {
    fsync: toBool(pick('fsync', 'PAXOS_SIM_FSYNC', 'storage_fsync') ?? false, 'storage_fsync'),
    compactAfterBytes: toBytes(env.PAXOS_SIM_COMPACT_AFTER ?? file.storage_compact_after ?? '8MB', 'storage_compact_after', 1024, 2 ** 40),
  };
  const logLevel = toStr(pick('log-level', 'PAXOS_SIM_LOG_LEVEL', 'log_level') ?? DEFAULTS.logLevel, 'log-level') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const heap = toChoice(pick('heap', 'PAXOS_SIM_HEAP', 'heap') ?? 'lean', 'heap', HEAP_MODES);
  const tiering = toChoice(pick('tiering', 'PAXOS_SIM_TIERING', 'tiering') ?? 'early', 'tiering', TIERING_MODES);
  const reviewDelayMs = toDuration(pick('review-delay', 'PAXOS_SIM_REVIEW_DELAY', 'review_delay') ?? DEFAULTS.reviewDelay, 'review-delay');
  const eddReviewDelayMs = toDuration(pick('edd-review-delay', 'PAXOS_SIM_EDD_REVIEW_DELAY', 'edd_review_delay') ?? DEFAULTS.eddReviewDelay, 'edd-review-delay');
  const rescreenOnUpdate = toBool(env.PAXOS_SIM_RESCREEN_ON_UPDATE ?? file.rescreen_on_update ?? true, 'rescreen_on_update');
  const tokenTtlSeconds = toInt(file.token_ttl_seconds ?? DEFAULTS.tokenTtlSeconds, 'token_ttl_seconds', 1, 86_400 * 365);
  const rateLimits = parseRateLimits(file.rate_limits, toBool(flag('rate-limits') ?? env.PAXOS_SIM_RATE_LIMITS ?? false, 'rate-limits'));

  const clients = parseClients(file.clients);
  const entities = parseEntities(file.entities, clients);
  const consumers = parseConsumers(file.webhooks, flags.get('webhook-url') ?? (env.PAXOS_SIM_WEBHOOK_URL ? [env.PAXOS_SIM_WEBHOOK_URL] : []), flags.get('webhook-header') ?? (env.PAXOS_SIM_WEBHOOK_HEADER ? [env.PAXOS_SIM_WEBHOOK_HEADER] : []));
  const entityIds = entities?.map((e) => e.id) ?? [DEFAULT_ENTITY_ID];
  consumers.forEach((c, i) => {
    if (c.entity_id !== undefined && !entityIds.includes(c.entity_id)) throw new ConfigError(`webhooks.consumers[${i}].entity_id "${c.entity_id}" is not a configured entity (${entityIds.join(', ')})`);
  });
  const webhookFile = (file.webhooks ?? {}) as RawConfig;
  const retryFile = (webhookFile.retry ?? {}) as RawConfig;

  const controlFile = (file.control ?? {}) as RawConfig;
  const noControl = toBool(flag('no-control') ?? env.PAXOS_SIM_CONTROL_DISABLED ?? false, 'no-control');
  const controlEnabled = noControl ? false : toBool(controlFile.enabled ?? true, 'control.enabled');
  const controlToken = flag('control-token') ?? env.PAXOS_SIM_CONTROL_TOKEN ?? (controlFile.token as string | undefined);

  const faults = parseFaultRules(file.faults);
  if (!faults.ok) throw new ConfigError(faults.error);
  const strictFlag = flag('strict') === undefined ? undefined : toBool(flag('strict'), 'strict') ? 'strict' : 'lenient';
  const validation = toChoice(strictFlag ?? pick('validation', 'PAXOS_SIM_VALIDATION', 'validation') ?? 'lenient', 'validation', VALIDATION_MODES);
  const oauthFile = (file.oauth ?? {}) as RawConfig;
  if (typeof oauthFile !== 'object' || Array.isArray(oauthFile)) throw new ConfigError('oauth must be an object');
  const omittedScope = toChoice(env.PAXOS_SIM_OAUTH_OMITTED_SCOPE ?? oauthFile.omitted_scope ?? 'none', 'oauth.omitted_scope', OMITTED_SCOPE);

  const kycFile = (file.kyc ?? {}) as RawConfig;
  const accountsFile = (file.accounts ?? {}) as RawConfig;
  const clockFile = (file.clock ?? {}) as RawConfig;
  const start = clockFile.start === undefined ? undefined : toStr(clockFile.start, 'clock.start');
  if (start !== undefined && Number.isNaN(Date.parse(start))) throw new ConfigError(`clock.start must be an RFC 3339 date-time, got "${start}"`);
  if (start !== undefined && (Date.parse(start) < CLOCK_MIN_MS || Date.parse(start) > CLOCK_MAX_MS)) throw new ConfigError(`clock.start must lie within ${CLOCK_RANGE}, got "${start}"`);

  return Object.freeze({
    port,
    host,
    storage: storageRaw,
    data,
    reset,
    journal,
    logLevel,
    heap,
    tiering,
    configFile,
    clients,
    ...(entities && { entities }),
    tokenTtlSeconds,
    rateLimits,
    reviewDelayMs,
    eddReviewDelayMs,
    rescreenOnUpdate,
    rules: file.rules,
    faults: file.faults,
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
    accounts: {
      requireApprovedIdentity: toBool(env.PAXOS_SIM_ACCOUNTS_REQUIRE_APPROVED ?? accountsFile.require_approved_identity ?? true, 'accounts.require_approved_identity'),
    },
    kyc: {
      refreshIntervalMs: toDuration(kycFile.refresh_interval ?? '365d', 'kyc.refresh_interval'),
      windowMs: toDuration(kycFile.window ?? '30d', 'kyc.window'),
      disableOnExpiry: toBool(kycFile.disable_on_expiry ?? true, 'kyc.disable_on_expiry'),
    },
    clock: { frozen: toBool(flag('frozen') ?? clockFile.frozen ?? false, 'clock.frozen'), start },
    validation,
    oauth: { omittedScope },
    retention: parseRetention(file.retention, env),
    dashboard: parseDashboard(file.dashboard, env),
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



