/**
 * POST /oauth2/token (REFERENCE.md §1.1): client credentials in a urlencoded or
 * multipart form or via HTTP Basic, scope echo, RFC 6749 §5.2 errors, and
 * expiry on the simulator clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../../simulator/config.js';
import { createTestSandbox, READ_ONLY_CLIENT, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const creds = { grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret };

async function tokenCall(init: RequestInit) {
  const res = await sb.request('/oauth2/token', { method: 'POST', ...init });
  expect(specError('getAccessToken', res)).toBeUndefined();
  return res;
}

describe('getAccessToken', () => {
  it('issues a bearer token for a form-urlencoded request and echoes the requested scopes', async () => {
    const res = await tokenCall({ body: form({ ...creds, scope: 'identity:read_identity events:read_event' }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 3599, scope: 'identity:read_identity events:read_event' });
    expect(res.body.access_token).toEqual(expect.any(String));
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts multipart/form-data as Paxos curl examples send it', async () => {
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...creds, scope: 'identity:write_identity' })) body.set(k, v);
    const res = await tokenCall({ body });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('identity:write_identity');
  });

  it('accepts client credentials in an HTTP Basic header', async () => {
    const basic = Buffer.from(`${DEFAULT_CLIENT.client_id}:${DEFAULT_CLIENT.client_secret}`).toString('base64');
    const res = await tokenCall({ headers: { authorization: `Basic ${basic}` }, body: form({ grant_type: 'client_credentials', scope: 'events:read_event' }) });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('events:read_event');
  });

  it('grants no scope when scope is omitted, and the 403 then says to request scopes', async () => {
    const res = await tokenCall({ body: form(creds) });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('');
    const call = await sb.request('/v2/identity/identities', { token: res.body.access_token });
    expect(call.status).toBe(403);
    expect(call.body.detail).toMatch(/the access token has no scopes: request them with the scope parameter of POST \/oauth2\/token/);
  });

  it('grants every scope of the client when scope is omitted and oauth.omitted_scope is all', async () => {
    const all = await createTestSandbox({ config: { oauth: { omittedScope: 'all' } } });
    try {
      const res = await all.request('/oauth2/token', { method: 'POST', body: form(creds) });
      expect(res.status).toBe(200);
      expect(res.body.scope.split(' ').sort()).toEqual([...DEFAULT_CLIENT.scopes].sort());
    } finally {
      await all.close();
    }
  });

  it('gives the development client every scope Paxos\'s guides request', async () => {
    const guideScopes = 'identity:read_identity identity:read_account identity:write_identity identity:write_account funding:read_profile funding:write_profile exchange:read_order exchange:write_order identity:read_identity_control identity:write_identity_control';
    const res = await tokenCall({ body: form({ ...creds, scope: guideScopes }) });
    expect(res.status).toBe(200);
    expect(res.body.scope.split(' ').sort()).toEqual(guideScopes.split(' ').sort());
  });

  it('answers 401 invalid_client for an unknown client', async () => {
    const res = await tokenCall({ body: form({ ...creds, client_id: 'nobody' }) });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('answers 401 invalid_client for a wrong secret, in the body or in Basic', async () => {
    const body = await tokenCall({ body: form({ ...creds, client_secret: 'wrong' }) });
    expect(body.status).toBe(401);
    expect(body.body.error).toBe('invalid_client');
    const basic = Buffer.from(`${DEFAULT_CLIENT.client_id}:wrong`).toString('base64');
    const viaBasic = await tokenCall({ headers: { authorization: `Basic ${basic}` }, body: form({ grant_type: 'client_credentials' }) });
    expect(viaBasic.status).toBe(401);
    expect(viaBasic.body.error).toBe('invalid_client');
  });

  it('answers 400 invalid_scope for a scope the client was not granted', async () => {
    const res = await tokenCall({
      body: form({ grant_type: 'client_credentials', client_id: READ_ONLY_CLIENT.client_id, client_secret: READ_ONLY_CLIENT.client_secret, scope: 'identity:read_identity identity:write_identity' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
    expect(res.body.error_description).toContain('identity:write_identity');
  });

  it('answers 400 invalid_request when grant_type is missing', async () => {
    const { grant_type: _omit, ...rest } = creds;
    void _omit;
    const res = await tokenCall({ body: form(rest) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('answers 400 invalid_request for a JSON body', async () => {
    const res = await tokenCall({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('answers 400 invalid_request for a multipart body that cannot be parsed', async () => {
    const res = await tokenCall({ headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, body: '--zzz\r\nbroken' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_description: 'the request body could not be parsed' });
  });

  it('answers 401 invalid_client for malformed HTTP Basic credentials', async () => {
    for (const header of [`Basic ${Buffer.from('no-colon').toString('base64')}`, `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`]) {
      const res = await tokenCall({ headers: { authorization: header }, body: form({ grant_type: 'client_credentials' }) });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'invalid_client', error_description: 'malformed HTTP Basic credentials' });
    }
  });

  it('answers 400 invalid_request when Basic and the body name different clients', async () => {
    const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT.client_id}:${DEFAULT_CLIENT.client_secret}`).toString('base64')}`;
    const res = await tokenCall({ headers: { authorization: basic }, body: form({ grant_type: 'client_credentials', client_id: 'someone-else' }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_description: 'client_id in the body and in HTTP Basic differ' });
  });

  it('answers 401 invalid_client when no client authentication is sent', async () => {
    const res = await tokenCall({ body: form({ grant_type: 'client_credentials' }) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('answers 405 with Allow: POST for any other method', async () => {
    const res = await sb.request('/oauth2/token', { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.body).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 400 unsupported_grant_type for any other grant', async () => {
    const res = await tokenCall({ body: form({ ...creds, grant_type: 'password' }) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });

  it('issues tokens that stop working once 3600 s have passed on the clock', async () => {
    const token = await sb.token();
    const before = await sb.request('/v2/identity/identities', { token });
    expect(before.status).toBe(200);
    await sb.sim.advance(3598_000);
    expect((await sb.request('/v2/identity/identities', { token })).status).toBe(200);
    await sb.sim.advance(2_000);
    const after = await sb.request('/v2/identity/identities', { token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'invalid or expired token' });
    expect(specError('ListIdentities', after)).toBeUndefined();
  });
});

describe('expired tokens', () => {
  it('are dropped by the next token request: expires_at ≤ now goes, a later one stays', async () => {
    const first = await sb.token();
    await sb.sim.advance(1_000);
    const second = await sb.token(['identity:read_identity']);
    // first expires at T0 + ttl, second 1 s later; the clock moves to T0 + ttl
    await sb.sim.advance(sb.config.tokenTtlSeconds * 1000 - 1_000);
    const third = await sb.token(['identity:write_identity']);
    const held = sb.sim.store.read((db) => db.tokens.all().map((t) => t.token)).sort();
    expect(held).toEqual([second, third].sort());
    expect(held).not.toContain(first);
    expect((await sb.request('/v2/identity/identities', { token: second })).status).toBe(200);
  });
});
