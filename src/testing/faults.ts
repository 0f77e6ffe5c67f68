/**
 * @module testing/faults
 * The faults handle of startSimulator(): inject failures into the simulator
 * (API answers, latency, dropped connections, malformed bodies, token
 * revocation, webhook drops/duplicates/reordering) and see which fired.
 * Rules take the config-file form (README "Fault injection").
 */
import type { Simulator } from '../../simulator/app.js';
import type { FaultView, InjectedFault } from '../../simulator/faults/engine.js';
import { revokeClientTokens } from '../../simulator/faults/revoke.js';

export type { FaultView, InjectedFault };

/** One fault rule, as in the config file's `faults:` list. Exactly one action key. */
export interface FaultRuleInput {
  id?: string;
  name?: string;
  /** operationId of our OpenAPI document, e.g. `CreateIdentity`, `GetIdentity`, `getAccessToken` */
  operation?: string;
  method?: string;
  /** `*` is one path segment, `**` any rest, e.g. `/v2/identity/identities/*` */
  path?: string;
  client_id?: string;
  /** fire on the nth matching call (with `times`: from it on) */
  nth?: number;
  /** fire at most this many times ("the next N calls") */
  times?: number;
  /** fire with this probability, from a generator seeded with `seed` (default 1) */
  probability?: number;
  seed?: number;
  /** apply after a successful operation (a lost response) instead of before it */
  after?: boolean;
  /** action: answer this status with a Paxos-shaped Problem */
  status?: 400 | 401 | 403 | 404 | 408 | 409 | 429 | 500 | 502 | 503 | 504;
  retry_after?: number;
  detail?: string;
  /** action: wait this long (real time), then go on, e.g. `"2s"` or 2000 */
  latency?: string | number;
  /** action: reset the connection, or hold it (`hang`, default 30 s of real time) and then close it */
  drop?: 'reset' | 'hang';
  hang?: string | number;
  /** action: a body that is not valid JSON */
  malformed?: true;
  /** action: revoke the client's live tokens (this call is answered 401) */
  revoke_tokens?: true;
  /** action (webhook deliveries): drop, send twice, or send after the next one */
  webhook?: 'drop' | 'duplicate' | 'out_of_order';
  event_type?: string;
  /** webhook consumer name or id */
  consumer?: string;
}

export interface SimulatorFaults {
  /** Add a rule; throws TypeError with the reason when it is not valid. */
  add(rule: FaultRuleInput): FaultView;
  /** Replace every rule. */
  set(rules: FaultRuleInput[]): FaultView[];
  remove(id: string): boolean;
  clear(): void;
  list(): FaultView[];
  /** Faults injected so far (most recent last). */
  injected(limit?: number): InjectedFault[];
  /** Revoke every live token of a client now (default: the first client); returns how many. */
  revokeTokens(clientId?: string): Promise<number>;
}

export function createSimulatorFaults(simulator: Simulator, defaultClientId: string): SimulatorFaults {
  const { faults } = simulator;
  const typed = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new TypeError(`faults: ${(err as Error).message}`);
    }
  };
  return {
    add: (rule) => typed(() => faults.add(rule)),
    set: (rules) => typed(() => faults.set(rules)),
    remove: (id) => faults.remove(id),
    clear: () => faults.clear(),
    list: () => faults.list(),
    injected: (limit) => faults.injected(limit),
    async revokeTokens(clientId = defaultClientId) {
      const revoked = await revokeClientTokens(simulator.store, clientId);
      faults.record({ fault_id: 'revoke-tokens', target: 'api', action: `${revoked} token(s) revoked`, client_id: clientId });
      return revoked;
    },
  };
}
