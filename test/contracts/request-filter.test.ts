/**
 * The verifier's request filters: credentials and tokens are put in at
 * verification time, paths follow the target's URLs, and pact-js's own
 * state and message routes are left alone.
 */
import { describe, expect, it } from 'vitest';
import { createApiRequestFilter, createTokenRequestFilter, type ProxiedRequest, type RequestFilter } from '../../contracts/verify/request-filter.js';
import type { AuthSwitch } from '../../contracts/provider/state-handlers.js';

function request(url: string, body?: unknown, headers: Record<string, string> = {}): ProxiedRequest {
  return { url, body, headers: { ...headers } } as unknown as ProxiedRequest;
}

function apply(filter: RequestFilter, req: ProxiedRequest): Promise<ProxiedRequest> {
  return new Promise((resolve, reject) => filter(req, {}, (err) => (err ? reject(err) : resolve(req))));
}

describe('createTokenRequestFilter', () => {
  const filter = createTokenRequestFilter({ tokenPath: '/auth/oauth2/token', clientId: 'real-id', clientSecret: 'real secret&more' });

  it('replaces the placeholder credentials and keeps grant_type and scope', async () => {
    const form = { grant_type: 'client_credentials', client_id: 'example-client-id', client_secret: 'example-client-secret', scope: 'a b' };
    const req = await apply(filter, request('/oauth2/token', form, { 'content-length': '99' }));
    expect(req.url).toBe('/auth/oauth2/token');
    const sent = new URLSearchParams((req.body as Buffer).toString());
    expect(Object.fromEntries(sent)).toEqual({ grant_type: 'client_credentials', client_id: 'real-id', client_secret: 'real secret&more', scope: 'a b' });
    expect(req.headers['content-length']).toBe(String((req.body as Buffer).byteLength));
  });

  it('leaves pact-js state setup requests alone', async () => {
    const body = { state: 'the client credentials are valid', action: 'setup' };
    const req = await apply(filter, request('/_pactSetup', body));
    expect(req.url).toBe('/_pactSetup');
    expect(req.body).toBe(body);
  });
});

describe('createApiRequestFilter', () => {
  const auth: AuthSwitch = { mode: 'full' };
  const filter = createApiRequestFilter({
    basePath: '/gateway/v2',
    auth,
    tokens: { full: async () => 'full-token', narrow: async () => 'narrow-token' },
    invalidToken: 'never-issued',
  });

  it('maps /v2 onto the target base path and sends the token the state asks for', async () => {
    auth.mode = 'full';
    const full = await apply(filter, request('/v2/identity/identities?limit=1', undefined, { authorization: 'Bearer example-access-token' }));
    expect(full.url).toBe('/gateway/v2/identity/identities?limit=1');
    expect(full.headers.authorization).toBe('Bearer full-token');
    auth.mode = 'narrow';
    expect((await apply(filter, request('/v2/events?limit=1'))).headers.authorization).toBe('Bearer narrow-token');
    auth.mode = 'invalid';
    expect((await apply(filter, request('/v2/events'))).headers.authorization).toBe('Bearer never-issued');
  });

  it('re-serialises a parsed JSON body with a matching content-length', async () => {
    auth.mode = 'full';
    const req = await apply(filter, request('/v2/identity/identities', { ref_id: 'ünïcode' }, { 'content-length': '1' }));
    expect((req.body as Buffer).toString()).toBe('{"ref_id":"ünïcode"}');
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength('{"ref_id":"ünïcode"}')));
  });

  it('passes an error from the token source to the proxy', async () => {
    const failing = createApiRequestFilter({
      basePath: '/v2',
      auth: { mode: 'full' },
      tokens: { full: async () => Promise.reject(new Error('token endpoint down')), narrow: async () => 'x' },
      invalidToken: 'x',
    });
    await expect(apply(failing, request('/v2/events'))).rejects.toThrow('token endpoint down');
  });
});
