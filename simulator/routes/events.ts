/**
 * @module routes/events
 * /v2/events: ListEvents and GetEvent (scope events:read_event).
 */
import { Hono } from 'hono';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { methodNotAllowed, queryOf } from '../http/request.js';
import type { RequestValidator } from '../http/validate.js';
import type { SimContext } from '../services/context.js';
import { badRequest } from '../http/problem.js';
import { EVENTS_LIMIT_RULE, getEvent, listEvents } from '../services/events.js';

export function createEventRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const READ = requireScope('events:read_event');
  app.get('/', READ, function listEventsHandler(c) {
    const raw = queryOf(c);
    // Paxos's exact text for an out-of-range limit (REFERENCE.md §5.1), before schema checks.
    if (raw.limit !== undefined && !/^\d+$/.test(raw.limit)) {
      throw badRequest(EVENTS_LIMIT_RULE, 'limit');
    }
    return c.json(listEvents(ctx, c.get('auth').clientId, validator.query('ListEvents', raw)));
  });
  app.get('/:id', READ, function getEventHandler(c) {
    const q = validator.query('GetEvent', queryOf(c));
    return c.json(getEvent(ctx, c.get('auth').clientId, c.req.param('id'), q.is_test));
  });
  app.all('/', methodNotAllowed('GET'));
  app.all('/:id', methodNotAllowed('GET'));
  return app;
}
