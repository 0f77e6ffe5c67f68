/**
 * Create Identity's fast lane (http/create-lane.ts) answers in the HTTP
 * server's request listener, before @hono/node-server and the middleware
 * chain. Two simulators that start the same (file store, frozen clock at one
 * instant, ids counting up from 1) are served on real ports, one with the
 * lane and one without (buildApp fastLane:false), and are sent the same
 * requests: every answer (status, raw header lines, body), request-log entry,
 * logger line, stored row and journal line must be the same, for every
 * outcome the lane answers itself (200, the 400s, 409, 503, 500, a client
 * abort) and for everything it hands to the chain (401, 403, faults, a
 * chunked body, repeated header lines, a query, a body over the limit, a
 * token or fault rule that changed while the body arrived).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp, openSimulatorState, type SimulatorState } from '../../simulator/app.js';
import { DEFAULT_CLIENT, testConfig, type ClientConfig, type Config } from '../../simulator/config.js';
import { BODY_LIMIT_BYTES } from '../../simulator/http/body-limit.js';
import { answerCreateOnServer, createLaneOf } from '../../simulator/http/create-lane.js';
import { fastLaneOf } from '../../simulator/http/fast-lane.js';
import type { Ids } from '../../simulator/ids.js';
import { createLogger } from '../../simulator/logger.js';
import { withLanes } from '../../simulator/server.js';
import type { JournalIo } from '../../simulator/store/journal-file.js';
import { createStore } from '../../simulator/store/lowdb-store.js';
import { corporationBody, personBody, trustBody } from '../support/bodies.js';
import { OTHER_CLIENT, READ_ONLY_CLIENT, TEST_CLIENTS, TEST_ENTITIES, WRITE_ONLY_CLIENT } from '../support/sandbox.js';

const PATH = '/v2/identity/identities';
const START = '2026-03-02T10:00:00.000Z';

/** One simulator on a real port, with what the tests look at. */
interface Side {
  state: SimulatorState;
  app: Hono;
  server: Server;
  port: number;
  path: string;
  /** logger lines (info and above) */
  lines: string[];
  /** the journal's next write fails with this code */
  failing: { code?: string };
  /** the next id made throws (an unexpected error inside the create) */
  boom: { next: boolean };
}

const sides: Side[] = [];
const dirs: string[] = [];

async function side(lane: boolean, config: Partial<Config> = {}): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-create-lane-'));
  dirs.push(dir);
  const failing: Side['failing'] = {};
  const boom = { next: false };
  let counter = 1;
  const ids: Ids = {
    uuid: () => {
      if (boom.next) {
        boom.next = false;
        throw new Error('boom: no more ids');
      }
      return `00000000-0000-4000-8000-${(counter++).toString(16).padStart(12, '0')}`;
    },
    token: () => `tok_${counter++}`,
  };
  const io: Partial<JournalIo> = {
    async write(handle, bytes, position) {
      if (failing.code) throw Object.assign(new Error(`${failing.code}: injected`), { code: failing.code });
      await handle.write(bytes, 0, bytes.length, position);
    },
  };
  const path = join(dir, 'db.json');
  const lines: string[] = [];
  const logger = createLogger('info', (line) => lines.push(line));
  const store = await createStore({ storage: 'file', path, io });
  const state = await openSimulatorState({
    config: testConfig({ clients: TEST_CLIENTS, entities: TEST_ENTITIES, storage: 'file', data: path, clock: { frozen: true, start: START }, ...config }),
    ids,
    store,
    logger,
  });
  const app = buildApp(state, { fastLane: lane });
  // served as startServer serves it: @hono/node-server behind the lanes the app has
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: 0,
        hostname: '127.0.0.1',
        createServer: ((options: ServerOptions, listener: RequestListener) => createHttpServer(options, withLanes({ get: fastLaneOf(app), create: createLaneOf(app) }, listener))) as typeof createHttpServer,
      },
      () => resolve(s as Server),
    );
    s.once('error', reject);
  });
  const one: Side = { state, app, server, port: (server.address() as AddressInfo).port, path, lines, failing, boom };
  sides.push(one);
  return one;
}

afterEach(async () => {
  for (const s of sides.splice(0)) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
    s.state.scheduler.stop();
    await s.state.dispatcher.stop();
    await s.state.store.close();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A request as raw header lines (name, value, …; Host and Content-Length are added unless given) and a body. */
interface Ask {
  headers?: string[];
  body?: string | Buffer;
  /** send the body as these chunks (chunked encoding: no Content-Length) */
  chunks?: string[];
  path?: string;
  method?: string;
  /** called once the server has the request line and headers, before the body is sent */
  onHeaders?: (s: Side) => void | Promise<void>;
}

interface Seen {
  status: number;
  /** raw header lines, the Date value masked */
  headers: string[];
  body: string;
  /** the request-log entry it made (its latency aside) */
  entry: Record<string, unknown> | undefined;
  /** logger lines it made (a stack trace cut to its first line) */
  lines: string[];
}

const withoutStack = (line: string) => line.replace(/\\n {4}at .*?(?=")/, '');

async function ask(s: Side, a: Ask): Promise<Seen> {
  const logged = s.state.requests.size();
  const linesBefore = s.lines.length;
  const headers = [...(a.headers ?? [])];
  if (!headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'host')) headers.unshift('Host', `127.0.0.1:${s.port}`);
  const body = a.body === undefined ? undefined : Buffer.from(a.body);
  if (body && !a.chunks && !headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length')) headers.push('Content-Length', String(body.length));
  const arrived = a.onHeaders ? new Promise<void>((resolve) => s.server.once('request', () => resolve())) : undefined;
  const answer = await new Promise<{ status: number; headers: string[]; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: s.port, method: a.method ?? 'POST', path: a.path ?? PATH, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.rawHeaders.map((v, i) => (res.rawHeaders[i - 1] === 'Date' ? '<date>' : v)), body: text }));
    });
    req.on('error', reject);
    void (async () => {
      if (arrived) {
        req.flushHeaders();
        await arrived;
        await a.onHeaders!(s);
      }
      if (a.chunks) {
        for (const chunk of a.chunks) req.write(chunk);
        req.end();
      } else req.end(body);
    })();
  });
  let entry: Record<string, unknown> | undefined;
  if (s.state.requests.size() !== logged) {
    const { latency_ms, ...rest } = s.state.requests.recent(1)[0];
    expect(typeof latency_ms).toBe('number');
    entry = rest;
  }
  return { ...answer, entry, lines: s.lines.slice(linesBefore).map(withoutStack) };
}

/** whether the lane answered (the app's router was not asked) */
async function viaLane<T>(s: Side, fn: () => Promise<T>): Promise<{ result: T; byLane: boolean }> {
  const router = (s.app as unknown as { router: { match: (...args: unknown[]) => unknown } }).router;
  const spy = vi.spyOn(router, 'match');
  try {
    const result = await fn();
    return { result, byLane: spy.mock.calls.length === 0 };
  } finally {
    spy.mockRestore();
  }
}

/** A pair of simulators that start the same: `lane` with the create lane, `chain` without. */
async function pair(config: Partial<Config> = {}) {
  const lane = await side(true, config);
  const chain = await side(false, config);
  /** Send the same request to both; everything seen must be the same. Returns the lane's, and whether the lane answered it. */
  const same = async (a: Ask, prepare?: (s: Side) => void): Promise<Seen & { byLane: boolean }> => {
    prepare?.(lane);
    const { result: viaLaneSeen, byLane } = await viaLane(lane, () => ask(lane, a));
    prepare?.(chain);
    const viaChain = await ask(chain, a);
    expect(viaLaneSeen).toEqual(viaChain);
    return { ...viaLaneSeen, byLane };
  };
  /** Stored rows and the journal must be the same too. */
  const sameStore = () => {
    expect(lane.state.store.snapshot()).toEqual(chain.state.store.snapshot());
    expect(readFileSync(`${lane.path}.journal`, 'utf8')).toBe(readFileSync(`${chain.path}.journal`, 'utf8'));
  };
  return { lane, chain, same, sameStore };
}

/** A token for `client` from both sides (the same text: the ids count the same). */
async function tokenOf(p: Awaited<ReturnType<typeof pair>>, client: ClientConfig = DEFAULT_CLIENT): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: client.scopes.join(' ') }).toString();
  const got = await p.same({ path: '/oauth2/token', headers: ['Content-Type', 'application/x-www-form-urlencoded'], body: form });
  expect(got.status).toBe(200);
  return (JSON.parse(got.body) as { access_token: string }).access_token;
}

const json = (token: string, type = 'application/json') => ['Authorization', `Bearer ${token}`, 'Content-Type', type];

describe('Create Identity fast lane: what it answers itself', () => {
  it('a create: the same 200, header lines, body, log entry, stored rows and journal as the chain', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const got = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)) });
    expect(got.status).toBe(200);
    expect(got.byLane).toBe(true);
    expect(got.headers.filter((_, i) => i % 2 === 0)).toEqual(['Content-Type', 'Date', 'Connection', 'Keep-Alive', 'Content-Length']);
    const identity = JSON.parse(got.body) as { id: string; ref_id: string; person_details: unknown };
    expect(identity).toMatchObject({ id: expect.any(String), ref_id: personBody(1).ref_id, type: 'PERSON' });
    expect(identity.person_details).toBeDefined();
    expect(got.entry).toEqual({ at: START, method: 'POST', path: PATH, status: 200, client_id: DEFAULT_CLIENT.client_id, identity_id: identity.id });
    expect(got.lines).toEqual([]);
    // the identity is there for a GET, the same through both
    const read = await p.same({ method: 'GET', path: `${PATH}/${identity.id}`, headers: ['Authorization', `Bearer ${token}`] });
    expect(JSON.parse(read.body)).toMatchObject({ id: identity.id });
    p.sameStore();
  });

  it("curl's --data (form content type, JSON body), a BOM, a write-only key and unknown fields: created the same way", async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const form = await p.same({ headers: json(token, 'application/x-www-form-urlencoded'), body: JSON.stringify(personBody(1)) });
    expect([form.status, form.byLane]).toEqual([200, true]);
    const bom = await p.same({ headers: json(token), body: `\uFEFF${JSON.stringify(personBody(2))}` });
    expect([bom.status, bom.byLane]).toEqual([200, true]);
    const untyped = await p.same({ headers: ['Authorization', `Bearer ${token}`], body: JSON.stringify({ ...personBody(3), not_a_field: 1 }) });
    expect([untyped.status, untyped.byLane]).toEqual([200, true]);
    expect(JSON.parse(untyped.body)).not.toHaveProperty('not_a_field');
    const writeOnly = await tokenOf(p, WRITE_ONLY_CLIENT);
    const w = await p.same({ headers: json(writeOnly), body: JSON.stringify(personBody(4)) });
    expect([w.status, w.byLane]).toEqual([200, true]);
    expect(w.entry).toMatchObject({ client_id: WRITE_ONLY_CLIENT.client_id });
    p.sameStore();
  });

  it('institutions with members (a trust, a corporation), an unknown member and a member from another entity: the same answers and rows', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const person = async (n: number) => JSON.parse((await p.same({ headers: json(token), body: JSON.stringify(personBody(n)) })).body).id as string;
    const a = await person(1);
    const b = await person(2);
    const trust = await p.same({ headers: json(token), body: JSON.stringify(trustBody(1, [{ identity_id: a, roles: ['TRUSTEE'] }, { identity_id: b, roles: ['GRANTOR', 'BENEFICIARY'] }])) });
    expect([trust.status, trust.byLane]).toEqual([200, true]);
    expect(JSON.parse(trust.body).institution_members).toHaveLength(2);
    const corp = await p.same({ headers: json(token), body: JSON.stringify(corporationBody(1, [{ identity_id: a, roles: ['BENEFICIAL_OWNER'] }])) });
    expect([corp.status, corp.byLane]).toEqual([200, true]);
    const unknown = await p.same({ headers: json(token), body: JSON.stringify(trustBody(2, [{ identity_id: '00000000-0000-4000-8000-00000000ffff', roles: ['TRUSTEE'] }])) });
    expect([unknown.status, unknown.byLane]).toEqual([expect.any(Number), true]);
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    const other = await tokenOf(p, OTHER_CLIENT);
    const theirs = JSON.parse((await p.same({ headers: json(other), body: JSON.stringify(personBody(3)) })).body).id as string;
    const foreign = await p.same({ headers: json(token), body: JSON.stringify(trustBody(3, [{ identity_id: theirs, roles: ['TRUSTEE'] }])) });
    expect([foreign.status, foreign.byLane]).toEqual([unknown.status, true]); // another entity's identity is as good as unknown
    p.sameStore();
  });

  it('every top-level field of a create left out, or sent as the wrong type: the same answer each time', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const base = personBody(1) as Record<string, unknown>;
    const person = base.person_details as Record<string, unknown>;
    const bodies: unknown[] = [];
    for (const key of Object.keys(base)) {
      const { [key]: _left, ...rest } = base;
      bodies.push(rest, { ...base, [key]: 42 }, { ...base, [key]: null });
    }
    for (const key of Object.keys(person)) {
      const { [key]: _left, ...rest } = person;
      bodies.push({ ...base, person_details: rest }, { ...base, person_details: { ...person, [key]: [] } });
    }
    bodies.push({}, { type: 'PERSON' }, 'text', 12, null, true);
    const statuses = new Set<number>();
    for (const [n, body] of bodies.entries()) {
      // a fresh ref_id and CIP id for each, so an accepted one does not make the next a duplicate
      const unique = typeof body === 'object' && body !== null && 'ref_id' in body ? { ...body, ref_id: `mutated-${n}` } : body;
      const got = await p.same({ headers: json(token), body: JSON.stringify(unique) });
      expect(got.byLane).toBe(true);
      statuses.add(got.status);
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400]));
    p.sameStore();
  });

  it('the 400s: empty, not JSON (naming the content type), not an object, schema problems with the detail problems', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const impossible = personBody(1);
    impossible.person_details!.date_of_birth = '2001-02-30';
    const cases: Array<[Ask, string]> = [
      [{ headers: json(token), body: '   \n' }, 'request body is empty; a JSON object is required'],
      [{ headers: json(token, 'application/x-www-form-urlencoded; charset=utf-8'), body: '{"type": PERSON' }, 'request body is not valid JSON (sent as application/x-www-form-urlencoded)'],
      [{ headers: ['Authorization', `Bearer ${token}`], body: 'nope' }, 'request body is not valid JSON: '],
      [{ headers: json(token), body: '[1, 2]' }, 'request body must be an object'],
      [{ headers: json(token), body: JSON.stringify({ ...personBody(1), person_details: { ...personBody(1).person_details, date_of_birth: 12 } }) }, 'person_details.date_of_birth'],
      [{ headers: json(token), body: JSON.stringify({ ...impossible, is_merchant: 'yes' }) }, '2 problems'],
    ];
    for (const [a, detail] of cases) {
      const got = await p.same(a);
      expect([got.status, got.byLane]).toEqual([400, true]);
      const problem = JSON.parse(got.body) as { type: string; title: string; detail: string; meta: { errors: unknown[] } };
      expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
      expect(problem.detail).toContain(detail);
      expect(problem.meta.errors.length).toBeGreaterThan(0);
      expect(got.headers.filter((_, i) => i % 2 === 0)).toEqual(['Content-Type', 'Date', 'Connection', 'Keep-Alive', 'Content-Length']);
      expect(got.entry).toEqual({ at: START, method: 'POST', path: PATH, status: 400, client_id: DEFAULT_CLIENT.client_id });
    }
    p.sameStore();
  });

  it('strict mode: missing Required Details are a 400, the same way', async () => {
    const p = await pair({ validation: 'strict' });
    const token = await tokenOf(p);
    const { person_details, ...rest } = personBody(1);
    const { address: _address, ...withoutAddress } = person_details!;
    const got = await p.same({ headers: json(token), body: JSON.stringify({ ...rest, person_details: withoutAddress }) });
    expect([got.status, got.byLane]).toEqual([400, true]);
    expect(JSON.parse(got.body).detail).toContain('address');
    const extra = await p.same({ headers: json(token), body: JSON.stringify({ ...personBody(2), not_a_field: 1 }) });
    expect([extra.status, extra.byLane]).toEqual([400, true]);
    expect(JSON.parse(extra.body).detail).toBe('unknown field not_a_field');
    p.sameStore();
  });

  it('a duplicate ref_id: the same 409 Already Exists', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const first = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)) });
    const again = await p.same({ headers: json(token), body: JSON.stringify({ ...personBody(2), ref_id: personBody(1).ref_id }) });
    expect([again.status, again.byLane]).toEqual([409, true]);
    expect(JSON.parse(again.body)).toMatchObject({ title: 'Already Exists', status: 409, meta: { existing: { id: JSON.parse(first.body).id } } });
    expect(again.entry).toMatchObject({ status: 409, client_id: DEFAULT_CLIENT.client_id });
    expect(again.entry?.identity_id).toBeUndefined();
    p.sameStore();
  });

  it('a store that cannot write: the same 503 with Retry-After and the same log line; nothing stored', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const got = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)) }, (s) => void (s.failing.code = 'ENOSPC'));
    expect([got.status, got.byLane]).toEqual([503, true]);
    expect(got.headers.filter((_, i) => i % 2 === 0)).toEqual(['content-type', 'retry-after', 'Content-Length', 'Date', 'Connection', 'Keep-Alive']);
    expect(JSON.parse(got.body)).toMatchObject({ status: 503, meta: { code: 'ENOSPC' } });
    expect(got.lines).toEqual([expect.stringContaining('error the store could not write {"method":"POST","path":"/v2/identity/identities","code":"ENOSPC"')]);
    for (const s of [p.lane, p.chain]) s.failing.code = undefined;
    const after = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)) });
    expect([after.status, after.byLane]).toEqual([200, true]);
    p.sameStore();
  });

  it('an unexpected error: the same bare 500 Problem and "unhandled error" line', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const got = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)) }, (s) => void (s.boom.next = true));
    expect([got.status, got.byLane]).toEqual([500, true]);
    expect(JSON.parse(got.body)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'an unexpected error occurred' });
    expect(got.lines).toEqual(['[paxos-sim] error unhandled error {"method":"POST","path":"/v2/identity/identities","error":"Error: boom: no more ids"}']);
    p.sameStore();
  });

  it('a client that stops sending its body: the same log line and request-log entry (400, no client)', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    for (const s of [p.lane, p.chain]) {
      const before = s.state.requests.size();
      const req = httpRequest({ host: '127.0.0.1', port: s.port, method: 'POST', path: PATH, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '1000' } });
      req.on('error', () => undefined);
      req.flushHeaders();
      await new Promise((resolve) => s.server.once('request', resolve));
      req.write('{"type":"PERSON",');
      req.destroy();
      // wait for the server to see the connection close and log the request (no time limit but the test's)
      while (s.state.requests.size() === before) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const entries = [p.lane, p.chain].map((s) => {
      const { latency_ms: _latency, ...entry } = s.state.requests.recent(1)[0];
      return JSON.parse(JSON.stringify(entry)) as unknown; // as the dashboard sends it
    });
    expect(entries[0]).toEqual(entries[1]);
    expect(entries[0]).toEqual({ at: START, method: 'POST', path: PATH, status: 400 });
    const aborts = (s: typeof p.lane) => s.lines.filter((l) => l.includes('aborted'));
    expect(aborts(p.lane)).toEqual(aborts(p.chain));
    expect(aborts(p.lane)).toEqual(['[paxos-sim] info request aborted by the client while sending its body {"method":"POST","path":"/v2/identity/identities"}']);
    p.sameStore();
  });
});

describe('Create Identity fast lane: what it hands to the chain', () => {
  it('failed authentication and scope, and requests the lane does not take: answered by the chain, as before', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const readOnly = await tokenOf(p, READ_ONLY_CLIENT);
    const body = JSON.stringify(personBody(1));
    const cases: Array<[Ask, number]> = [
      [{ headers: ['Content-Type', 'application/json'], body }, 401],
      [{ headers: json('not-a-token'), body }, 401],
      [{ headers: ['Authorization', `Basic ${token}`], body }, 401],
      [{ headers: json(readOnly), body }, 403],
      [{ headers: ['Authorization', `Bearer ${token}`, 'authorization', `Bearer ${token}`], body }, 401], // Hono joins the lines
      [{ headers: [...json(token), 'Content-Type', 'text/plain'], body: 'nope' }, 400], // two content types, joined by Hono
      [{ headers: json(token), body: '', path: PATH }, 400], // Content-Length: 0
      [{ headers: json(token), path: `${PATH}?x=1`, body }, 200],
      [{ headers: json(token), path: `${PATH}/`, body }, 404],
      [{ headers: [...json(token), 'Content-Length', String(BODY_LIMIT_BYTES + 1), 'Connection', 'close'], body: '' }, 413], // (its unsent body must not swallow the next request)
      [{ headers: json(token), method: 'PUT', body }, 405],
    ];
    for (const [a, status] of cases) {
      const got = await p.same(a);
      expect([a.path, a.headers, got.status, got.byLane]).toEqual([a.path, a.headers, status, false]);
    }
    expect((await p.same({ headers: json(token), body: JSON.stringify(personBody(2)) })).byLane).toBe(true);
    p.sameStore();
  });

  it('a chunked body goes to the chain', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const text = JSON.stringify(personBody(1));
    const got = await p.same({ headers: json(token), chunks: [text.slice(0, 100), text.slice(100)] });
    expect([got.status, got.byLane]).toEqual([200, false]);
    expect(got.entry).toMatchObject({ status: 200, identity_id: JSON.parse(got.body).id });
    p.sameStore();
  });

  it('an active API fault rule sends creates to the chain, which injects and logs it', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const rule = { id: 'create-503', operation: 'CreateIdentity', status: 503, times: 1 };
    const got = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)) }, (s) => s.state.faults.set([rule]));
    expect([got.status, got.byLane]).toEqual([503, false]);
    expect(got.headers).toContain('x-paxos-sim-fault');
    expect(got.entry?.fault).toMatch(/status 503/);
    // the rule is used up: the lane takes creates again
    expect((await p.same({ headers: json(token), body: JSON.stringify(personBody(1)) })).byLane).toBe(true);
    p.sameStore();
  });

  it('a fault rule or an expiry that comes while the body arrives: the body goes to the chain as it arrived', async () => {
    const p = await pair();
    const token = await tokenOf(p);
    const rule = { id: 'late-503', operation: 'CreateIdentity', status: 503, times: 1 };
    // the chain side gets the rule before the request, the lane side once the lane has taken it
    p.chain.state.faults.set([rule]);
    const late = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)), onHeaders: (s) => void (s === p.lane && s.state.faults.set([rule])) });
    expect([late.status, late.byLane]).toEqual([503, false]);
    expect(late.entry?.fault).toMatch(/late-503/);
    const ttl = p.lane.state.config.tokenTtlSeconds * 1000 + 1;
    p.chain.state.clock.advanceBy(ttl);
    const expired = await p.same({ headers: json(token), body: JSON.stringify(personBody(1)), onHeaders: (s) => void (s === p.lane && s.state.clock.advanceBy(ttl)) });
    expect([expired.status, expired.byLane]).toEqual([401, false]);
    expect(JSON.parse(expired.body).detail).toBe('invalid or expired token');
    p.sameStore();
  });

  it('is not put beside an app with rate limits: the chain counts every create', async () => {
    const p = await pair({ rateLimits: { windowMs: 1000, throttleMs: 5000, perSecond: { token: 100, identity: 2, other: 50 } } });
    expect(createLaneOf(p.lane.app)).toBeUndefined();
    const token = await tokenOf(p);
    const statuses: number[] = [];
    for (let n = 1; n <= 3; n++) statuses.push((await p.same({ headers: json(token), body: JSON.stringify(personBody(n)) })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('answerCreateOnServer (the lane before @hono/node-server)', () => {
  const caller = { clientId: 'c', entityId: 'e', scopes: ['identity:write_identity'] };
  const lane = { admit: vi.fn((authorization: string | undefined) => (authorization === 'Bearer t' ? caller : undefined)), answer: vi.fn(), aborted: vi.fn() };
  const base = { host: '127.0.0.1:4010', authorization: 'Bearer t', 'content-type': 'application/json', 'content-length': '2' };
  const req = (over: Partial<{ method: string; url: string; headers: Record<string, string>; rawHeaders: string[] }> = {}) => {
    const headers = over.headers ?? base;
    const rawHeaders = over.rawHeaders ?? Object.entries(headers).flat();
    return { method: 'POST', url: PATH, ...over, headers, rawHeaders, on: vi.fn(), once: vi.fn(), off: vi.fn() };
  };

  it('takes a plain create: reads the body (listens to the request)', () => {
    const one = req();
    expect(answerCreateOnServer(lane, one as unknown as IncomingMessage, {} as ServerResponse, vi.fn())).toBe(true);
    expect(one.on).toHaveBeenCalledWith('data', expect.any(Function));
  });

  it('hands over, untouched, what the chain must see', () => {
    const cases = [
      req({ method: 'post' }),
      req({ method: 'PUT' }),
      req({ url: `${PATH}?x=1` }),
      req({ url: `http://127.0.0.1:4010${PATH}` }),
      req({ headers: { ...base, host: 'Example.com' } }),
      req({ headers: { authorization: 'Bearer t', 'content-length': '2' } }), // no Host
      req({ headers: { ...base, 'content-length': '0' } }),
      req({ headers: { ...base, 'content-length': ' 2' } }),
      req({ headers: { ...base, 'content-length': '2e1' } }),
      req({ headers: { ...base, 'content-length': String(BODY_LIMIT_BYTES + 1) } }),
      req({ headers: { host: base.host, authorization: 'Bearer t', 'transfer-encoding': 'chunked' } }),
      req({ headers: { ...base, 'transfer-encoding': 'chunked' } }),
      req({ rawHeaders: [...Object.entries(base).flat(), 'Content-Length', '2'] }),
      req({ rawHeaders: [...Object.entries(base).flat(), 'Authorization', 'Bearer t'] }),
      req({ rawHeaders: [...Object.entries(base).flat(), 'Content-Type', 'text/plain'] }),
      req({ headers: { ...base, authorization: 'Bearer other' } }), // the lane does not admit it
    ];
    for (const one of cases) {
      const chain = vi.fn();
      expect(answerCreateOnServer(lane, one as unknown as IncomingMessage, {} as ServerResponse, chain)).toBe(false);
      expect(one.on).not.toHaveBeenCalled();
      expect(one.once).not.toHaveBeenCalled();
      expect(chain).not.toHaveBeenCalled(); // the caller hands it over
    }
  });
});
