/**
 * @module app
 * createSimulator(): builds the whole simulator from its collaborators: the
 * Hono app (middleware and routers in one visible order), the scheduler and
 * the webhook dispatcher. It starts no server and no timers; server.ts does.
 */
import { Hono } from 'hono';
import { createClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { parseRules, type Rule } from './domain/decision-rules.js';
import { bearerAuth, type AuthEnv } from './http/auth.js';
import { createErrorBoundary, notFound, problem } from './http/problem.js';
import { rateLimit } from './http/rate-limit.js';
import { sharedRequestValidator } from './http/validate.js';
import { randomIds, type Ids } from './ids.js';
import { createLogger, type Logger } from './logger.js';
import { createEventRoutes } from './routes/events.js';
import { createIdentityDocumentRoutes } from './routes/identity-documents.js';
import { createIdentityRoutes } from './routes/identities.js';
import { createInstitutionMemberRoutes } from './routes/institution-members.js';
import { createOAuthTokenRoutes } from './routes/oauth-token.js';
import { createSimControlRoutes } from './routes/sim-control.js';
import { createDashboardRoutes } from './routes/sim-dashboard.js';
import { createSimWebhookRoutes } from './routes/sim-webhooks.js';
import { createUploadRoutes } from './routes/uploads.js';
import type { SimContext } from './services/context.js';
import { createRequestLog, type RequestLog } from './services/request-log.js';
import { pruneDeliveries } from './services/retention.js';
import { createScheduler, type Scheduler } from './services/scheduler.js';
import { documentTypes } from './services/spec-enums.js';
import { fileBlobs, memoryBlobs, type BlobStore } from './store/blobs.js';
import { createStore } from './store/lowdb-store.js';
import type { Store } from './store/store.js';
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
  /** Move the clock forward, firing everything that falls due, then deliver due webhooks. */
  advance(ms: number): Promise<void>;
  /** Deliver every due webhook now and wait for the results. */
  drain(): ReturnType<Dispatcher['drainOnce']>;
  /** Apply the retention (config `retention`): remove expired finished deliveries; returns how many. */
  prune(): Promise<number>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

function rulesFrom(raw: unknown, where: string): Rule[] {
  const parsed = parseRules(raw, documentTypes());
  if (!parsed.ok) throw new Error(`${where}: ${parsed.error}`);
  return parsed.rules;
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
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = options.store ?? (await createStore(config.storage === 'memory' ? { storage: 'memory' } : { storage: 'file', path: config.data, reset: config.reset }));
  const saved = store.read((db) => db.settings);
  const clock =
    options.clock ??
    createClock({
      initial: saved.clock ?? (config.clock.start ? { frozen: true, frozenAtMs: Date.parse(config.clock.start), offsetMs: 0 } : undefined),
    });
  if (!options.clock && !saved.clock && config.clock.frozen) clock.freeze();
  const ids = options.ids ?? randomIds;
  const blobs = options.blobs ?? (store.kind === 'file' ? fileBlobs(`${store.location}.files`) : memoryBlobs());
  let rules = saved.rules !== undefined ? rulesFrom(saved.rules, 'stored rules') : rulesFrom(config.rules, 'config rules');
  const dispatcher = createDispatcher({ store, clock, ids, logger, fetch: options.fetch, random: options.random, retry: config.webhooks.retry, timeoutMs: config.webhooks.timeoutMs });
  let scheduler: Scheduler;
  const ctx: SimContext = {
    config,
    store,
    clock,
    ids,
    logger,
    blobs,
    rules: { get: () => rules, set: (next) => void (rules = next) },
    async afterChange() {
      await scheduler.runDue();
      dispatcher.kick();
    },
  };
  scheduler = createScheduler(ctx);
  await syncConfigConsumers(store, config.webhooks.consumers, { now: clock.now(), ids });

  const persistClock = async () => {
    await store.transact((tx) => tx.setSetting('clock', clock.state()));
    dispatcher.kick();
  };
  const reset = async () => {
    await store.reset();
    await blobs.clear();
    rules = rulesFrom(config.rules, 'config rules');
    await syncConfigConsumers(store, config.webhooks.consumers, { now: clock.now(), ids });
  };

  const validator = sharedRequestValidator();
  const requests = createRequestLog(clock, config.retention.requestLog);
  const app = new Hono();
  // 1. the request log feeds the dashboard's timeline
  app.use('*', requests.middleware);
  // 2. Paxos's rate limits, only when switched on (rate_limits / --rate-limits)
  if (config.rateLimits) app.use('*', rateLimit(config.rateLimits, clock));
  // 3. OAuth2 token endpoint (Paxos serves it on its own host)
  app.route('/oauth2/token', createOAuthTokenRoutes({ store, clock, ids, clients: config.clients, tokenTtlSeconds: config.tokenTtlSeconds }));
  // 4. the Paxos v2 surface, every route behind a bearer token
  const v2 = new Hono<AuthEnv>();
  v2.use('*', bearerAuth({ store, clock }));
  v2.route('/identity/identities', createIdentityRoutes(ctx, validator));
  v2.route('/identity/identities', createIdentityDocumentRoutes(ctx, validator));
  v2.route('/identity/institution-members', createInstitutionMemberRoutes(ctx, validator));
  v2.route('/events', createEventRoutes(ctx, validator));
  app.route('/v2', v2);
  // 5. the stand-in for pre-signed upload URLs (its key is the credential)
  app.route('/_sim/uploads', createUploadRoutes(ctx));
  // 6. the simulator's control API, optionally disabled or behind a token
  if (config.control.enabled) {
    const control = new Hono();
    control.use('*', controlAuth(config.control.token));
    control.route('/', createSimControlRoutes({ ctx, scheduler, onClockMoved: persistClock, reset, version: SIMULATOR_VERSION }));
    control.route('/', createDashboardRoutes({ ctx, scheduler, dispatcher, requests, onClockMoved: persistClock }));
    control.route('/webhooks', createSimWebhookRoutes({ store, clock, ids, dispatcher, validator, defaultClientId: config.clients[0]?.client_id }));
    app.route('/_sim', control);
  }
  // 7. one error boundary: Problems for everything, never a stack trace
  app.notFound((c) => c.json(notFound(`no route for ${c.req.method} ${c.req.path}`).problem, 404));
  app.onError(createErrorBoundary(logger));

  return {
    app,
    ctx,
    store,
    clock,
    scheduler,
    dispatcher,
    requests,
    async advance(ms) {
      await scheduler.advanceTo(clock.nowMs() + ms);
      await persistClock();
    },
    drain: () => dispatcher.drainOnce(),
    prune: () => pruneDeliveries(store, clock, config.retention.deliveriesMs),
    reset,
    async close() {
      scheduler.stop();
      await dispatcher.stop();
      await store.flush();
    },
  };
}

function controlAuth(token: string | undefined) {
  return async (c: import('hono').Context, next: () => Promise<void>) => {
    if (token) {
      const given = c.req.header('x-sim-token') ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? c.req.query('token');
      if (given !== token) throw problem(401, 'the control API needs its token (X-Sim-Token header)');
    }
    await next();
  };
}
