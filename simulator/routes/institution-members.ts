/**
 * @module routes/institution-members
 * /v2/identity/institution-members: AddInstitutionMembers, DeleteInstitutionMember.
 */
import { Hono } from 'hono';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { readJsonBody } from '../http/body.js';
import { methodNotAllowed } from '../http/request.js';
import type { RequestValidator } from '../http/validate.js';
import type { SimContext } from '../services/context.js';
import { addInstitutionMembers, deleteInstitutionMember } from '../services/members.js';

export function createInstitutionMemberRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const WRITE = requireScope('identity:write_identity');
  app.post('/', WRITE, async function addInstitutionMembersHandler(c) {
    const body = validator.body('AddInstitutionMembers', await readJsonBody(c));
    return c.json(await addInstitutionMembers(ctx, c.get('auth').clientId, body));
  });
  app.delete('/:id', WRITE, async function deleteInstitutionMemberHandler(c) {
    await deleteInstitutionMember(ctx, c.get('auth').clientId, c.req.param('id'));
    return c.json({});
  });
  app.all('/', methodNotAllowed('POST'));
  app.all('/:id', methodNotAllowed('DELETE'));
  return app;
}
