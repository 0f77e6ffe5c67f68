/**
 * @module faults/engine
 * The live fault rules of one simulator and the log of every fault injected.
 * Holds state (counters, seeded generators) but knows nothing of HTTP: the
 * middleware asks `decideApi`, the dispatcher asks `decideWebhook`, and each
 * reports what it did through `record`.
 */
import type { Clock } from '../clock.js';
import {
  decideApi,
  decideWebhook,
  describeAction,
  exhausted,
  initialState,
  parseFaultRule,
  parseFaultRules,
  type ApiCall,
  type FaultRule,
  type FaultRuleState,
  type WebhookCall,
} from './rules.js';

export interface InjectedFault {
  at: string;
  fault_id: string;
  fault_name?: string;
  target: 'api' | 'webhook';
  /** e.g. "status 503 (Retry-After: 2)", "connection reset after the operation ran" */
  action: string;
  method?: string;
  path?: string;
  operation?: string;
  client_id?: string;
  event_id?: string;
  event_type?: string;
  delivery_id?: string;
  consumer_id?: string;
}

export interface FaultView {
  id: string;
  name?: string;
  target: 'api' | 'webhook';
  /** the rule as given (config file / control API form) */
  rule: Record<string, unknown>;
  action: string;
  seen: number;
  fired: number;
  exhausted: boolean;
}

export class FaultRuleError extends Error {}

export interface FaultEngine {
  list(): FaultView[];
  /** Add one rule (config/control-API form); throws FaultRuleError. */
  add(raw: unknown): FaultView;
  /** Replace every rule; throws FaultRuleError (and keeps the old ones). */
  set(raw: unknown): FaultView[];
  remove(id: string): boolean;
  clear(): void;
  /** Back to the rules the simulator started with, counters at zero. */
  reset(): void;
  hasApiRules(): boolean;
  decideApi(call: ApiCall, phase: 'before' | 'after'): FaultRule | undefined;
  decideWebhook(call: WebhookCall): FaultRule | undefined;
  record(entry: Omit<InjectedFault, 'at'>): InjectedFault;
  /** Most recent last. */
  injected(limit?: number): InjectedFault[];
}

const viewOf = (s: FaultRuleState): FaultView => ({
  id: s.rule.id,
  ...(s.rule.name !== undefined && { name: s.rule.name }),
  target: s.rule.target,
  rule: s.rule.input,
  action: describeAction(s.rule.action, s.rule.phase),
  seen: s.seen,
  fired: s.fired,
  exhausted: exhausted(s),
});

/**
 * @example
 * const faults = createFaultEngine({ clock, initial: config.faults });
 * faults.add({ operation: 'CreateIdentity', nth: 3, status: 503 });
 */
export function createFaultEngine(options: { clock: Clock; initial?: unknown; capacity?: number }): FaultEngine {
  const { clock } = options;
  const capacity = options.capacity ?? 1000;
  const initial = parseFaultRules(options.initial);
  if (!initial.ok) throw new FaultRuleError(initial.error);
  let states: FaultRuleState[] = initial.rules.map(initialState);
  let nextId = states.length + 1;
  const log: InjectedFault[] = [];

  const freshId = () => {
    let id: string;
    do id = `fault-${nextId++}`;
    while (states.some((s) => s.rule.id === id));
    return id;
  };

  return {
    list: () => states.map(viewOf),
    add(raw) {
      const parsed = parseFaultRule(raw, freshId());
      if (!parsed.ok) throw new FaultRuleError(parsed.error);
      if (states.some((s) => s.rule.id === parsed.rule.id)) throw new FaultRuleError(`a fault with id "${parsed.rule.id}" exists already`);
      const state = initialState(parsed.rule);
      states = [...states, state];
      return viewOf(state);
    },
    set(raw) {
      const parsed = parseFaultRules(raw, nextId);
      if (!parsed.ok) throw new FaultRuleError(parsed.error);
      nextId += parsed.rules.length;
      states = parsed.rules.map(initialState);
      return states.map(viewOf);
    },
    remove(id) {
      const before = states.length;
      states = states.filter((s) => s.rule.id !== id);
      return states.length < before;
    },
    clear() {
      states = [];
    },
    reset() {
      states = (initial.ok ? initial.rules : []).map(initialState);
      log.length = 0;
    },
    hasApiRules: () => states.some((s) => s.rule.target === 'api' && !exhausted(s)),
    decideApi: (call, phase) => decideApi(states, call, phase)?.rule,
    decideWebhook: (call) => decideWebhook(states, call)?.rule,
    record(entry) {
      const full: InjectedFault = { at: clock.now().toISOString(), ...entry };
      log.push(full);
      if (log.length > capacity) log.splice(0, log.length - capacity);
      return full;
    },
    injected: (limit = 100) => log.slice(-limit),
  };
}
