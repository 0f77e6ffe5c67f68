/**
 * @module routes/profiles
 * /v2/profiles (list, create, get, rename, balances, deactivate) and the
 * sandbox deposit /v2/sandbox/profiles/{profile_id}/deposit. Array query
 * parameters (`ids`, `assets`) may be repeated or comma-separated.
 */
import { Hono, type Context } from 'hono';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { readJsonObject } from '../http/body.js';
import { methodNotAllowed, queryOf } from '../http/request.js';
import type { RequestValidator } from '../http/validate.js';
import type { SimContext } from '../services/context.js';
import {
  createProfile,
  deactivateProfile,
  getProfile,
  getProfileBalance,
  listProfileBalances,
  listProfiles,
  sandboxDeposit,
  updateProfile,
  type ListProfilesQuery,
} from '../services/profiles.js';

const READ = requireScope('funding:read_profile');
const WRITE = requireScope('funding:write_profile');

/** The query without the array parameters, and the array parameters split out. */
function splitArrays(c: Context, names: string[]): { rest: Record<string, string | undefined>; arrays: Record<string, string[] | undefined> } {
  const rest = { ...queryOf(c) };
  const arrays: Record<string, string[] | undefined> = {};
  for (const name of names) {
    if (rest[name] === undefined) continue;
    delete rest[name];
    arrays[name] = (c.req.queries(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  }
  return { rest, arrays };
}

export function createProfileRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/', READ, function listProfilesHandler(c) {
    const { rest, arrays } = splitArrays(c, ['ids']);
    const q = validator.query('ListProfiles', rest);
    return c.json(listProfiles(ctx, c.get('auth').clientId, { ...q, ids: arrays.ids }));
  });

  app.post('/', WRITE, async function createProfileHandler(c) {
    const body = validator.body('CreateProfile', await readJsonObject(c));
    return c.json(await createProfile(ctx, c.get('auth').clientId, body));
  });

  app.get('/:profile_id', READ, function getProfileHandler(c) {
    const q = validator.query('GetProfile', queryOf(c));
    return c.json(getProfile(ctx, c.get('auth').clientId, c.req.param('profile_id'), q.include_deactivated));
  });

  app.put('/:profile_id', WRITE, async function updateProfileHandler(c) {
    const body = validator.body('UpdateProfile', await readJsonObject(c));
    return c.json(await updateProfile(ctx, c.get('auth').clientId, c.req.param('profile_id'), body));
  });

  app.get('/:profile_id/balances', READ, function listProfileBalancesHandler(c) {
    const { rest, arrays } = splitArrays(c, ['assets']);
    validator.query('ListProfileBalances', rest);
    return c.json(listProfileBalances(ctx, c.get('auth').clientId, c.req.param('profile_id'), arrays.assets));
  });

  app.get('/:profile_id/balances/:asset', READ, function getProfileBalanceHandler(c) {
    return c.json(getProfileBalance(ctx, c.get('auth').clientId, c.req.param('profile_id'), c.req.param('asset')));
  });

  app.put('/:profile_id/deactivate', WRITE, async function deactivateProfileHandler(c) {
    return c.json(await deactivateProfile(ctx, c.get('auth').clientId, c.req.param('profile_id')));
  });

  app.all('/', methodNotAllowed('GET, POST'));
  app.all('/:profile_id', methodNotAllowed('GET, PUT'));
  app.all('/:profile_id/balances', methodNotAllowed('GET'));
  app.all('/:profile_id/balances/:asset', methodNotAllowed('GET'));
  app.all('/:profile_id/deactivate', methodNotAllowed('PUT'));
  return app;
}

export function createSandboxProfileRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // Paxos's spec asks for funding:read_profile here (not write).
  app.post('/:profile_id/deposit', READ, async function createSandboxDepositHandler(c) {
    const body = validator.body('CreateSandboxDeposit', await readJsonObject(c));
    return c.json(await sandboxDeposit(ctx, c.get('auth').clientId, c.req.param('profile_id'), body));
  });
  app.all('/:profile_id/deposit', methodNotAllowed('POST'));
  return app;
}
