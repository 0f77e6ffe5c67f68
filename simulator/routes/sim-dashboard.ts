/**
 * @module routes/sim-dashboard
 * The dashboard page and its JSON/live-update endpoints under /_sim/ (never
 * part of the Paxos surface; see docs/dashboard.md):
 *
 *   GET  /_sim/ and /_sim/dashboard            the page (static assets under /_sim/dashboard/*)
 *   GET  /_sim/api/meta                         clients, status/type/document-type enums
 *   GET  /_sim/api/identities?entity_id&client_id&status&type&q
 *   GET  /_sim/api/identities/:id               identity, status_details, merged timeline
 *   POST /_sim/api/identities/:id/{approve,deny,require-documents,disable,enable}
 *   GET  /_sim/api/stream                       Server-Sent Events: `change` when state moves
 *
 * Clock moves and webhook re-sends reuse /_sim/clock/advance and
 * /_sim/webhooks/events/:id/resend.
 */
import { Hono, type Context } from 'hono';
import { ACTIONS, runAction, type DashboardAction } from '../dashboard/actions.js';
import { loadDashboardAssets, withToken, type Asset } from '../dashboard/assets.js';
import { createChangeStreams } from '../dashboard/change-stream.js';
import { clientIds, entityIds, identityDetail, listIdentityRows, parseIdentityFilter, statusList, typeList } from '../dashboard/identity-views.js';
import { readOptionalJsonObject } from '../http/body.js';
import { identityNotFound, notFound } from '../http/problem.js';
import { methodNotAllowed } from '../http/request.js';
import type { SimContext } from '../services/context.js';
import type { RequestLog } from '../services/request-log.js';
import type { Scheduler } from '../services/scheduler.js';
import { documentTypes } from '../services/spec-enums.js';
import type { Dispatcher } from '../webhooks/dispatcher.js';

export interface DashboardDeps {
  ctx: SimContext;
  scheduler: Scheduler;
  dispatcher: Dispatcher;
  requests: RequestLog;
  /** persist the clock after it moved */
  onClockMoved(): Promise<void>;
  /** how often the change stream looks for changes, in real milliseconds (default: config dashboard.stream_poll) */
  streamPollMs?: number;
  /** most change streams open at once (default: config dashboard.max_streams) */
  maxStreams?: number;
}


/**
 * @example
 * control.route('/', createDashboardRoutes({ ctx, scheduler, dispatcher, requests, onClockMoved }));
 */
export function createDashboardRoutes(deps: DashboardDeps): Hono {
  const { ctx, requests } = deps;
  const assets = loadDashboardAssets();
  const app = new Hono();

  const serve = (c: Context, name: string) => {
    const asset: Asset | undefined = assets.get(name);
    if (!asset) throw notFound(`no dashboard asset ${name}`);
    return c.body(withToken(asset, c.req.query('token')), 200, { 'content-type': asset.contentType, 'cache-control': 'no-store' });
  };
  // '/' is /_sim once mounted; the odd pattern is /_sim/ (Hono drops a bare trailing '/' when it joins paths).
  for (const path of ['/', '/:slash{/?}', '/dashboard', '/dashboard/']) app.get(path, (c) => serve(c, 'index.html'));
  app.get('/dashboard/:file', (c) => serve(c, c.req.param('file')));

  app.get('/api/meta', (c) =>
    c.json({
      clients: ctx.store.read((db) => clientIds(db, ctx.config.clients.map((x) => x.client_id))),
      entities: ctx.store.read((db) => entityIds(db, ctx.entities.ids)).map((id) => ({ id, clients: ctx.entities.clientsOf(id) })),
      statuses: statusList(),
      types: typeList(),
      document_types: documentTypes(),
    }),
  );

  app.get('/api/identities', (c) => {
    const filter = parseIdentityFilter(c.req.query());
    return c.json(
      ctx.store.read((db) => ({
        ...listIdentityRows(db, filter, ctx.entities.of, filter.limit),
        clients: clientIds(db, ctx.config.clients.map((x) => x.client_id)),
        entities: entityIds(db, ctx.entities.ids),
      })),
    );
  });

  const detailOf = (id: string) =>
    ctx.store.read((db) => {
      const rec = db.identities.get(id);
      if (!rec) throw identityNotFound(id);
      return identityDetail(db, rec, requests.forIdentity(id));
    });

  app.get('/api/identities/:id', (c) => c.json(detailOf(c.req.param('id'))));

  app.post('/api/identities/:id/:action', async (c) => {
    const action = c.req.param('action');
    if (!ACTIONS.includes(action as DashboardAction)) throw notFound(`unknown action ${action}; use one of ${ACTIONS.join(', ')}`);
    const id = c.req.param('id');
    await runAction(ctx, action as DashboardAction, id, await readOptionalJsonObject(c));
    return c.json({ action, ...detailOf(id) });
  });

  const streams = createChangeStreams({
    store: ctx.store,
    clock: ctx.clock,
    pollMs: deps.streamPollMs ?? ctx.config.dashboard.streamPollMs,
    maxStreams: deps.maxStreams ?? ctx.config.dashboard.maxStreams,
  });
  app.get('/api/stream', (c) => streams.handle(c));

  app.all('/api/identities', methodNotAllowed('GET'));
  app.all('/api/identities/:id', methodNotAllowed('GET'));
  app.all('/api/identities/:id/:action', methodNotAllowed('POST'));
  app.all('/api/stream', methodNotAllowed('GET'));
  return app;
}
