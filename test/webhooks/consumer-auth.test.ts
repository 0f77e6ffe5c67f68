/**
 * OAuth2 client-credentials consumers (REFERENCE.md §6.3): the receiver also
 * serves the token endpoint, so the credentials, caching and refresh are seen
 * on the wire.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicCredentials } from '../../simulator/webhooks/consumer-auth.js';
import { addConsumer, createKit, deliveryOf, emitEvent, startReceiver, type Receiver } from './support.js';

let receiver: Receiver;
let issued: number;
beforeEach(async () => {
  receiver = await startReceiver();
  issued = 0;
  receiver.on('/token', (_req, res) => {
    issued++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `tok-${issued}`, token_type: 'bearer', expires_in: 60 }));
  });
});
afterEach(async () => {
  await receiver.close();
});

const oauth = (url: string) => ({
  type: 'oauth' as const,
  token_url: `${url}/token`,
  client_id: 'hook client',
  client_secret: 's3cr:et',
  scope: 'webhooks',
});

describe('consumer auth: oauth', () => {
  it('sends the credentials as Basic and in the form body, then presents the token as Bearer', async () => {
    const kit = await createKit();
    await addConsumer(kit, { url: `${receiver.url}/hooks`, auth: oauth(receiver.url) });
    await emitEvent(kit);

    await kit.dispatcher.drainOnce();

    const [token] = receiver.to('/token');
    expect(token.method).toBe('POST');
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from('hook+client:s3cr%3Aet').toString('base64')}`);
    const form = new URLSearchParams(token.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', client_id: 'hook client', client_secret: 's3cr:et', scope: 'webhooks' });
    expect(receiver.to('/hooks')[0].headers.authorization).toBe('Bearer tok-1');
  });

  it('reuses the token until expires_in passes on the simulator clock, then fetches a new one', async () => {
    const kit = await createKit();
    await addConsumer(kit, { url: `${receiver.url}/hooks`, auth: oauth(receiver.url) });

    await emitEvent(kit);
    await kit.dispatcher.drainOnce();
    kit.clock.advanceBy(59_000);
    await emitEvent(kit);
    await kit.dispatcher.drainOnce();
    kit.clock.advanceBy(2_000);
    await emitEvent(kit);
    await kit.dispatcher.drainOnce();

    expect(receiver.to('/token')).toHaveLength(2);
    expect(receiver.to('/hooks').map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('drops the cached token when the consumer answers 401', async () => {
    const kit = await createKit();
    receiver.on('/hooks', (req, res) => res.writeHead(req.headers.authorization === 'Bearer tok-1' ? 401 : 204).end());
    await addConsumer(kit, { url: `${receiver.url}/hooks`, auth: oauth(receiver.url) });
    const { deliveries } = await emitEvent(kit);

    await kit.dispatcher.drainOnce();
    kit.clock.setTo(Date.parse(deliveryOf(kit.store, deliveries[0].id).next_attempt_at!));
    await kit.dispatcher.drainOnce();

    expect(receiver.to('/token')).toHaveLength(2);
    expect(deliveryOf(kit.store, deliveries[0].id).attempts.map((a) => a.status_code)).toEqual([401, 204]);
  });

  it('counts a failing token request as a failed attempt that explains itself', async () => {
    const kit = await createKit();
    receiver.on('/token', (_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}'));
    await addConsumer(kit, { url: `${receiver.url}/hooks`, auth: oauth(receiver.url) });
    const { deliveries } = await emitEvent(kit);

    const report = await kit.dispatcher.drainOnce();

    expect(report.retrying).toBe(1);
    expect(receiver.to('/hooks')).toHaveLength(0);
    const d = deliveryOf(kit.store, deliveries[0].id);
    expect(d.status).toBe('pending');
    expect(d.attempts[0].error).toBe(`token request to ${receiver.url}/token failed: HTTP 400 {"error":"invalid_client"}`);
  });

  it('shares one token request between overlapping drains sending to the same consumer', async () => {
    const kit = await createKit();
    const held: Array<() => void> = [];
    receiver.on('/token', (_req, res) => {
      issued++;
      held.push(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `tok-${issued}`, expires_in: 60 })));
    });
    await addConsumer(kit, { url: `${receiver.url}/hooks`, auth: oauth(receiver.url) });

    // Drain A is waiting for the token when drain B starts on a newer delivery.
    const tokenAsked = receiver.next('/token');
    await emitEvent(kit);
    const a = kit.dispatcher.drainOnce();
    await tokenAsked;
    await emitEvent(kit);
    const b = kit.dispatcher.drainOnce();
    await new Promise((resolve) => setImmediate(resolve));
    held.forEach((release) => release());
    const reports = await Promise.all([a, b]);

    // B also waits for A's send, which was due when B started.
    expect(reports.map((r) => r.succeeded)).toEqual([1, 2]);
    expect(receiver.to('/token')).toHaveLength(1);
    expect(receiver.to('/hooks').map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
  });
});

describe('basicCredentials', () => {
  it('form-urlencodes id and secret before base64 (RFC 6749 §2.3.1)', () => {
    expect(Buffer.from(basicCredentials('a b', 'c:d&e').slice(6), 'base64').toString()).toBe('a+b:c%3Ad%26e');
  });
});
