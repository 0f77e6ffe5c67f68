/**
 * @module testing/options
 * The options of startSimulator() and their translation into the simulator's
 * Config: in memory (or a lowdb file), 127.0.0.1 on a free port, silent logs.
 */
import type { DocumentType } from '../types.js';
import { parseDuration } from '../../simulator/domain/durations.js';
import { ALL_SCOPES, DEFAULT_CLIENT, testConfig, type Config, type LogLevel } from '../../simulator/config.js';
import type { RuleMatch } from '../../simulator/domain/decision-rules.js';
import { parseFaultRules } from '../../simulator/faults/rules.js';
import type { FaultRuleInput } from './faults.js';
import { entitiesProblem } from '../../simulator/domain/entities.js';

/** OAuth client credentials the simulator accepts. */
export interface SimulatorCredentials {
  clientId: string;
  clientSecret: string;
}

/** A client the simulator accepts; `scopes` defaults to every scope. */
export interface SimulatorClientInput extends SimulatorCredentials {
  scopes?: string[];
}

/**
 * A decision rule in the config-file form (see the simulator README, "Decision
 * rules"): the first rule whose `match` fits a new identity picks its outcome.
 */
export interface DecisionRuleInput {
  name?: string;
  match?: RuleMatch;
  outcome: 'APPROVED' | 'DENIED' | 'EDD' | 'MANUAL_REVIEW' | 'ERROR' | 'PENDING';
  /** delay before the decision, e.g. `"30s"`; default: the review delay */
  delay?: string;
  /** DENIED / MANUAL_REVIEW: which check fails (default `sanctions`) */
  check?: 'sanctions' | 'id_verification' | 'additional_screening';
  /** EDD: the documents asked for */
  documents?: DocumentType[];
  /** EDD: the outcome once the documents are uploaded (default APPROVED) */
  then?: 'APPROVED' | 'DENIED';
  /** EDD: delay after the upload, e.g. `"1m"` */
  then_delay?: string;
  /** MANUAL_REVIEW / ERROR: the reason shown in status_details */
  reason?: string;
}

export interface StartSimulatorOptions {
  /** Accepted clients; the first is the one `client` and `credentials` use. Default: paxos-sim-client / paxos-sim-secret. */
  clients?: SimulatorClientInput[];
  /** Decision rules, checked before the built-in magic values. */
  rules?: DecisionRuleInput[];
  /**
   * Entities and their clients (by clientId): clients of one entity share identities,
   * events and webhooks; other entities are isolated. Default: one entity holds every client.
   */
  entities?: Array<{ id: string; clients: string[] }>;
  /** Delay between create and the automatic decision: milliseconds or a duration such as `"2s"`. Default `"2s"`. */
  reviewDelay?: number | string;
  /** Time an EDD review takes after the last required upload. Default `"2s"`. */
  eddReviewDelay?: number | string;
  /** Re-run screening when screened details of an APPROVED identity change. Default true. */
  rescreenOnUpdate?: boolean;
  /** Time moves only through `clock.advance()`/`clock.set()`. Default true when `startAt` is given, else false. */
  frozen?: boolean;
  /** The simulator's initial instant (frozen there unless `frozen: false`). */
  startAt?: Date | string | number;
  /** Keep state in this lowdb JSON file (it survives stop/start). Default: in memory. */
  dataFile?: string;
  /** Simulator log level (written to stderr). Default `'silent'`. */
  logLevel?: LogLevel;
  /** Fault rules in force from the start (see `faults` on the running simulator). */
  faults?: FaultRuleInput[];
  /**
   * `'lenient'` (default, as Paxos's gateway): unknown body fields are ignored and a create
   * missing Required Details answers 200 PENDING. `'strict'`: both are 400s.
   */
  validation?: 'lenient' | 'strict';
  /** What a token request without `scope` gets: `'none'` (default) or `'all'` of the client's scopes. */
  omittedScope?: 'none' | 'all';
}

/**
 * Milliseconds from a number of milliseconds or a duration string; throws TypeError.
 * @example
 * toMs('1h30m', 'clock.advance()'); // 5_400_000
 */
export function toMs(duration: number | string, what: string): number {
  const ms = typeof duration === 'number' ? duration : parseDuration(duration);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw new TypeError(`${what} must be milliseconds or a duration such as "90s", "5m", "1h30m"; got ${JSON.stringify(duration)}`);
  }
  return ms;
}

/**
 * Epoch milliseconds from a Date, an RFC 3339 string or epoch milliseconds; throws TypeError.
 * @example
 * toInstant('2026-01-15T10:00:00Z', 'startAt'); // 1768471200000
 */
export function toInstant(value: Date | string | number, what: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (!Number.isFinite(ms)) throw new TypeError(`${what} must be a Date, an RFC 3339 date-time or epoch milliseconds; got ${String(value)}`);
  return ms;
}

/**
 * Build the simulator Config for startSimulator().
 * @example
 * const config = toConfig({ reviewDelay: '10s', startAt: '2026-01-15T10:00:00Z' });
 * config.port; // 0 (a free port)
 */
export function toConfig(options: StartSimulatorOptions): Config {
  const clients = (options.clients ?? [{ clientId: DEFAULT_CLIENT.client_id, clientSecret: DEFAULT_CLIENT.client_secret }]).map((c) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    scopes: [...(c.scopes ?? ALL_SCOPES)],
  }));
  if (clients.length === 0) throw new TypeError('startSimulator: clients must list at least one client');
  if (options.entities !== undefined) {
    const problem = entitiesProblem(options.entities, clients.map((c) => c.client_id));
    if (problem) throw new TypeError(`startSimulator: ${problem}`);
  }
  const start = options.startAt === undefined ? undefined : new Date(toInstant(options.startAt, 'startAt')).toISOString();
  const base = testConfig();
  const faults = parseFaultRules(options.faults);
  if (!faults.ok) throw new TypeError(`startSimulator: ${faults.error}`);
  return {
    ...base,
    port: 0,
    host: '127.0.0.1',
    storage: options.dataFile ? 'file' : 'memory',
    data: options.dataFile ?? base.data,
    logLevel: options.logLevel ?? 'silent',
    clients,
    ...(options.entities && { entities: options.entities.map((e) => ({ id: e.id, clients: [...e.clients] })) }),
    rules: options.rules,
    faults: options.faults,
    reviewDelayMs: options.reviewDelay === undefined ? base.reviewDelayMs : toMs(options.reviewDelay, 'reviewDelay'),
    eddReviewDelayMs: options.eddReviewDelay === undefined ? base.eddReviewDelayMs : toMs(options.eddReviewDelay, 'eddReviewDelay'),
    rescreenOnUpdate: options.rescreenOnUpdate ?? base.rescreenOnUpdate,
    clock: { frozen: options.frozen ?? start !== undefined, start },
    validation: options.validation ?? base.validation,
    oauth: { omittedScope: options.omittedScope ?? base.oauth.omittedScope },
  };
}
