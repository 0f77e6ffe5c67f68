/**
 * GET Identity's fast lane (http/fast-lane.ts) answers beside Hono's router
 * and middleware chain. Two apps over one simulator state, one with the lane
 * and one without, are asked the same things: every answer (status, headers,
 * body) and every request-log entry must be the same, for the lane's own
 * requests and for everything it hands to the chain (401, 403, 404, query
 * strings, encoded ids, HEAD, fault rules). The lane must actually answer
 * its requests (the router is not asked), and its kept answers must follow
 * every change of an identity. On a real port the lane answers before
 * @hono/node-server, with the same header lines.
 */
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp, openSimulatorState, type SimulatorState } from '../../simulator/app.js';
import { DEFAULT_CLIENT, testConfig, type ClientConfig, type Config } from '../../simulator/config.js';
import type { Ids } from '../../simulator/ids.js';
import { personBody } from '../support/bodies.js';
import { OTHER_CLIENT, READ_ONLY_CLIENT, TEST_CLIENTS, TEST_ENTITIES, WRITE_ONLY_CLIENT } from '../support/sandbox.js';
import { startServer, type RunningServer } from '../../simulator/server.js';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { answerOnServer } from '../../simulator/http/fast-lane.js';

let state: SimulatorState;
let lane: Hono;
let chain: Hono;
/** UUID-shaped ids counting up from 1; set back to 1 to make the same ids again */
let counter = 1;
const ids: Ids = {
  uuid: () => `00000000-0000-4000-8000-${(counter++).toString(16).padStart(12, '0')}`,
  token: () => `tok_${counter++}`,
};

async function open(config: Partial<Config> = {}) {
  counter = 1;
  state = await openSimulatorState({ config: testConfig({ clients: TEST_CLIENTS, entities: TEST_ENTITIES, ...config }), ids });
  state.clock.freeze(); // the log's times are the clock's: the same for both apps
  lane = buildApp(state);
  chain = buildApp(state, { fastLane: false });
}
async function close() {
  state.scheduler.stop();
  await state.dispatcher.stop();
  await state.store.close();
}
beforeEach(() => open());
afterEach(() => close());

async function tokenOf(client: ClientConfig = DEFAULT_CLIENT): Promise<string> {
  const res = await chain.request('/oauth2/token', {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: client.scopes.join(' ') }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function createPerson(token: string, n: number): Promise<string> {
  const res = await chain.request('/v2/identity/identities', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(personBody(n)) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

/** status, every header and the body of an answer, and the request-log entry it made (its latency aside) */
async function seen(app: Hono, path: string, init: RequestInit = {}) {
  const res = await app.request(path, init);
  const body = await res.text();
  const { latency_ms, ...entry } = state.requests.recent(1)[0];
  expect(typeof latency_ms).toBe('number');
  return { status: res.status, headers: [...res.headers].sort(), body, entry };
}

/** Ask both apps; their answers and log entries must be the same. Returns the lane's. */
async function same(path: string, init: RequestInit = {}) {
  const viaLane = await seen(lane, path, init);
  const viaChain = await seen(chain, path, init);
  expect(viaLane).toEqual(viaChain);
  return viaLane;
}

/** whether the lane answered this request itself (the router was not asked) */
async function answeredByLane(path: string, init: RequestInit = {}): Promise<boolean> {
  const router = (lane as unknown as { router: { match: (...args: unknown[]) => unknown } }).router;
  const spy = vi.spyOn(router, 'match');
  try {
    await (await lane.request(path, init)).text();
    return spy.mock.calls.length === 0;
  } finally {
    spy.mockRestore();
  }
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('GET Identity fast lane', () => {
  it('answers a plain GET Identity itself, with the same answer and log entry as the chain', async () => {
    const token = await tokenOf();
    const id = await createPerson(token, 1);
    const got = await same(`/v2/identity/identities/${id}`, bearer(token));
    expect(got.status).toBe(200);
    expect(got.headers).toEqual([['content-type', 'application/json']]);
    expect(JSON.parse(got.body)).toMatchObject({ id, type: 'PERSON' });
    expect(JSON.parse(got.body)).not.toHaveProperty('person_details');
    expect(got.entry).toEqual({ at: expect.any(String), method: 'GET', path: `/v2/identity/identities/${id}`, status: 200, client_id: DEFAULT_CLIENT.client_id, identity_id: id });
    expect(await answeredByLane(`/v2/identity/identities/${id}`, bearer(token))).toBe(true);
  });

  it('hands every failure to the chain, which answers and logs it as before', async () => {
    const token = await tokenOf();
    const id = await createPerson(token, 1);
    const path = `/v2/identity/identities/${id}`;
    const other = await tokenOf(OTHER_CLIENT);
    const cases: Array<[RequestInit, number, string]> = [
      [{}, 401, 'no authorization header set'],
      [{ headers: { authorization: `Basic ${token}` } }, 401, 'authorization header must be "Bearer <access_token>"'],
      [bearer('not-a-token'), 401, 'invalid or expired token'],
      [bearer(await tokenOf(WRITE_ONLY_CLIENT)), 403, ''],
      [bearer(other), 404, `Identity with id ${id} doesn't exist`], // another entity's identity
    ];
    for (const [init, status, detail] of cases) {
      const got = await same(path, init);
      expect(got.status).toBe(status);
      expect(JSON.parse(got.body).detail).toContain(detail);
      expect(got.entry).toMatchObject({ method: 'GET', path, status });
      expect(await answeredByLane(path, init)).toBe(false);
    }
    const unknown = await same('/v2/identity/identities/00000000-0000-4000-8000-00000000ffff', bearer(token));
    expect(unknown.status).toBe(404);
    // a read-only key reads through the lane
    expect((await same(path, bearer(await tokenOf(READ_ONLY_CLIENT)))).status).toBe(200);
  });

  it('refuses an expired token through the chain (401), once the simulator clock passes its expiry', async () => {
    const token = await tokenOf();
    const id = await createPerson(token, 1);
    expect((await same(`/v2/identity/identities/${id}`, bearer(token))).status).toBe(200);
    state.clock.advanceBy(state.config.tokenTtlSeconds * 1000 + 1);
    const got = await same(`/v2/identity/identities/${id}`, bearer(token));
    expect(got.status).toBe(401);
    expect(JSON.parse(got.body).detail).toBe('invalid or expired token');
  });

  it('leaves query strings, encoded ids, trailing slashes, HEAD and other paths to the chain', async () => {
    const token = await tokenOf();
    const id = await createPerson(token, 1);
    const plain = await same(`/v2/identity/identities/${id}`, bearer(token));
    const paths: Array<[string, RequestInit, number]> = [
      [`/v2/identity/identities/${id}?include_details=true`, bearer(token), 200],
      [`/v2/identity/identities/${id}?include_details=false`, bearer(token), 200],
      [`/v2/identity/identities/${id}?nope=1`, bearer(token), 400],
      [`/v2/identity/identities/${id.replace('-', '%2D')}`, bearer(token), 200],
      [`/v2/identity/identities/${id}/`, bearer(token), 404],
      [`/v2/identity/identities/${id}`, { ...bearer(token), method: 'HEAD' }, 200],
      [`/v2/identity/identities/${id}/documents`, bearer(token), 200],
      ['/v2/identity/identities', bearer(token), 200],
    ];
    for (const [path, init, status] of paths) {
      const got = await same(path, init);
      expect([path, got.status]).toEqual([path, status]);
      expect(await answeredByLane(path, init)).toBe(false);
    }
    // the same answer through the chain as through the lane
    expect((await same(`/v2/identity/identities/${id}?include_details=false`, bearer(token))).body).toBe(plain.body);
    expect((await same(`/v2/identity/identities/${id.replace('-', '%2D')}`, bearer(token))).body).toBe(plain.body);
  });

  it('steps aside while an API fault rule is active, so the fault is injected and logged', async () => {
    const token = await tokenOf();
    const id = await createPerson(token, 1);
    const path = `/v2/identity/identities/${id}`;
    const rule = { id: 'get-503', operation: 'GetIdentity', status: 503, times: 1 };
    state.faults.set([rule]);
    const viaLane = await seen(lane, path, bearer(token));
    state.faults.set([rule]);
    const viaChain = await seen(chain, path, bearer(token));
    expect(viaLane).toEqual(viaChain);
    expect(viaLane.status).toBe(503);
    expect(viaLane.headers).toContainEqual(['x-paxos-sim-fault', expect.any(String)]);
    expect(viaLane.entry.fault).toMatch(/status 503/);
    // the rule is used up: the lane answers again
    expect(await answeredByLane(path, bearer(token))).toBe(true);
  });

  it('is not put in front of an app with rate limits (the chain counts every request)', async () => {
    await close();
    await open({ rateLimits: { windowMs: 1000, throttleMs: 5000, perSecond: { token: 100, identity: 2, other: 50 } } });
    const token = await tokenOf();
    const id = await createPerson(token, 1);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await lane.request(`/v2/identity/identities/${id}`, bearer(token))).status);
    expect(statuses).toEqual([200, 200, 429]); // the third GET is over 2 per second
  });

  it('answers what the identity is now: after an update, a decision, and a reset that reuses the id', async () => {
    const token = await tokenOf();
    const id = await createPerson(token, 1);
    const path = `/v2/identity/identities/${id}`;
    const first = JSON.parse((await same(path, bearer(token))).body);
    expect(first.metadata).toBeUndefined();
    const put = await chain.request(path, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { note: 'changed' } }) });
    expect(put.status).toBe(200);
    expect(JSON.parse((await same(path, bearer(token))).body).metadata).toEqual({ note: 'changed' });

    await state.scheduler.advanceBy(state.config.reviewDelayMs);
    const decided = JSON.parse((await same(path, bearer(token))).body);
    expect(decided.summary_status).not.toBe(first.summary_status);

    // a reset empties the store; the ids start over, so the same id names a new identity
    await state.reset();
    counter = 1;
    const again = await tokenOf();
    expect((await same(path, bearer(again))).status).toBe(404);
    expect(await createPerson(again, 2)).toBe(id);
    const renewed = JSON.parse((await same(path, bearer(again))).body);
    expect(renewed.ref_id).toBe(personBody(2).ref_id);
    expect(renewed.ref_id).not.toBe(first.ref_id);
  });
});

describe('GET Identity fast lane on a real port', () => {
  let server: RunningServer;
  afterEach(() => server?.stop());

  const raw = (url: string, headers: Record<string, string>) =>
    new Promise<{ status: number; names: string[]; body: string }>((resolve, reject) => {
      const req = httpRequest(url, { headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, names: res.rawHeaders.filter((_, i) => i % 2 === 0), body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('writes the same header lines and body as the chain does for the same identity', async () => {
    server = await startServer({ config: { ...testConfig(), port: 0 } });
    const res = await fetch(server.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret, scope: DEFAULT_CLIENT.scopes.join(' ') }) });
    const token = ((await res.json()) as { access_token: string }).access_token;
    const created = await fetch(`${server.baseUrl}/identity/identities`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(personBody(1)) });
    const { id } = (await created.json()) as { id: string };
    const viaLane = await raw(`${server.baseUrl}/identity/identities/${id}`, { authorization: `Bearer ${token}` });
    const viaChain = await raw(`${server.baseUrl}/identity/identities/${id}?include_details=false`, { authorization: `Bearer ${token}` });
    expect(viaLane.status).toBe(200);
    expect(viaLane).toEqual(viaChain);
    expect(viaLane.names).toEqual(['content-type', 'Date', 'Connection', 'Keep-Alive', 'Content-Length']);
    // two Authorization lines: Hono reads them joined (not one bearer token), so the chain's 401
    const twice = await raw(`${server.baseUrl}/identity/identities/${id}`, { authorization: [`Bearer ${token}`, `Bearer ${token}`] as unknown as string });
    expect(twice.status).toBe(401);
    expect(JSON.parse(twice.body).detail).toBe('authorization header must be "Bearer <access_token>"');
  });
});

describe('answerOnServer (the lane before @hono/node-server)', () => {
  const lane = { answer: vi.fn((path: string) => (path.endsWith('/known') ? '{"id":"known"}' : undefined)) };
  const req = (over: Partial<{ method: string; url: string; headers: Record<string, string>; rawHeaders: string[] }> = {}) =>
    ({ method: 'GET', url: '/v2/identity/identities/known', headers: { host: '127.0.0.1:4010', authorization: 'Bearer t' }, rawHeaders: ['Host', '127.0.0.1:4010', 'Authorization', 'Bearer t'], ...over }) as unknown as IncomingMessage;
  const res = () => {
    const written = { statusCode: 0, headers: {} as Record<string, string>, body: undefined as string | undefined };
    const r = {
      set statusCode(v: number) { written.statusCode = v; },
      setHeader: (n: string, v: string) => void (written.headers[n] = v),
      writeHead: (code: number, headers: Record<string, string>) => void ((written.statusCode = code), Object.assign(written.headers, headers)),
      end: (b: string) => void (written.body = b),
    };
    return { r: r as unknown as ServerResponse, written };
  };

  it('writes the answer the lane gives, with its content type', () => {
    const { r, written } = res();
    expect(answerOnServer(lane, req(), r)).toBe(true);
    expect(written).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"known"}' });
    expect(lane.answer).toHaveBeenLastCalledWith('/v2/identity/identities/known', 'Bearer t', expect.any(Number));
  });

  it('hands over, untouched, what the app must see: other methods, paths, hosts, repeated Authorization lines, what the lane declines', () => {
    const cases = [
      req({ method: 'HEAD' }),
      req({ method: 'get' }),
      req({ url: '/v2/identity/identities' }),
      req({ url: 'http://127.0.0.1:4010/v2/identity/identities/known' }),
      req({ headers: { authorization: 'Bearer t' } }), // no Host
      req({ headers: { host: 'Example.com', authorization: 'Bearer t' } }),
      req({ rawHeaders: ['Host', '127.0.0.1:4010', 'Authorization', 'Bearer t', 'authorization', 'Bearer u'] }),
      req({ url: '/v2/identity/identities/unknown' }),
    ];
    for (const one of cases) {
      const { r, written } = res();
      expect(answerOnServer(lane, one, r)).toBe(false);
      expect(written).toEqual({ statusCode: 0, headers: {}, body: undefined });
    }
  });
});
