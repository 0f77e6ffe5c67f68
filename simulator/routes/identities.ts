/**
 * @module routes/identities
 * /v2/identity/identities: CreateIdentity, ListIdentities, GetIdentity,
 * UpdateIdentity and SandboxSetIdentityStatus. Handlers parse and validate
 * against the spec, call the service, and shape the response.
 */
import { Hono } from 'hono';
import type { CreateIdentityRequest, SandboxSetIdentityStatusRequest, UpdateIdentityRequest } from '../../src/types.js';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { readJsonBody } from '../http/body.js';
import { methodNotAllowed, queryOf } from '../http/request.js';
import type { RequestValidator } from '../http/validate.js';
import type { SimContext } from '../services/context.js';
import { createIdentity, getIdentity, sandboxSetIdentityStatus, updateIdentity } from '../services/identities.js';
import { listIdentities, type ListIdentitiesQuery } from '../services/identity-list.js';

const READ = requireScope('identity:read_identity');
const WRITE = requireScope('identity:write_identity');

export function createIdentityRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/', READ, function listIdentitiesHandler(c) {
    const q = validator.query<ListIdentitiesQuery>('ListIdentities', queryOf(c));
    return c.json(listIdentities(ctx, c.get('auth').clientId, q));
  });

  app.post('/', WRITE, async function createIdentityHandler(c) {
    const body = validator.body<CreateIdentityRequest>('CreateIdentity', await readJsonBody(c));
    const identity = await createIdentity(ctx, c.get('auth').clientId, body);
    c.set('identityId', identity.id); // lets the request log tie the create to its identity
    return c.json(identity);
  });

  app.get('/:id', READ, function getIdentityHandler(c) {
    const q = validator.query<{ include_details?: boolean; include_institution_members?: boolean }>('GetIdentity', queryOf(c));
    return c.json(getIdentity(ctx, c.get('auth').clientId, c.req.param('id'), { includeDetails: q.include_details, includeMembers: q.include_institution_members }));
  });

  app.put('/:id', WRITE, async function updateIdentityHandler(c) {
    // A delta (REFERENCE.md §2.12): e.g. `address: {city}` alone is fine; the merged result is checked.
    const body = validator.body<UpdateIdentityRequest>('UpdateIdentity', await readJsonBody(c), { partial: true });
    return c.json(await updateIdentity(ctx, c.get('auth').clientId, c.req.param('id'), body));
  });

  app.put('/:id/sandbox-status', WRITE, async function sandboxSetIdentityStatusHandler(c) {
    const body = validator.body<SandboxSetIdentityStatusRequest>('SandboxSetIdentityStatus', await readJsonBody(c));
    await sandboxSetIdentityStatus(ctx, c.get('auth').clientId, c.req.param('id'), body);
    return c.json({});
  });

  app.all('/', methodNotAllowed('GET, POST'));
  app.all('/:id', methodNotAllowed('GET, PUT'));
  app.all('/:id/sandbox-status', methodNotAllowed('PUT'));
  return app;
}
