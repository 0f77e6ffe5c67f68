/**
 * @module routes/identities
 * /v2/identity/identities: CreateIdentity, ListIdentities, GetIdentity,
 * UpdateIdentity and SandboxSetIdentityStatus. Handlers parse and validate
 * against the spec, call the service, and shape the response.
 */
import { Hono } from 'hono';
import type { CreateIdentityRequest, UpdateIdentityRequest } from '../../src/types.js';
import { withoutClearedAddress2 } from '../domain/addresses.js';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { readJsonBody } from '../http/body.js';
import { checkCreateIdentity } from '../domain/identity-validation.js';
import { badRequest, invalidFields, ProblemError, type FieldProblem } from '../http/problem.js';
import { methodNotAllowed, queryOf } from '../http/request.js';
import type { RequestValidator } from '../http/validate.js';
import type { SimContext } from '../services/context.js';
import { createIdentityJson, getIdentityJson, sandboxSetIdentityStatus, updateIdentity } from '../services/identities.js';
import { listIdentitiesJson } from '../services/identity-list.js';

/** the scopes that may read identities (also what the GET Identity fast lane checks, http/fast-lane.ts) */
export const READ_SCOPES = ['identity:read_identity'];
const READ = requireScope(...READ_SCOPES);
/** the scopes that may create and change identities (also what the Create Identity fast lane checks, http/create-lane.ts) */
export const WRITE_SCOPES = ['identity:write_identity'];
const WRITE = requireScope(...WRITE_SCOPES);
/** the reads answer JSON text serialised straight from the store (what c.json would send); the fast lane too */
export const JSON_TYPE = { 'content-type': 'application/json' } as const;
/**
 * The header record `c.json` writes (Hono's setDefaultContentType, this spelling): Create Identity answers
 * JSON text serialised with the stored row under it, as it did when it answered with c.json; the Create
 * Identity fast lane (http/create-lane.ts) writes it for its answers and Problems, as the chain does
 */
export const CJSON_TYPE = { 'Content-Type': 'application/json' } as const;

export function createIdentityRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/', READ, function listIdentitiesHandler(c) {
    const q = validator.query('ListIdentities', queryOf(c));
    return c.body(listIdentitiesJson(ctx, c.get('auth').clientId, q), 200, JSON_TYPE);
  });

  app.post('/', WRITE, async function createIdentityHandler(c) {
    const { id, json } = await createIdentityFromBody(ctx, validator, c.get('auth').clientId, await readJsonBody(c));
    c.set('identityId', id); // lets the request log tie the create to its identity
    return c.body(json, 200, CJSON_TYPE);
  });

  app.get('/:id', READ, function getIdentityHandler(c) {
    const q = validator.query('GetIdentity', queryOf(c));
    return c.body(getIdentityJson(ctx, c.get('auth').clientId, c.req.param('id'), { includeDetails: q.include_details, includeMembers: q.include_institution_members }), 200, JSON_TYPE);
  });

  app.put('/:id', WRITE, async function updateIdentityHandler(c) {
    // A delta (REFERENCE.md §2.12): e.g. `address: {city}` alone is fine; the merged result is checked.
    const raw = withoutPathId(await readJsonBody(c), c.req.param('id'));
    validator.body('UpdateIdentity', withoutClearedAddress2(raw), { partial: true });
    const body = raw as UpdateIdentityRequest; // address2: "" clears the line (REFERENCE.md §2.3.1)
    return c.json(await updateIdentity(ctx, c.get('auth').clientId, c.req.param('id'), body));
  });

  app.put('/:id/sandbox-status', WRITE, async function sandboxSetIdentityStatusHandler(c) {
    const body = validator.body('SandboxSetIdentityStatus', withoutPathId(await readJsonBody(c), c.req.param('id')));
    await sandboxSetIdentityStatus(ctx, c.get('auth').clientId, c.req.param('id'), body);
    return c.json({});
  });

  app.all('/', methodNotAllowed('GET, POST'));
  app.all('/:id', methodNotAllowed('GET, PUT'));
  app.all('/:id/sandbox-status', methodNotAllowed('PUT'));
  return app;
}

/**
 * Create Identity from its parsed JSON body: the schema here (types, formats,
 * enums, complete addresses; a 400 that also lists the body's business
 * problems), then the service (missing Required Details are its call:
 * PENDING, or a 400 in strict mode). The route's handler and the Create
 * Identity fast lane (http/create-lane.ts) both create through this.
 */
export async function createIdentityFromBody(ctx: SimContext, validator: RequestValidator, clientId: string, raw: unknown): Promise<{ id: string; json: string }> {
  try {
    validator.body('CreateIdentity', withoutClearedAddress2(raw));
  } catch (err) {
    throw withDetailProblems(err, raw, ctx);
  }
  // the answer as text, serialised with the stored row (services/identities.ts createIdentityJson)
  return createIdentityJson(ctx, clientId, raw as CreateIdentityRequest);
}

/**
 * Paxos's published Update Identity and Set Sandbox Status examples repeat the
 * identity's `id` in the body: accepted (in strict mode too) when it is the
 * path's id, a 400 when it names another identity.
 */
function withoutPathId(raw: unknown, pathId: string): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('id' in raw)) return raw;
  const { id, ...rest } = raw as Record<string, unknown>;
  if (id !== pathId) throw badRequest(`id in the body (${JSON.stringify(id)}) differs from the identity id in the path (${pathId})`, 'id');
  return rest;
}

/**
 * A schema 400 for a create also lists the business problems of the same body
 * (impossible dates, and in strict mode missing Required Details), so that one
 * answer names everything. Checks that cannot run on a malformed body are skipped.
 */
function withDetailProblems(err: unknown, raw: unknown, ctx: SimContext): unknown {
  if (!(err instanceof ProblemError) || err.status !== 400) return err;
  const listed = ((err.problem.meta as { errors?: FieldProblem[] } | undefined)?.errors ?? []).slice();
  let more: FieldProblem[] = [];
  try {
    const found = checkCreateIdentity(raw as CreateIdentityRequest, ctx.clock.now().toISOString().slice(0, 10));
    more = [...found.invalid, ...(ctx.config.validation === 'strict' ? found.missing : [])];
  } catch {
    return err;
  }
  for (const p of more) if (!listed.some((q) => q.field === p.field)) listed.push(p);
  return invalidFields(listed);
}
