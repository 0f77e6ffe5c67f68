/**
 * createWebhookHandler(): API-key check, payload validation, test events,
 * de-duplication, typed dispatch, and 500 on a failing handler, with Get Event
 * answered by a local fake Paxos; toNodeHandler() on a real node:http port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPaxosClient, createWebhookHandler, toNodeHandler, type IdentitySummaryStatusChange, type WebhookHandlerOptions,
} from '../../src/index.js';
import { problem, send, startFakePaxos, type FakeServer } from './support/fake-server.js';

const servers: FakeServer[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

const EVENT_ID = 'bd019f1c-89a7-4372-9d21-eaad9280dc41';
const IDENTITY_ID = '4fd025ab-0000-4000-8000-000000000001';
const fullEvent = (isTest: boolean) => ({
  id: EVENT_ID,
  type: 'identity.approved',
  object_type: 'identity_summary_status_change',
  object: { id: 'obj-1', identity_id: IDENTITY_ID, old_summary_status: 'PENDING', new_summary_status: 'APPROVED' },
  created_at: '2026-01-07T14:30:02.123456789Z',
  is_test: isTest,
});
const thin = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ id: EVENT_ID, type: 'identity.approved', source: 'com.paxos', time: '2026-01-07T14:30:02Z', object: 'event', is_test: false, ...overrides });
const KEY = { header: 'x-paxos-key', value: 's3cret-value' };
const post = (body: string, key: string | null = KEY.value) =>
  new Request('http://receiver.test/webhooks', { method: 'POST', body, headers: key === null ? {} : { [KEY.header]: key } });

async function setup(onEvent: WebhookHandlerOptions['onEvent'], extra: Partial<WebhookHandlerOptions> = {}) {
  const fake = await startFakePaxos((req, res) => {
    const isTest = req.query.get('is_test') === 'true';
    if (req.path === `/v2/events/${EVENT_ID}`) return send(res, 200, fullEvent(isTest));
    send(res, 404, problem(404, 'Not Found'));
  });
  servers.push(fake.server);
  const client = createPaxosClient({ ...fake.clientOptions, retry: { retries: 0 } });
  const handler = createWebhookHandler({ client, apiKey: KEY, onEvent, testEvents: 'ignore', ...extra });
  return { handler, fake };
}

describe('createWebhookHandler', () => {
  it('fetches the full event and calls the typed handler once per event id', async () => {
    const seen: Array<[string | undefined, IdentitySummaryStatusChange]> = [];
    const { handler, fake } = await setup({ 'identity.approved': (event, object) => void seen.push([event.id, object]) });
    const first = await handler(post(thin()));
    expect(first.status).toBe(200);
    expect(seen).toEqual([[EVENT_ID, fullEvent(false).object]]);
    const again = await handler(post(thin()));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(seen).toHaveLength(1);
    expect(fake.apiRequests().map((r) => r.url)).toEqual([`/v2/events/${EVENT_ID}`]);
  });

  it.each([
    ['a missing key', null],
    ['a wrong key', 's3cret-valuX'],
    ['a key of another length', 's3cret'],
  ])('answers 401 to %s without calling anything', async (_name, key) => {
    let calls = 0;
    const { handler, fake } = await setup({ 'identity.approved': () => void calls++ });
    expect((await handler(post(thin(), key))).status).toBe(401);
    expect(calls).toBe(0);
    expect(fake.server.requests).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{oops'],
    ['an array', '[]'],
    ['a missing id', thin({ id: undefined })],
    ['a non-UUID id', thin({ id: 'abc' })],
    ['a wrong source', thin({ source: 'evil' })],
    ['a wrong object', thin({ object: 'identity' })],
    ['a bad time', thin({ time: 'yesterday' })],
    ['a string is_test', thin({ is_test: 'false' })],
  ])('answers 400 to %s', async (_name, body) => {
    const { handler } = await setup({ 'identity.approved': () => undefined });
    expect((await handler(post(body))).status).toBe(400);
  });

  it('ignores test events by default and delivers them (fetched with is_test=true) when asked', async () => {
    const calls: boolean[] = [];
    const onEvent = { 'identity.approved': (event: { is_test?: boolean }) => void calls.push(event.is_test === true) };
    const ignoring = await setup(onEvent);
    expect((await ignoring.handler(post(thin({ is_test: true })))).status).toBe(200);
    expect(calls).toEqual([]);
    const delivering = await setup(onEvent, { testEvents: 'deliver' });
    expect((await delivering.handler(post(thin({ is_test: true })))).status).toBe(200);
    expect(calls).toEqual([true]);
    expect(delivering.fake.apiRequests()[0].url).toBe(`/v2/events/${EVENT_ID}?is_test=true`);
  });

  it('acknowledges unknown event types without fetching them', async () => {
    const { handler, fake } = await setup({ 'identity.approved': () => undefined });
    const res = await handler(post(thin({ type: 'transfer.crypto_deposit.completed' })));
    expect(res.status).toBe(200);
    expect(fake.apiRequests()).toHaveLength(0);
  });

  it('answers 500 when the handler throws and processes the redelivery', async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const { handler } = await setup(
      { 'identity.approved': () => { if (++attempts === 1) throw new Error('database down'); } },
      { onError: (err) => errors.push(err) },
    );
    expect((await handler(post(thin()))).status).toBe(500);
    expect((await handler(post(thin()))).status).toBe(200);
    expect(attempts).toBe(2);
    expect((errors[0] as Error).message).toBe('database down');
  });

  it('answers 500 when Get Event fails, so Paxos retries', async () => {
    let calls = 0;
    const { handler } = await setup({ 'identity.approved': () => void calls++ });
    const otherId = '00000000-0000-4000-8000-000000000042';
    expect((await handler(post(thin({ id: otherId })))).status).toBe(500);
    expect(calls).toBe(0);
  });

  it('uses a pluggable dedupe store', async () => {
    const stored = new Set<string>([EVENT_ID]);
    let calls = 0;
    const { handler } = await setup({ 'identity.approved': () => void calls++ }, { dedupe: { has: async (id) => stored.has(id), add: async (id) => void stored.add(id) } });
    expect((await handler(post(thin()))).status).toBe(200);
    expect(calls).toBe(0);
  });
});

describe('toNodeHandler', () => {
  it('serves the handler on node:http', async () => {
    const seen: string[] = [];
    const { handler } = await setup({ 'identity.approved': (_event, object) => void seen.push(object.identity_id) });
    const server = createServer(toNodeHandler(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/paxos/webhooks`;
    const ok = await fetch(url, { method: 'POST', headers: { [KEY.header]: KEY.value, 'content-type': 'application/json' }, body: thin() });
    expect(ok.status).toBe(200);
    expect(seen).toEqual([IDENTITY_ID]);
    const denied = await fetch(url, { method: 'POST', body: thin() });
    expect(denied.status).toBe(401);
  });
});
