/**
 * Timeouts, retries and backoff against real local HTTP servers that answer
 * 429, 503, garbage or nothing. `sleep` and `random` are injected, so nothing
 * here really waits for a backoff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPaxosClient, PaxosNetworkError, PaxosProblemError, unwrap } from '../../src/index.js';
import { backoffMs, retryAfterMs } from '../../src/retry.js';
import { problem, recordingSleep, send, startFakePaxos, type FakeServer, type Script } from './support/fake-server.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const identity = { id: 'id-1', status: 'PENDING', ref_id: 'user-1' };
const retry = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

/** Answer the scripted responses in order, then 200 with `identity`. */
function sequence(...answers: Script[]): Script {
  let i = 0;
  return (req, res) => (i < answers.length ? answers[i++](req, res) : send(res, 200, identity));
}
const status503: Script = (_req, res) => send(res, 503, problem(503, 'Service Unavailable'));
const garbage502: Script = (_req, res) => send(res, 502, '<html>bad gateway</html>');
const dropConnection: Script = (_req, res) => void res.socket?.destroy();

async function setup(api: Script, extra: Partial<Parameters<typeof createPaxosClient>[0]> = {}) {
  const fake = await startFakePaxos(api);
  servers.push(fake.server);
  const { sleep, delays } = recordingSleep();
  const client = createPaxosClient({ ...fake.clientOptions, retry, sleep, random: () => 0.5, ...extra });
  return { fake, client, delays };
}

describe('retries of idempotent requests', () => {
  it('retries 503 with jittered exponential backoff, then succeeds', async () => {
    const { client, fake, delays } = await setup(sequence(status503, status503, status503));
    const { data } = await client.getIdentity('id-1');
    expect(data).toEqual(identity);
    expect(fake.apiRequests()).toHaveLength(4);
    // cap = min(1000, 100·2ⁿ); delay = cap/2 + cap/2·random
    expect(delays).toEqual([75, 150, 300]);
  });

  it('honours Retry-After in seconds on a 429', async () => {
    const { client, delays } = await setup(
      sequence((_req, res) => send(res, 429, problem(429, 'Too Many Requests', 'Too many requests'), { 'retry-after': '7' })),
    );
    expect((await client.listIdentities()).response.status).toBe(200);
    expect(delays).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP date, measured on the injected clock', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const { client, delays } = await setup(
      sequence((_req, res) => send(res, 503, problem(503, 'Service Unavailable'), { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' })),
      { now: () => now },
    );
    await client.getIdentity('id-1');
    expect(delays).toEqual([3000]);
  });

  it('returns the last error result once retries are used up, and unwrap() throws it', async () => {
    const { client, fake } = await setup(status503);
    const result = await client.getIdentity('id-1');
    expect(result.response.status).toBe(503);
    expect(fake.apiRequests()).toHaveLength(4);
    let thrown: unknown;
    try {
      unwrap(result);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PaxosProblemError);
    expect(thrown).toMatchObject({ status: 503, operationId: 'GetIdentity', title: 'Service Unavailable' });
  });

  it('turns a non-JSON error body into a Problem with the HTTP status', async () => {
    const { client } = await setup(garbage502, { retry: { retries: 0 } });
    const result = await client.getIdentity('id-1');
    expect(() => unwrap(result)).toThrowError(/GetIdentity failed with HTTP 502: <html>bad gateway<\/html>/);
  });

  it('retries dropped connections and finally throws PaxosNetworkError', async () => {
    const recovering = await setup(sequence(dropConnection, dropConnection));
    expect((await recovering.client.updateIdentity('id-1', { metadata: { a: 'b' } })).data).toEqual(identity);
    expect(recovering.fake.apiRequests().map((r) => [r.method, r.body])).toEqual([
      ['PUT', '{"metadata":{"a":"b"}}'],
      ['PUT', '{"metadata":{"a":"b"}}'],
      ['PUT', '{"metadata":{"a":"b"}}'],
    ]);
    const broken = await setup(dropConnection);
    const err = await broken.client.deleteInstitutionMember('m-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaxosNetworkError);
    expect(err).toMatchObject({ timedOut: false });
    expect(err).not.toBeInstanceOf(PaxosProblemError);
    expect(broken.fake.apiRequests()).toHaveLength(4);
  });

  it('times out a slow request, retries it, and reports a timeout', async () => {
    const { client, fake } = await setup(() => new Promise(() => undefined), { timeoutMs: 80, retry: { retries: 1 } });
    const err = await client.listEvents().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaxosNetworkError);
    expect(err).toMatchObject({ timedOut: true });
    expect(fake.apiRequests()).toHaveLength(2);
  });

  it('does not retry 4xx answers other than 429', async () => {
    const { client, fake } = await setup(sequence((_req, res) => send(res, 404, problem(404, 'Not Found'))));
    expect((await client.getIdentity('nope')).response.status).toBe(404);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const fake = await startFakePaxos(status503);
    servers.push(fake.server);
    const client = createPaxosClient({
      ...fake.clientOptions,
      retry,
      sleep: async () => controller.abort(new Error('user gave up')),
    });
    await expect(client.getIdentity('id-1', {}, { signal: controller.signal })).rejects.toThrow('user gave up');
    expect(fake.apiRequests()).toHaveLength(1);
  });
});

describe('retries of POST', () => {
  const body = { person_details: { first_name: 'Ada', last_name: 'Lovelace' } };

  it('never retries CreateIdentity without a ref_id', async () => {
    const { client, fake } = await setup(sequence(status503));
    expect((await client.createIdentity(body)).response.status).toBe(503);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('never retries AddInstitutionMembers', async () => {
    const { client, fake } = await setup(sequence(status503));
    const result = await client.addInstitutionMembers({ institution_id: 'i-1', members: [{ identity_id: 'p-1', roles: ['TRUSTEE'] }] });
    expect(result.response.status).toBe(503);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('retries CreateIdentity that carries a ref_id', async () => {
    const { client, fake } = await setup(sequence(status503));
    const { data } = await client.createIdentity({ ...body, ref_id: 'user-1' });
    expect(data).toEqual(identity);
    expect(fake.apiRequests().map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('resolves a 409 duplicate ref_id on a retried create to the existing identity', async () => {
    const conflict = problem(409, 'Already Exists', 'duplicate ref_id provided', { existing: { id: 'id-1' } });
    const { client, fake } = await setup((req, res) => {
      if (req.method === 'GET') return send(res, 200, identity);
      // first attempt is processed but the answer is lost; the retry then collides with it
      return fake.apiRequests().length === 1 ? dropConnection(req, res) : send(res, 409, { ...conflict, type: 'https://developer.paxos.com/docs/v2/problems/already-exists' });
    });
    const result = await client.createIdentity({ ...body, ref_id: 'user-1' });
    expect(result.data).toEqual(identity);
    expect(result.operationId).toBe('CreateIdentity');
    const calls = fake.apiRequests().map((r) => `${r.method} ${r.url}`);
    expect(calls).toEqual(['POST /v2/identity/identities', 'POST /v2/identity/identities', 'GET /v2/identity/identities/id-1?include_details=true']);
  });

  it('keeps a 409 on a first attempt as an error with existingId', async () => {
    const conflict = problem(409, 'Already Exists', 'duplicate ref_id provided', { existing: { id: 'id-0' } });
    const { client } = await setup((_req, res) => send(res, 409, conflict));
    const result = await client.createIdentity({ ...body, ref_id: 'user-1' });
    expect(result.error).toMatchObject({ detail: 'duplicate ref_id provided' });
    expect(() => unwrap(result)).toThrow(PaxosProblemError);
    try {
      unwrap(result);
    } catch (err) {
      expect(err).toMatchObject({ status: 409, existingId: 'id-0', operationId: 'CreateIdentity', detail: 'duplicate ref_id provided' });
    }
  });

  it('does not treat a 409 after a 429 retry as its own earlier attempt', async () => {
    const conflict = problem(409, 'Already Exists', 'duplicate ref_id provided', { existing: { id: 'id-0' } });
    const { client, fake } = await setup(sequence((_req, res) => send(res, 429, problem(429, 'Too Many Requests')), (_req, res) => send(res, 409, conflict)));
    const result = await client.createIdentity({ ...body, ref_id: 'user-1' });
    expect(result.response.status).toBe(409);
    expect(fake.apiRequests()).toHaveLength(2);
  });
});

describe('retry arithmetic', () => {
  it('caps backoff at maxDelayMs and keeps at least half of it', () => {
    const policy = { retries: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(0, policy, () => 0)).toBe(50);
    expect(backoffMs(0, policy, () => 0.999999)).toBe(100);
    expect(backoffMs(8, policy, () => 0)).toBe(500);
    expect(backoffMs(8, policy, () => 0.999999)).toBe(1000);
  });

  it.each([
    ['0', 0],
    ['120', 120_000],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('reads Retry-After %j as %j ms', (header, expected) => {
    expect(retryAfterMs(header, Date.parse('2026-01-01T00:00:00Z'))).toBe(expected);
  });
});
