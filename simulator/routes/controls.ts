/**
 * @module routes/controls
 * /v2/identity/controls: list, create and delete identity controls. DELETE
 * names the control either by the `control_id` query parameter (Paxos's spec)
 * or by `id` in a JSON body (Paxos's dormancy guide), REFERENCE.md §2.16.
 */
import { Hono } from 'hono';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { readJsonObject, readOptionalJsonObject } from '../http/body.js';
import { badRequest } from '../http/problem.js';
import { methodNotAllowed, queryOf } from '../http/request.js';
import type { RequestValidator } from '../http/validate.js';
import type { SimContext } from '../services/context.js';
import { createControl, deleteControl, listControls } from '../services/controls.js';

const READ = requireScope('identity:read_identity_control');
const WRITE = requireScope('identity:write_identity_control');

export function createControlRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/', READ, function listIdentityControlsHandler(c) {
    const q = validator.query('ListIdentityControls', queryOf(c));
    if (!q.identity_id) throw badRequest('identity_id is required');
    return c.json(listControls(ctx, c.get('auth').clientId, { ...q, identity_id: q.identity_id }));
  });

  app.post('/', WRITE, async function createIdentityControlHandler(c) {
    const body = validator.body('CreateIdentityControl', await readJsonObject(c));
    return c.json(await createControl(ctx, c.get('auth').clientId, body));
  });

  app.delete('/', WRITE, async function deleteIdentityControlHandler(c) {
    const query = queryOf(c);
    for (const name of Object.keys(query)) {
      if (name !== 'control_id' && name !== 'reason') throw badRequest(`unknown query parameter ${name}`);
    }
    const body = await readOptionalJsonObject(c);
    const fromBody = body?.id;
    if (fromBody !== undefined && typeof fromBody !== 'string') throw badRequest('id must be a string');
    if (body?.reason !== undefined && typeof body.reason !== 'string') throw badRequest('reason must be a string');
    if (query.control_id && fromBody && query.control_id !== fromBody) throw badRequest('control_id and the body id name different controls');
    const id = query.control_id || fromBody;
    if (!id) throw badRequest('control_id is required (query parameter control_id, or id in a JSON body)');
    return c.json(await deleteControl(ctx, c.get('auth').clientId, id));
  });

  app.all('/', methodNotAllowed('GET, POST, DELETE'));
  return app;
}
