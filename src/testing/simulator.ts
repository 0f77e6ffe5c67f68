/**
 * @module paxos-identity-sandbox/simulator
 * The simulator's building blocks for embedding it yourself: createSimulator()
 * (the Hono app, no port, no timers) and startServer() (on a real port), with
 * the config and clock they take. Most tests want startSimulator() from
 * `paxos-identity-sandbox/testing` instead.
 */
export { createSimulator, SIMULATOR_VERSION } from '../../simulator/app.js';
export type { Simulator, SimulatorOptions } from '../../simulator/app.js';
export { startServer } from '../../simulator/server.js';
export type { RunningServer } from '../../simulator/server.js';
export { loadConfig, testConfig, ConfigError, DEFAULT_CLIENT, ALL_SCOPES } from '../../simulator/config.js';
export type { Config, ClientConfig, LogLevel, WebhookConsumerConfig } from '../../simulator/config.js';
export { createClock, ClockError } from '../../simulator/clock.js';
export { parseDuration } from '../../simulator/domain/durations.js';
export type { Clock, ClockState } from '../../simulator/clock.js';
export { randomIds, sequentialIds } from '../../simulator/ids.js';
export { createLogger, silentLogger } from '../../simulator/logger.js';
export { createStore } from '../../simulator/store/lowdb-store.js';
export type { Store } from '../../simulator/store/store.js';
