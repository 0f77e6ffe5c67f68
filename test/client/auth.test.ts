/**
 * Token handling of the client against real local HTTP servers: the form it
 * posts, caching per instance, refresh before expiry, one refresh in flight,
 * the 401 retry, and every way the token endpoint can fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_SCOPES, createPaxosClient, PaxosAuthError } from '../../src/index.js';
import { deadUrl, send, sendToken, startFakePaxos, startFakeServer, type FakeServer } from './support/fake-server.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const identity = { id: 'id-1', status: 'PENDING' };

async function fakePaxos(...args: Parameters<typeof startFakePaxos>) {
  const fake = await startFakePaxos(...args);
  servers.push(fake.server);
  return fake;
}

describe('token request', () => {
  it('posts client credentials form-urlencoded with space-separated scopes', async () => {
    const fake = await fakePaxos((_req, res) => send(res, 200, identity));
    const client = createPaxosClient({ ...fake.clientOptions, scopes: ['identity:read_identity', 'events:read_event'] });
    await client.getIdentity('id-1');
    const [tokenRequest] = fake.tokenRequests();
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(tokenRequest.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-a',
      client_secret: 'secret-a',
      scope: 'identity:read_identity events:read_event',
    });
    expect(fake.apiRequests()[0].headers.authorization).toBe('Bearer tok-1');
  });

  it('always names scopes: by default the ones its calls need (CLIENT_SCOPES)', async () => {
    const fake = await fakePaxos((_req, res) => send(res, 200, identity));
    const client = createPaxosClient(fake.clientOptions);
    await client.getIdentity('id-1');
    const form = new URLSearchParams(fake.tokenRequests()[0].body);
    expect(form.get('scope')?.split(' ')).toEqual([
      'identity:read_identity', 'identity:write_identity', 'events:read_event',
      'identity:read_account', 'identity:write_account', 'funding:read_profile', 'funding:write_profile',
      'identity:read_identity_control', 'identity:write_identity_control',
    ]);
    expect(form.get('scope')).toBe(CLIENT_SCOPES.join(' '));
  });

  it('is fetched lazily: constructing a client sends nothing', async () => {
    const fake = await fakePaxos((_req, res) => send(res, 200, identity));
    createPaxosClient(fake.clientOptions);
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('token cache', () => {
  it('reuses one token until 60 s before it expires, then fetches a new one', async () => {
    const fake = await fakePaxos((_req, res) => send(res, 200, identity), { expiresIn: 3599 });
    let now = 1_000_000;
    const client = createPaxosClient({ ...fake.clientOptions, now: () => now });
    await client.getIdentity('id-1');
    now += (3599 - 61) * 1000;
    await client.getIdentity('id-1');
    expect(fake.tokenRequests()).toHaveLength(1);
    now += 2000; // now inside the 60 s margin
    await client.getIdentity('id-1');
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('sends a single token request however many calls wait for it', async () => {
    const fake = await fakePaxos((_req, res) => send(res, 200, identity));
    const client = createPaxosClient(fake.clientOptions);
    await Promise.all(Array.from({ length: 20 }, () => client.getIdentity('id-1')));
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(fake.apiRequests()).toHaveLength(20);
  });

  it('is kept per client instance, never shared between clients', async () => {
    const fake = await fakePaxos((_req, res) => send(res, 200, identity));
    const a = createPaxosClient(fake.clientOptions);
    const b = createPaxosClient({ ...fake.clientOptions, clientId: 'client-b' });
    await a.getIdentity('id-1');
    await b.getIdentity('id-1');
    await a.getIdentity('id-1');
    const ids = fake.tokenRequests().map((r) => new URLSearchParams(r.body).get('client_id'));
    expect(ids).toEqual(['client-a', 'client-b']);
    expect(fake.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2', 'Bearer tok-1']);
  });
});

describe('401 from the API', () => {
  it('retries once with a fresh token', async () => {
    const fake = await fakePaxos((req, res) =>
      req.headers.authorization === 'Bearer tok-1'
        ? send(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'invalid or expired token' })
        : send(res, 200, identity),
    );
    const client = createPaxosClient(fake.clientOptions);
    const { data } = await client.getIdentity('id-1');
    expect(data).toEqual(identity);
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('gives up after the one retry and returns the 401 Problem', async () => {
    const fake = await fakePaxos((_req, res) => send(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401 }));
    const client = createPaxosClient(fake.clientOptions);
    const { error, response } = await client.getIdentity('id-1');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ title: 'Unauthorized' });
    expect(fake.apiRequests()).toHaveLength(2);
  });

  it('refreshes once for many concurrent requests that all hit 401', async () => {
    let revoked = false;
    const fake = await fakePaxos((req, res) =>
      revoked && req.headers.authorization === 'Bearer tok-1'
        ? send(res, 401, { type: 'about:blank', status: 401 })
        : send(res, 200, identity),
    );
    const client = createPaxosClient(fake.clientOptions);
    await client.getIdentity('warm-up'); // caches tok-1
    revoked = true; // e.g. the credential was rotated
    const results = await Promise.all(Array.from({ length: 10 }, () => client.getIdentity('id-1')));
    expect(results.every((r) => r.data?.id === 'id-1')).toBe(true);
    expect(fake.tokenRequests()).toHaveLength(2);
    const auths = fake.apiRequests().slice(1).map((r) => r.headers.authorization);
    expect(auths.filter((a) => a === 'Bearer tok-1')).toHaveLength(10);
    expect(auths.filter((a) => a === 'Bearer tok-2')).toHaveLength(10);
  });
});

describe('token endpoint failures', () => {
  it('throws PaxosAuthError carrying the OAuth error when credentials are refused', async () => {
    const server = await startFakeServer((_req, res) =>
      send(res, 401, { error: 'invalid_client', error_description: 'unknown client or wrong client secret' }),
    );
    servers.push(server);
    const client = createPaxosClient({ baseUrl: `${server.url}/v2`, tokenUrl: `${server.url}/oauth2/token`, clientId: 'x', clientSecret: 'y' });
    const err = await client.getIdentity('id-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaxosAuthError);
    expect(err).toMatchObject({ error: 'invalid_client', errorDescription: 'unknown client or wrong client secret', status: 401 });
    expect(server.requests.filter((r) => r.path.startsWith('/v2'))).toHaveLength(0);
  });

  it.each([
    ['HTML instead of JSON', (res: Parameters<typeof send>[0]) => send(res, 200, '<html>gateway</html>')],
    ['JSON without access_token', (res: Parameters<typeof send>[0]) => send(res, 200, { token_type: 'bearer', expires_in: 3599 })],
    ['a 502 with an empty body', (res: Parameters<typeof send>[0]) => send(res, 502, '')],
  ])('throws PaxosAuthError for %s', async (_name, answer) => {
    const server = await startFakeServer((_req, res) => answer(res));
    servers.push(server);
    const client = createPaxosClient({ baseUrl: `${server.url}/v2`, tokenUrl: `${server.url}/oauth2/token`, clientId: 'x', clientSecret: 'y' });
    await expect(client.getIdentity('id-1')).rejects.toBeInstanceOf(PaxosAuthError);
  });

  it('throws PaxosAuthError when nothing listens on the token URL', async () => {
    const url = await deadUrl();
    const client = createPaxosClient({ baseUrl: `${url}/v2`, tokenUrl: `${url}/oauth2/token`, clientId: 'x', clientSecret: 'y' });
    const err = await client.getIdentity('id-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaxosAuthError);
    expect((err as Error).message).toMatch(/unreachable/);
  });

  it('throws PaxosAuthError instead of hanging when the token endpoint never answers', async () => {
    const server = await startFakeServer(() => new Promise(() => undefined)); // accept, never reply
    servers.push(server);
    const client = createPaxosClient({
      baseUrl: `${server.url}/v2`, tokenUrl: `${server.url}/oauth2/token`, clientId: 'x', clientSecret: 'y', timeoutMs: 100,
    });
    const err = await client.getIdentity('id-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaxosAuthError);
    expect((err as Error).message).toMatch(/timed out after 100 ms/);
  });

  it('lets the next call try again after a failed token request', async () => {
    let fail = true;
    const server = await startFakeServer((req, res) => {
      if (req.path === '/oauth2/token') return fail ? send(res, 503, 'busy') : sendToken(res, 'tok-ok');
      return send(res, 200, identity);
    });
    servers.push(server);
    const client = createPaxosClient({ baseUrl: `${server.url}/v2`, tokenUrl: `${server.url}/oauth2/token`, clientId: 'x', clientSecret: 'y' });
    await expect(client.getIdentity('id-1')).rejects.toBeInstanceOf(PaxosAuthError);
    fail = false;
    expect((await client.getIdentity('id-1')).data).toEqual(identity);
  });
});
