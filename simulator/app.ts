/**
 * @module app
 * createSimulator(): the whole simulator, in two steps:
 *   - openSimulatorState(options): the store (migrated), clock, rules,
 *     entities, fault engine, webhook dispatcher, scheduler and the services'
 *     context;
 *   - buildApp(state): the Hono app, middleware and routers in one visible order.
 * It starts no server and no timers; server.ts does.
 */
import { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { createClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { parseRules, type Rule } from './domain/decision-rules.js';
import { entityDirectory, type EntityDirectory } from './domain/entities.js';
import { bearerAuth, createBearerAuthenticator, type AuthEnv } from './http/auth.js';
import { createFaultEngine, type FaultEngine } from './faults/engine.js';
import { faultInjection } from './faults/middleware.js';
import { sharedOperationLookup } from './faults/operations.js';
import { BODY_LIMIT_BYTES, bodySizeLimit } from './http/body-limit.js';
import { controlGuard } from './http/control-guard.js';
import { controlAuth } from './http/control-auth.js';
import { createCreateLane, withCreateLane } from './http/create-lane.js';
import { createFastLane, withFastLane } from './http/fast-lane.js';
import { createErrorBoundary, notFound } from './http/problem.js';
import { rateLimit } from './http/rate-limit.js';
import { sharedRequestValidator } from './http/validate.js';
import { randomIds, type Ids } from './ids.js';
import { createLogger, type Logger } from './logger.js';
import { createAccountMemberRoutes, createAccountRoutes } from './routes/accounts.js';
import { createControlRoutes } from './routes/controls.js';
import { createEventRoutes } from './routes/events.js';
import { createProfileRoutes, createSandboxProfileRoutes } from './routes/profiles.js';
import { createIdentityDocumentRoutes } from './routes/identity-documents.js';
import { createIdentityRoutes } from './routes/identities.js';
import { createInstitutionMemberRoutes } from './routes/institution-members.js';
import { createOAuthTokenRoutes } from './routes/oauth-token.js';
import { createSimControlRoutes } from './routes/sim-control.js';
import { createDashboardRoutes } from './routes/sim-dashboard.js';
import { createSimDocsRoutes } from './routes/sim-docs.js';
import { createSimFaultRoutes } from './routes/sim-faults.js';
import { createSimWebhookRoutes } from './routes/sim-webhooks.js';
import { createUploadRoutes } from './routes/uploads.js';
import type { SimContext } from './services/context.js';
import { migrateOwnership } from './services/ownership.js';
import { createRequestLog, type RequestLog } from './services/request-log.js';
import { requestLogMiddleware } from './http/request-log.js';
import { pruneDeliveries } from './services/retention.js';
import { createScheduler, type Scheduler } from './services/scheduler.js';
import { UPLOAD_LIMIT_BYTES } from './services/documents.js';
import { documentTypes } from './services/spec-enums.js';
import { fileBlobs, memoryBlobs, type BlobStore } from './store/blobs.js';
import { createStore, StoreOpenError, type StoreOptions } from './store/lowdb-store.js';
import { StoreWriteError, type Store } from './store/store.js';
import { createDispatcher, type Dispatcher } from './webhooks/dispatcher.js';
import { syncConfigConsumers } from './webhooks/outbox.js';

export const SIMULATOR_VERSION = '0.1.0';

export interface SimulatorOptions {
  config: Config;
  store?: Store;
  clock?: Clock;
  ids?: Ids;
  logger?: Logger;
  blobs?: BlobStore;
  /** fetch used for webhook deliveries and consumer OAuth */
  fetch?: typeof fetch;
  /** randomness for retry jitter */
  random?: () => number;
}

export interface Simulator {
  app: Hono;
  ctx: SimContext;
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  dispatcher: Dispatcher;
  requests: RequestLog;
  /** fault injection rules and the log of injected faults */
  faults: FaultEngine;
  /** Move the clock forward, firing everything that falls due, then deliver due webhooks. */
  advance(ms: number): Promise<void>;
  /** Deliver every due webhook now and wait for the results. */
  drain(): ReturnType<Dispatcher['drainOnce']>;
  /** Apply the retention (config `retention`): remove expired finished deliveries; returns how many. */
  prune(): Promise<number>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** A configured consumer's owning entity: entity_id, else its client_id's entity, else the first entity. */
function withEntity(consumers: Config['webhooks']['consumers'], entities: EntityDirectory): Config['webhooks']['consumers'] {
  return consumers.map((c) => ({ ...c, entity_id: c.entity_id ?? (c.client_id !== undefined ? entities.of(c.client_id) : entities.defaultId) }));
}

function rulesFrom(raw: unknown, where: string): Rule[] {
  const parsed = parseRules(raw, documentTypes());
  if (!parsed.ok) throw new Error(`${where}: ${parsed.error}`);
  return parsed.rules;
}

/** Everything a simulator holds besides its HTTP app: opened by openSimulatorState, served by buildApp. */
export interface SimulatorState {
  config: Config;
  logger: Logger;
  store: Store;
  /** the store was opened here (so close() closes it), not handed in */
  ownsStore: boolean;
  clock: Clock;
  ids: Ids;
  blobs: BlobStore;
  entities: EntityDirectory;
  /** what every service receives */
  ctx: SimContext;
  faults: FaultEngine;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  requests: RequestLog;
  /** save the clock's state and wake the dispatcher (after the clock moved) */
  persistClock(): Promise<void>;
  /** empty the store and blobs, restore the config's rules, faults and consumers */
  reset(): Promise<void>;
}

/**
 * Open the simulator's state: the store (with its ownership migration), the
 * clock (saved, configured or given), the decision rules (saved or
 * configured), the fault engine, the webhook dispatcher, the scheduler, and
 * the configured webhook consumers synced into the store.
 */
export async function openSimulatorState(options: SimulatorOptions): Promise<SimulatorState> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const ownsStore = !options.store;
  const store = options.store ?? (await createStore(storeOptions(config, logger)));
  const entities = entityDirectory(config.entities, config.clients.map((c) => c.client_id));
  await migrateOwnership(store, entities);
  const saved = store.read((db) => db.settings);
  const clock =
    options.clock ??
    createClock({
      initial: saved.clock ?? (config.clock.start ? { frozen: true, frozenAtMs: Date.parse(config.clock.start), offsetMs: 0 } : undefined),
    });
  if (!options.clock && !saved.clock && config.clock.frozen) clock.freeze();
  const ids = options.ids ?? randomIds;
  const blobs = options.blobs ?? (store.kind === 'file' ? fileBlobs(`${store.location}.files`, { fsync: config.journal.fsync }) : memoryBlobs());
  let rules: Rule[];
  try {
    rules = saved.rules !== undefined ? rulesFrom(saved.rules, 'stored rules') : rulesFrom(config.rules, 'config rules');
  } catch (err) {
    // Rules stored by PUT /_sim/rules that no longer parse: a data file of the wrong shape.
    if (saved.rules === undefined) throw err;
    throw new StoreOpenError(`cannot read the data file ${store.location ?? '(memory)'}: the data has the wrong shape: ${(err as Error).message} (start with --reset to begin empty)`);
  }
  const faults = createFaultEngine({ clock, initial: config.faults });
  const dispatcher = createDispatcher({ store, clock, ids, logger, fetch: options.fetch, random: options.random, retry: config.webhooks.retry, timeoutMs: config.webhooks.timeoutMs, faults });
  let scheduler: Scheduler;
  const ctx: SimContext = {
    config,
    store,
    clock,
    ids,
    logger,
    blobs,
    entities,
    rules: { get: () => rules, set: (next) => void (rules = next) },
    async commit(fn) {
      const result = await store.transact(fn);
      // The change itself is durable by now; jobs it made due that cannot be
      // saved yet (disk full) are fired by the background scheduler later.
      await scheduler.runDue().catch((err: unknown) => {
        if (!(err instanceof StoreWriteError)) throw err;
        logger.warn('due jobs not fired yet: the store cannot write', { error: err.message });
      });
      dispatcher.kick();
      return result;
    },
  };
  scheduler = createScheduler(ctx);
  const configConsumers = withEntity(config.webhooks.consumers, entities);
  await syncConfigConsumers(store, configConsumers, { now: clock.now(), ids });

  return {
    config,
    logger,
    store,
    ownsStore,
    clock,
    ids,
    blobs,
    entities,
    ctx,
    faults,
    dispatcher,
    scheduler,
    requests: createRequestLog(config.retention.requestLog),
    async persistClock() {
      await store.transact((tx) => tx.setSetting('clock', clock.state()));
      dispatcher.kick();
    },
    async reset() {
      await store.reset();
      await blobs.clear();
      rules = rulesFrom(config.rules, 'config rules');
      faults.reset();
      await syncConfigConsumers(store, configConsumers, { now: clock.now(), ids });
    },
  };
}

/** How buildApp builds the app (tests compare the two ways of answering). */
export interface BuildAppOptions {
  /**
   * Answer GET Identity beside the middleware chain when nothing but
   * checks and the log would run (http/fast-lane.ts), and, on a real port,
   * Create Identity too (http/create-lane.ts); default true. The answers are
   * the same either way.
   */
  fastLane?: boolean;
}

/** The HTTP app over an opened state: middleware and routers in the order they see a request. */
export function buildApp(state: SimulatorState, options: BuildAppOptions = {}): Hono {
  const { config, logger, store, clock, ids, entities, ctx, faults, dispatcher, scheduler, requests } = state;
  const onClockMoved = () => state.persistClock();
  const validator = sharedRequestValidator(config.validation);
  // Hono's default SmartRouter would first try to compile every route into its RegExpRouter on the
  // first request, fail on the control API's routes (a static path after a parameter one, the
  // optional trailing slash) and settle on the TrieRouter: go straight to it.
  const app = new Hono({ router: new TrieRouter() });
  // 1. the request log feeds the dashboard's timeline
  app.use('*', requestLogMiddleware(requests, clock));
  // 1a. one request-body limit for every route, enforced while the body streams; the upload URL keeps
  //     its own documented limit (checked, with its own message, by the route: this one is a byte above)
  app.use('*', bodySizeLimit({ maxBytes: (path) => (path.startsWith('/_sim/uploads/') ? UPLOAD_LIMIT_BYTES + 1 : BODY_LIMIT_BYTES), logger }));
  // 1b. injected faults (/_sim/faults, `faults` in the config file), before everything they stand in for
  app.use('*', faultInjection({ faults, operations: sharedOperationLookup(), store }));
  // 2. Paxos's rate limits, only when switched on (rate_limits / --rate-limits)
  if (config.rateLimits) app.use('*', rateLimit(config.rateLimits, clock));
  // 3. OAuth2 token endpoint (Paxos serves it on its own host)
  app.route('/oauth2/token', createOAuthTokenRoutes({ store, clock, ids, clients: config.clients, tokenTtlSeconds: config.tokenTtlSeconds, omittedScope: config.oauth.omittedScope }));
  // 4. the Paxos v2 surface, every route behind a bearer token
  const v2 = new Hono<AuthEnv>();
  const authenticator = createBearerAuthenticator({ store, clock, entities, clients: () => config.clients });
  v2.use('*', bearerAuth(authenticator));
  // mounted from one list, which the "not simulated" answer below names
  const served: Array<[path: string, routes: Hono<AuthEnv>]> = [
    ['/identity/identities', createIdentityRoutes(ctx, validator)],
    ['/identity/identities', createIdentityDocumentRoutes(ctx, validator)],
    ['/identity/institution-members', createInstitutionMemberRoutes(ctx, validator)],
    ['/identity/accounts', createAccountRoutes(ctx, validator)],
    ['/identity/account-members', createAccountMemberRoutes(ctx, validator)],
    ['/identity/controls', createControlRoutes(ctx, validator)],
    ['/profiles', createProfileRoutes(ctx, validator)],
    ['/sandbox/profiles', createSandboxProfileRoutes(ctx, validator)],
    ['/events', createEventRoutes(ctx, validator)],
  ];
  for (const [path, routes] of served) v2.route(path, routes);
  const servedPaths = ['/oauth2/token', ...new Set(served.map(([path]) => `/v2${path}`))].join(', ');
  // Any other Paxos path (orders, transfers, …) is not part of this simulator: say so.
  v2.all('*', (c) => {
    throw notFound(`${c.req.method} ${c.req.path} is a Paxos path this simulator does not serve (not simulated); it simulates ${servedPaths}`);
  });
  app.route('/v2', v2);
  // 5. the stand-in for pre-signed upload URLs (its key is the credential)
  app.route('/_sim/uploads', createUploadRoutes(ctx));
  // 6a. the API reference, rendered from our OpenAPI document with no network (public, like the document itself)
  app.route('/_sim/docs', createSimDocsRoutes());
  // 6. the simulator's control API, optionally disabled or behind a token
  if (config.control.enabled) {
    const control = new Hono();
    control.use('*', controlGuard({ host: config.host }));
    control.use('*', controlAuth(config.control.token));
    control.route('/', createSimControlRoutes({ ctx, scheduler, onClockMoved, reset: () => state.reset(), version: SIMULATOR_VERSION }));
    control.route('/', createDashboardRoutes({ ctx, scheduler, dispatcher, requests, onClockMoved }));
    control.route('/webhooks', createSimWebhookRoutes({ store, clock, ids, dispatcher, validator, entities }));
    control.route('/faults', createSimFaultRoutes({ faults, store }));
    app.route('/_sim', control);
  }
  // 7. one error boundary: Problems for everything, never a stack trace
  app.notFound((c) => c.json(notFound(`no route for ${c.req.method} ${c.req.path}`).problem, 404));
  app.onError(createErrorBoundary(logger));
  // 0. before all of the above, for GET Identity and (on the server) Create Identity when the chain would
  //    only read, check and log: the same answers, without the router and the chain (rate limits need
  //    the chain: not with them)
  if (options.fastLane !== false && !config.rateLimits) {
    withFastLane(app, createFastLane({ ctx, auth: authenticator, validator, requests, clock, faults }));
    withCreateLane(app, createCreateLane({ ctx, auth: authenticator, validator, requests, clock, faults }));
  }

  return app;
}

/**
 * Build a simulator in this process without listening on a port: pass
 * `sim.app.request` as a client's `fetch`, move the clock with `advance`, and
 * deliver due webhooks with `drain`. Starts no timers (see startServer).
 *
 * @example
 * const sim = await createSimulator({ config: testConfig({ clock: { frozen: true } }) });
 * const paxos = createPaxosClient({ baseUrl: 'http://sim/v2', tokenUrl: 'http://sim/oauth2/token',
 *   clientId: 'paxos-sim-client', clientSecret: 'paxos-sim-secret', fetch: (i, init) => sim.app.request(i, init) });
 * await sim.advance(2_000); // the default review delay
 * await sim.close();
 */
export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const state = await openSimulatorState(options);
  const { config, store, scheduler, dispatcher } = state;
  const app = buildApp(state);
  return {
    app,
    ctx: state.ctx,
    store,
    clock: state.clock,
    scheduler,
    dispatcher,
    requests: state.requests,
    faults: state.faults,
    async advance(ms) {
      await scheduler.advanceBy(ms);
      await state.persistClock();
    },
    drain: () => dispatcher.drainOnce(),
    prune: () => pruneDeliveries(store, state.clock, config.retention.deliveriesMs),
    reset: () => state.reset(),
    async close() {
      scheduler.stop();
      await dispatcher.stop();
      // A store given to us belongs to the caller (flush only); ours is closed (compacted, lock released).
      await (state.ownsStore ? store.close() : store.flush());
    },
  };
}

/** The store a config asks for: memory, or the lowdb file with its journal settings. */
export function storeOptions(config: Config, logger: Logger): StoreOptions {
  if (config.storage === 'memory') return { storage: 'memory' };
  return {
    storage: 'file',
    path: config.data,
    reset: config.reset,
    fsync: config.journal.fsync,
    compactAfterBytes: config.journal.compactAfterBytes,
    log: (level, message) => logger[level](message),
  };
}
