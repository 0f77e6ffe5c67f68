/**
 * @module faults/rules
 * Fault injection rules, pure: parsing the config/control-API form, matching a
 * call (operation id or method and path, client) or a webhook delivery (event
 * type, client, consumer), and deciding whether a rule fires (the nth call,
 * the next N calls, or a seeded probability). No HTTP, no timers, no store:
 * the HTTP middleware (faults/middleware.ts) and the webhook dispatcher carry
 * out what `decide*` returns.
 *
 * One table per rule: ACTION_KEYS lists each action and its parser.
 */
import { parseDuration } from '../domain/durations.js';

/** What an API fault does. */
export type ApiFaultAction =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; detail?: string }
  | { kind: 'latency'; ms: number }
  | { kind: 'drop'; mode: 'reset' | 'hang'; hangMs: number }
  | { kind: 'malformed' }
  | { kind: 'revoke_tokens' };

/** What a webhook fault does to one delivery attempt. */
export type WebhookFaultAction = { kind: 'webhook'; mode: 'drop' | 'duplicate' | 'out_of_order' };

export type FaultAction = ApiFaultAction | WebhookFaultAction;

export interface FaultMatch {
  /** operationId from our OpenAPI document, e.g. CreateIdentity, getAccessToken */
  operation?: string;
  /** HTTP method, upper case */
  method?: string;
  /** path pattern: `*` stands for one path segment, `**` for any rest, e.g. /v2/identity/identities/* */
  path?: string;
  /** OAuth client making the call (API) or owning the event (webhook) */
  client_id?: string;
  /** webhook only: the event type, e.g. identity.approved */
  event_type?: string;
  /** webhook only: consumer name or id */
  consumer?: string;
}

export interface FaultRule {
  id: string;
  name?: string;
  target: 'api' | 'webhook';
  match: FaultMatch;
  action: FaultAction;
  /** 'after': applied only once the operation has succeeded (a lost response) */
  phase: 'before' | 'after';
  /** fire on the nth matching call (1-based), and on the `times - 1` after it */
  nth?: number;
  /** fire at most this many times (undefined: no limit; with `nth`: 1) */
  times?: number;
  /** fire with this probability (0 < p ≤ 1), drawn from a generator seeded with `seed` */
  probability?: number;
  seed: number;
  /** the rule as it was given, for listing it back */
  input: Record<string, unknown>;
}

/** A rule with its counters, as the engine keeps it. */
export interface FaultRuleState {
  rule: FaultRule;
  /** matching calls seen so far */
  seen: number;
  /** times it fired */
  fired: number;
  /** the seeded random generator, advanced on every matching call */
  random: () => number;
}

export interface ApiCall {
  operation?: string;
  method: string;
  path: string;
  client_id?: string;
}

export interface WebhookCall {
  event_type?: string;
  client_id?: string;
  consumer_id: string;
  consumer_name?: string;
}

export type ParseResult = { ok: true; rule: FaultRule } | { ok: false; error: string };

const PROBLEM_STATUSES = [400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504];
/** Default wall time a `drop: hang` fault holds a connection before closing it. */
export const DEFAULT_HANG_MS = 30_000;

const MATCH_KEYS = ['operation', 'method', 'path', 'client_id', 'event_type', 'consumer'] as const;
const OTHER_KEYS = ['id', 'name', 'nth', 'times', 'probability', 'seed', 'after', 'retry_after', 'detail', 'hang'];

type ActionParser = (value: unknown, raw: Record<string, unknown>) => FaultAction | string;

function duration(value: unknown, name: string): number | string {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  return ms === undefined ? `${name} must be milliseconds or a duration such as "250ms", "2s"` : ms;
}

/** The actions: exactly one of these keys per rule. */
export const ACTION_KEYS: Record<string, ActionParser> = {
  status(value, raw) {
    if (typeof value !== 'number' || !PROBLEM_STATUSES.includes(value)) return `status must be one of ${PROBLEM_STATUSES.join(', ')}`;
    let retryAfterSeconds: number | undefined;
    if (raw.retry_after !== undefined) {
      if (typeof raw.retry_after !== 'number' || !Number.isInteger(raw.retry_after) || raw.retry_after < 0) return 'retry_after must be a whole number of seconds';
      retryAfterSeconds = raw.retry_after;
    }
    if (raw.detail !== undefined && typeof raw.detail !== 'string') return 'detail must be a string';
    return { kind: 'status', status: value, retryAfterSeconds, detail: raw.detail as string | undefined };
  },
  latency(value) {
    const ms = duration(value, 'latency');
    return typeof ms === 'string' ? ms : { kind: 'latency', ms };
  },
  drop(value, raw) {
    if (value !== 'reset' && value !== 'hang') return 'drop must be "reset" or "hang"';
    const hangMs = raw.hang === undefined ? DEFAULT_HANG_MS : duration(raw.hang, 'hang');
    if (typeof hangMs === 'string') return hangMs;
    return { kind: 'drop', mode: value, hangMs };
  },
  malformed(value, raw) {
    if (value !== true) return 'malformed must be true';
    if (raw.status !== undefined) return 'give malformed or status, not both';
    return { kind: 'malformed' };
  },
  revoke_tokens(value) {
    return value === true ? { kind: 'revoke_tokens' } : 'revoke_tokens must be true';
  },
  webhook(value) {
    if (value !== 'drop' && value !== 'duplicate' && value !== 'out_of_order') return 'webhook must be "drop", "duplicate" or "out_of_order"';
    return { kind: 'webhook', mode: value };
  },
};

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** Parse one rule from its config-file / control-API form. `id` is used when the input has none. */
export function parseFaultRule(raw: unknown, id: string): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'a fault must be an object' };
  const r = raw as Record<string, unknown>;
  const fail = (error: string): ParseResult => ({ ok: false, error });
  const unknownKey = Object.keys(r).find((k) => !(k in ACTION_KEYS) && !(MATCH_KEYS as readonly string[]).includes(k) && !OTHER_KEYS.includes(k));
  if (unknownKey) return fail(`unknown fault field ${unknownKey}`);
  const actions = Object.keys(ACTION_KEYS).filter((k) => r[k] !== undefined);
  // `status` with `malformed` is reported by malformed's parser.
  const chosen = actions.includes('malformed') ? ['malformed'] : actions;
  if (chosen.length !== 1) return fail(`a fault needs exactly one action: ${Object.keys(ACTION_KEYS).join(', ')}`);
  const action = ACTION_KEYS[chosen[0]](r[chosen[0]], r);
  if (typeof action === 'string') return fail(action);
  const target = action.kind === 'webhook' ? 'webhook' : 'api';

  const match: FaultMatch = {};
  for (const key of MATCH_KEYS) {
    const v = r[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') return fail(`${key} must be a non-empty string`);
    match[key] = key === 'method' ? v.toUpperCase() : v;
  }
  if (target === 'api' && (match.event_type || match.consumer)) return fail('event_type and consumer only apply to webhook faults');
  if (target === 'webhook' && (match.operation || match.method || match.path)) return fail('operation, method and path only apply to API faults');
  if (match.path !== undefined && !match.path.startsWith('/')) return fail('path must start with /');

  if (r.nth !== undefined && !positiveInt(r.nth)) return fail('nth must be a whole number ≥ 1');
  if (r.times !== undefined && !positiveInt(r.times)) return fail('times must be a whole number ≥ 1');
  if (r.probability !== undefined && (typeof r.probability !== 'number' || !(r.probability > 0 && r.probability <= 1))) {
    return fail('probability must be a number above 0 and at most 1');
  }
  if (r.nth !== undefined && r.probability !== undefined) return fail('give nth or probability, not both');
  if (r.seed !== undefined && (typeof r.seed !== 'number' || !Number.isInteger(r.seed))) return fail('seed must be a whole number');
  if (r.after !== undefined && typeof r.after !== 'boolean') return fail('after must be true or false');
  if (r.after === true && (action.kind === 'latency' || target === 'webhook')) return fail(`after does not apply to ${target === 'webhook' ? 'webhook faults' : 'latency'}`);
  if (r.name !== undefined && typeof r.name !== 'string') return fail('name must be a string');
  if (r.id !== undefined && (typeof r.id !== 'string' || !/^[\w.-]{1,64}$/.test(r.id))) return fail('id must be letters, digits, ".", "_" or "-" (at most 64)');
  for (const [key, owner] of [['retry_after', 'status'], ['detail', 'status'], ['hang', 'drop']] as const) {
    if (r[key] !== undefined && r[owner] === undefined) return fail(`${key} only goes with ${owner}`);
  }

  return {
    ok: true,
    rule: {
      id: (r.id as string | undefined) ?? id,
      name: r.name as string | undefined,
      target,
      match,
      action,
      phase: r.after === true ? 'after' : 'before',
      nth: r.nth as number | undefined,
      times: (r.times as number | undefined) ?? (r.nth !== undefined ? 1 : undefined),
      probability: r.probability as number | undefined,
      seed: (r.seed as number | undefined) ?? 1,
      input: { ...r },
    },
  };
}

/** Parse a list of rules; ids default to fault-1, fault-2, … (`firstId` onwards). */
export function parseFaultRules(raw: unknown, firstId = 1): { ok: true; rules: FaultRule[] } | { ok: false; error: string } {
  if (raw === undefined || raw === null) return { ok: true, rules: [] };
  if (!Array.isArray(raw)) return { ok: false, error: 'faults must be a list' };
  const rules: FaultRule[] = [];
  for (const [i, item] of raw.entries()) {
    const parsed = parseFaultRule(item, `fault-${firstId + i}`);
    if (!parsed.ok) return { ok: false, error: `faults[${i}]: ${parsed.error}` };
    if (rules.some((x) => x.id === parsed.rule.id)) return { ok: false, error: `faults[${i}]: id "${parsed.rule.id}" is used twice` };
    rules.push(parsed.rule);
  }
  return { ok: true, rules };
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function initialState(rule: FaultRule): FaultRuleState {
  return { rule, seen: 0, fired: 0, random: seededRandom(rule.seed) };
}

/** Does `path` fit `pattern`? `*` is one segment, `**` any rest. */
export function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.split('/');
  const s = path.split('/');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '**') return true;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
    if (p[i] === '*' && s[i] === '') return false;
  }
  return p.length === s.length;
}

export function matchesApi(m: FaultMatch, call: ApiCall): boolean {
  if (m.operation !== undefined && m.operation !== call.operation) return false;
  if (m.method !== undefined && m.method !== call.method.toUpperCase()) return false;
  if (m.path !== undefined && !pathMatches(m.path, call.path)) return false;
  return m.client_id === undefined || m.client_id === call.client_id;
}

export function matchesWebhook(m: FaultMatch, call: WebhookCall): boolean {
  if (m.event_type !== undefined && m.event_type !== call.event_type) return false;
  if (m.consumer !== undefined && m.consumer !== call.consumer_id && m.consumer !== call.consumer_name) return false;
  return m.client_id === undefined || m.client_id === call.client_id;
}

/** Has the rule used up its firings? */
export function exhausted(s: FaultRuleState): boolean {
  return s.rule.times !== undefined && s.fired >= s.rule.times;
}

/**
 * Count one matching call against a rule and say whether it fires. Mutates
 * the counters (the state is the engine's, one per rule).
 */
export function countAndDecide(s: FaultRuleState): boolean {
  if (exhausted(s)) return false;
  s.seen++;
  const { nth, probability } = s.rule;
  let fires: boolean;
  if (nth !== undefined) fires = s.seen >= nth;
  else if (probability !== undefined) fires = s.random() < probability;
  else fires = true;
  if (fires) s.fired++;
  return fires;
}

/**
 * The first rule (in order) that fires for this call in this phase, or
 * undefined. Rules before it that match count the call too.
 */
export function decideApi(states: readonly FaultRuleState[], call: ApiCall, phase: 'before' | 'after'): FaultRuleState | undefined {
  for (const s of states) {
    if (s.rule.target !== 'api' || s.rule.phase !== phase || !matchesApi(s.rule.match, call)) continue;
    if (countAndDecide(s)) return s;
  }
  return undefined;
}

export function decideWebhook(states: readonly FaultRuleState[], call: WebhookCall): FaultRuleState | undefined {
  for (const s of states) {
    if (s.rule.target !== 'webhook' || !matchesWebhook(s.rule.match, call)) continue;
    if (countAndDecide(s)) return s;
  }
  return undefined;
}

/** One line describing an action, for logs, the request log and the dashboard. */
export function describeAction(a: FaultAction, phase: 'before' | 'after' = 'before'): string {
  const when = phase === 'after' ? ' after the operation ran' : '';
  switch (a.kind) {
    case 'status':
      return `status ${a.status}${a.retryAfterSeconds !== undefined ? ` (Retry-After: ${a.retryAfterSeconds})` : ''}${when}`;
    case 'latency':
      return `latency ${a.ms} ms`;
    case 'drop':
      return `${a.mode === 'reset' ? 'connection reset' : `connection held ${a.hangMs} ms, then closed`}${when}`;
    case 'malformed':
      return `malformed body${when}`;
    case 'revoke_tokens':
      return `tokens revoked${when}`;
    case 'webhook':
      return `webhook ${a.mode.replaceAll('_', ' ')}`;
  }
}
