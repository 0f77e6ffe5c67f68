/**
 * @module routes/sim-control
 * The simulator's own control API under /_sim/ (never part of the Paxos
 * surface): health, clock, decision rules, reset. Webhook consumers and
 * deliveries are in sim-webhooks.ts, mounted beside it.
 */
import { Hono } from 'hono';
import { ClockError } from '../clock.js';
import { parseDuration } from '../domain/durations.js';
import { readJsonObject, readOptionalJsonObject } from '../http/body.js';
import { badRequest } from '../http/problem.js';
import { methodNotAllowed } from '../http/request.js';
import type { SimContext } from '../services/context.js';
import { liftControl, parsePaxosControlInput, setPaxosControl } from '../services/controls.js';
import type { Scheduler } from '../services/scheduler.js';
import { replaceRules, rulesView } from '../services/decision-rules.js';

export interface SimControlDeps {
  ctx: SimContext;
  scheduler: Scheduler;
  /** persist the clock state and let the dispatcher look for due deliveries */
  onClockMoved(): Promise<void>;
  reset(): Promise<void>;
  version: string;
}



export function createSimControlRoutes(deps: SimControlDeps): Hono {
  const { ctx, scheduler } = deps;
  const app = new Hono();
  const clockView = () => ({ now: ctx.clock.now().toISOString(), frozen: ctx.clock.state().frozen, pending_jobs: scheduler.pending().length });

  app.get('/health', (c) =>
    c.json({ status: 'ok', version: deps.version, store: ctx.store.kind, ...(ctx.store.location && { data: ctx.store.location }), clock: clockView() }),
  );

  app.get('/clock', (c) => c.json({ ...clockView(), jobs: scheduler.pending().map((j) => ({ kind: j.kind, identity_id: j.identity_id, due_at: j.due_at })) }));
  // Every clock change waits its turn with the scheduler; a move out of range is a 400 naming the range.
  const moveClock = async <T>(move: () => Promise<T>): Promise<T> => {
    try {
      const result = await move();
      await deps.onClockMoved();
      return result;
    } catch (err) {
      if (err instanceof ClockError) throw badRequest(err.message);
      throw err;
    }
  };
  app.post('/clock/freeze', async (c) => {
    await moveClock(() => scheduler.withClock(() => ctx.clock.freeze()));
    return c.json(clockView());
  });
  app.post('/clock/unfreeze', async (c) => {
    await moveClock(() => scheduler.withClock(() => ctx.clock.unfreeze()));
    return c.json(clockView());
  });
  app.post('/clock/advance', async (c) => {
    const body = await readOptionalJsonObject(c);
    let ms: number | undefined;
    if (typeof body.duration === 'string') ms = parseDuration(body.duration);
    else if (typeof body.ms === 'number' && Number.isFinite(body.ms)) ms = body.ms;
    if (ms === undefined) throw badRequest('give "duration" (such as "30s", "5m", "24h", "PT1H") or "ms" (a number)');
    if (ms < 0) throw badRequest('the clock cannot move backwards');
    const amount = ms;
    const result = await moveClock(() => scheduler.advanceBy(amount));
    return c.json({ ...clockView(), fired_jobs: result.fired });
  });
  app.post('/clock/set', async (c) => {
    const body = await readOptionalJsonObject(c);
    const target = typeof body.now === 'string' ? Date.parse(body.now) : NaN;
    if (Number.isNaN(target)) throw badRequest('"now" must be an RFC 3339 date-time');
    const result = await moveClock(() => scheduler.advanceTo(target));
    return c.json({ ...clockView(), fired_jobs: result.fired });
  });

  app.get('/rules', (c) => c.json(rulesView(ctx)));
  app.put('/rules', async (c) => c.json({ rules: await replaceRules(ctx, (await readJsonObject(c)).rules) }));

  // Paxos-set identity controls (FROZEN included), which clients cannot delete.
  app.post('/identities/:id/controls', async (c) => {
    const input = parsePaxosControlInput(await readJsonObject(c));
    return c.json(await setPaxosControl(ctx, c.req.param('id'), input), 201);
  });
  app.delete('/identities/:id/controls/:control_id', async (c) => {
    await liftControl(ctx, c.req.param('id'), c.req.param('control_id'));
    return c.json({});
  });

  app.post('/reset', async (c) => {
    await deps.reset();
    return c.json({ status: 'reset' });
  });

  app.all('/clock/*', methodNotAllowed('POST'));
  app.all('/rules', methodNotAllowed('GET, PUT'));
  app.all('/identities/:id/controls', methodNotAllowed('POST'));
  app.all('/identities/:id/controls/:control_id', methodNotAllowed('DELETE'));
  return app;
}
