/**
 * @module paxos-identity-sandbox/testing
 * startSimulator(): the Paxos Identity simulator inside your test process, on
 * a free 127.0.0.1 port, with an in-memory store, silent logs, a ready client,
 * a controllable clock and webhook helpers. stop() leaves nothing running.
 */
import { createPaxosClient, type PaxosClient } from './client.js';
import { CLIENT_SCOPES } from './options.js';
import type { PaxosClientOptions } from './options.js';
import { startServer, type RunningServer } from '../simulator/server.js';
import { storeOptions } from '../simulator/app.js';
import { createLogger } from '../simulator/logger.js';
import { createStore } from '../simulator/store/lowdb-store.js';
import { createSimulatorClock, type SimulatorClock } from './testing/clock.js';
import { toConfig, type SimulatorCredentials, type StartSimulatorOptions } from './testing/options.js';
import { createSimulatorWebhooks, type SimulatorWebhooks } from './testing/webhooks.js';
import { createSimulatorFaults, type SimulatorFaults } from './testing/faults.js';

export type { SimulatorClock } from './testing/clock.js';
export type { DecisionRuleInput, SimulatorClientInput, SimulatorCredentials, StartSimulatorOptions } from './testing/options.js';
export type { FaultRuleInput, FaultView, InjectedFault, SimulatorFaults } from './testing/faults.js';
export type { DrainReport, RegisterWebhookInput, SimulatorWebhooks, WebhookConsumer, WebhookDelivery } from './testing/webhooks.js';

export interface RunningSimulator {
  /** Server root, e.g. `http://127.0.0.1:53127`. */
  url: string;
  /** Paxos API base URL: `${url}/v2`. */
  baseUrl: string;
  /** OAuth2 token URL: `${url}/oauth2/token`. */
  tokenUrl: string;
  /** Control API and dashboard: `${url}/_sim`. */
  controlUrl: string;
  /** The first configured client's credentials. */
  credentials: SimulatorCredentials;
  /** A ready client for `credentials` (token expiry follows the simulator clock). */
  client: PaxosClient;
  /** Another client aimed at this simulator; `overrides` win (e.g. other credentials or scopes). */
  createClient(overrides?: Partial<PaxosClientOptions>): PaxosClient;
  clock: SimulatorClock;
  webhooks: SimulatorWebhooks;
  /** Fault injection: failing answers, latency, dropped connections, token revocation, webhook faults. */
  faults: SimulatorFaults;
  /** Forget every identity, event, delivery, token and API-registered webhook; rules go back to the options. */
  reset(): Promise<void>;
  /** Close the server and stop every timer; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Start the simulator in this process for a test suite.
 *
 * @param options clients, rules, review delay, frozen clock / `startAt`, `dataFile`, `logLevel` (all optional)
 * @returns the running simulator; call `stop()` in `afterAll`
 * @example
 * const sim = await startSimulator({ frozen: true });
 * const { data } = await sim.client.createIdentity(person);
 * await sim.clock.advance('2s');
 * (await sim.client.getIdentity(data!.id)).data?.status; // 'APPROVED'
 * await sim.stop();
 */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const config = toConfig(options);
  const store = await createStore(storeOptions({ ...config, reset: false }, createLogger(config.logLevel)));
  const restoredClock = store.read((db) => db.settings.clock) !== undefined;
  let server: RunningServer;
  try {
    server = await startServer({ config, store });
  } catch (err) {
    await store.close();
    throw err;
  }
  const { simulator } = server;
  // A given start instant with `frozen: false` runs on from there (a stored clock wins).
  if (!restoredClock && config.clock.start && options.frozen === false) simulator.clock.unfreeze();

  const first = config.clients[0];
  const credentials = { clientId: first.client_id, clientSecret: first.client_secret };
  // The scopes the typed client's calls need, as far as the chosen client holds them.
  const scopesOf = (clientId: string) => {
    const held = config.clients.find((c) => c.client_id === clientId)?.scopes;
    return held ? CLIENT_SCOPES.filter((s) => held.includes(s)) : undefined;
  };
  const createClient = (overrides: Partial<PaxosClientOptions> = {}) =>
    createPaxosClient({
      baseUrl: server.baseUrl,
      tokenUrl: server.tokenUrl,
      ...credentials,
      scopes: scopesOf(overrides.clientId ?? credentials.clientId),
      now: () => simulator.clock.nowMs(),
      ...overrides,
    });
  const clock = createSimulatorClock(simulator);

  return {
    url: server.url,
    baseUrl: server.baseUrl,
    tokenUrl: server.tokenUrl,
    controlUrl: server.controlUrl,
    credentials,
    client: createClient(),
    createClient,
    clock,
    webhooks: createSimulatorWebhooks(simulator),
    faults: createSimulatorFaults(simulator, first.client_id),
    reset: () => simulator.reset(),
    async stop() {
      await server.stop();
      await store.close();
    },
  };
}
