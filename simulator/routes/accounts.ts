/**
 * @module routes/accounts
 * /v2/identity/accounts and /v2/identity/account-members: parse and validate
 * against the spec, call services/accounts, shape the response. Bodies are
 * read as JSON whatever their Content-Type (http/body.ts).
 */
import { Hono } from 'hono';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { readJsonObject } from '../http/body.js';
import { methodNotAllowed, queryOf } from '../http/request.js';
import { loadSpec } from '../spec/spec.js';
import type { RequestValidator } from '../http/validate.js';
import { addAccountMembers, createAccount, deleteAccountMember, getAccount, listAccounts, updateAccount } from '../services/accounts.js';
import type { SimContext } from '../services/context.js';

/** The fields our spec defines on Account (read once). */
let accountFields: Set<string> | undefined;
function knownAccountFields(): Set<string> {
  if (!accountFields) {
    const schemas = (loadSpec().doc.components as { schemas: Record<string, { properties?: Record<string, unknown> }> }).schemas;
    accountFields = new Set(Object.keys(schemas.Account.properties ?? {}));
  }
  return accountFields;
}

/**
 * SANDBOX: fields of `account` that Account does not define are ignored, as
 * Paxos's gateway does: the institution onboarding guide sends `"name"` and
 * documents the request as succeeding.
 */
function withoutUnknownAccountFields(body: Record<string, unknown>): Record<string, unknown> {
  const account = body.account;
  if (typeof account !== 'object' || account === null || Array.isArray(account)) return body;
  const known = knownAccountFields();
  return { ...body, account: Object.fromEntries(Object.entries(account).filter(([k]) => known.has(k))) };
}

const READ = requireScope('identity:read_account');
const WRITE = requireScope('identity:write_account');

export function createAccountRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/', READ, function listAccountsHandler(c) {
    const q = validator.query('ListAccounts', queryOf(c));
    return c.json(listAccounts(ctx, c.get('auth').clientId, q));
  });

  app.post('/', WRITE, async function createAccountHandler(c) {
    const body = validator.body('CreateAccount', withoutUnknownAccountFields(await readJsonObject(c)));
    return c.json(await createAccount(ctx, c.get('auth').clientId, body));
  });

  app.put('/', WRITE, async function updateAccountHandler(c) {
    const body = validator.body('UpdateAccount', await readJsonObject(c));
    return c.json(await updateAccount(ctx, c.get('auth').clientId, body));
  });

  app.get('/:id', READ, function getAccountHandler(c) {
    return c.json(getAccount(ctx, c.get('auth').clientId, c.req.param('id')));
  });

  app.all('/', methodNotAllowed('GET, POST, PUT'));
  app.all('/:id', methodNotAllowed('GET'));
  return app;
}

export function createAccountMemberRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/', WRITE, async function addAccountMembersHandler(c) {
    const body = validator.body('AddAccountMembers', await readJsonObject(c));
    return c.json(await addAccountMembers(ctx, c.get('auth').clientId, body));
  });

  app.delete('/:id', WRITE, async function deleteAccountMemberHandler(c) {
    return c.json(await deleteAccountMember(ctx, c.get('auth').clientId, c.req.param('id')));
  });

  app.all('/', methodNotAllowed('POST'));
  app.all('/:id', methodNotAllowed('DELETE'));
  return app;
}
