/**
 * @module routes/sim-faults
 * Fault injection through the control API (never part of the Paxos surface):
 *
 *   GET    /_sim/faults                 rules with their counters, and the faults injected lately
 *   POST   /_sim/faults                 add one rule (201)
 *   PUT    /_sim/faults                 replace every rule: {"faults": [...]}
 *   DELETE /_sim/faults                 remove every rule
 *   DELETE /_sim/faults/:id             remove one rule
 *   GET    /_sim/faults/injected        the faults injected lately (?limit=, most recent last)
 *   POST   /_sim/faults/revoke-tokens   revoke a client's live tokens now: {"client_id": "..."}
 *
 * The rule form is the config file's (`faults:`), see README "Fault injection".
 */
import { Hono } from 'hono';
import { FaultRuleError, type FaultEngine } from '../faults/engine.js';
import { revokeClientTokens } from '../faults/revoke.js';
import { readJsonObject } from '../http/body.js';
import { badRequest, notFound } from '../http/problem.js';
import { methodNotAllowed } from '../http/request.js';
import type { Store } from '../store/store.js';

export interface SimFaultDeps {
  faults: FaultEngine;
  store: Store;
}

function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FaultRuleError) throw badRequest(err.message);
    throw err;
  }
}

export function createSimFaultRoutes(deps: SimFaultDeps): Hono {
  const { faults, store } = deps;
  const app = new Hono();

  app.get('/', (c) => c.json({ faults: faults.list(), injected: faults.injected(50) }));
  app.post('/', async (c) => {
    const body = await readJsonObject(c);
    return c.json(asBadRequest(() => faults.add(body)), 201);
  });
  app.put('/', async (c) => {
    const body = await readJsonObject(c);
    if (!Array.isArray(body.faults)) throw badRequest('faults is required: a list of fault rules (send [] to remove every rule)');
    return c.json({ faults: asBadRequest(() => faults.set(body.faults)) });
  });
  app.delete('/', (c) => {
    faults.clear();
    return c.json({ faults: [] });
  });

  app.get('/injected', (c) => {
    const raw = c.req.query('limit');
    const limit = raw === undefined ? 100 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest('limit must be a whole number from 1 to 1000');
    return c.json({ injected: faults.injected(limit) });
  });

  app.post('/revoke-tokens', async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.client_id !== 'string' || body.client_id === '') throw badRequest('client_id is required');
    const clientId = body.client_id;
    const revoked = await revokeClientTokens(store, clientId);
    faults.record({ fault_id: 'revoke-tokens', target: 'api', action: `${revoked} token(s) revoked through the control API`, client_id: clientId });
    return c.json({ client_id: clientId, revoked });
  });

  app.delete('/:id', (c) => {
    const id = c.req.param('id');
    if (!faults.remove(id)) throw notFound(`no fault with id ${id}`);
    return c.body(null, 204);
  });

  app.all('/', methodNotAllowed('GET, POST, PUT, DELETE'));
  app.all('/injected', methodNotAllowed('GET'));
  app.all('/revoke-tokens', methodNotAllowed('POST'));
  app.all('/:id', methodNotAllowed('DELETE'));
  return app;
}
