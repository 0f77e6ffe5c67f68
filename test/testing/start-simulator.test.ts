/**
 * startSimulator(): the in-process simulator for consumers' tests, driven only
 * through what it returns (ready client, clock, webhooks, stop) on real
 * loopback ports.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Faker, en, en_US } from '@faker-js/faker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson } from '../../fixtures/factories/index.js';
import { unwrap } from '../../src/index.js';
import { startSimulator, type RunningSimulator } from '../../src/testing.js';
import { compiledTree, runNode } from '../support/cli-process.js';
import { T0_ISO as T0 } from '../support/time.js';

const faker = new Faker({ locale: [en_US, en], seed: 11 });
const person = (refId: string, lastName?: string) => ({
  ...buildPerson(faker, lastName ? { person_details: { last_name: lastName } } : undefined),
  ref_id: refId,
});

/** A real webhook endpoint on a free port that records what it receives. */
async function startReceiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('startSimulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ startAt: T0 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('listens on 127.0.0.1 and hands out the URLs and default credentials', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.baseUrl).toBe(`${sim.url}/v2`);
    expect(sim.tokenUrl).toBe(`${sim.url}/oauth2/token`);
    expect(sim.controlUrl).toBe(`${sim.url}/_sim`);
    expect(sim.credentials).toEqual({ clientId: 'paxos-sim-client', clientSecret: 'paxos-sim-secret' });
    expect((await fetch(`${sim.controlUrl}/health`)).status).toBe(200);
  });

  it('creates and gets an identity with the ready client', async () => {
    const created = unwrap(await sim.client.createIdentity(person('ready-1')));
    const fetched = unwrap(await sim.client.getIdentity(created.id));
    expect.soft(fetched.id).toBe(created.id);
    expect.soft(fetched.ref_id).toBe('ready-1');
    expect.soft(fetched.status).toBe('PENDING');
  });

  it('starts frozen at startAt, and clock.advance() fires the decision that falls due', async () => {
    expect(sim.clock.now().toISOString()).toBe(T0);
    const { id } = unwrap(await sim.client.createIdentity(person('clock-1')));
    await sim.clock.advance(1_999);
    expect(unwrap(await sim.client.getIdentity(id)).status).toBe('PENDING');
    await sim.clock.advance('1ms');
    expect(unwrap(await sim.client.getIdentity(id)).status).toBe('APPROVED');
    expect(sim.clock.now().toISOString()).toBe('2026-01-15T10:00:02.000Z');
  });

  it('clock.set() moves forward to an instant and refuses to go back', async () => {
    await sim.clock.set('2026-02-01T00:00:00Z');
    expect(sim.clock.now().toISOString()).toBe('2026-02-01T00:00:00.000Z');
    await expect(sim.clock.set(T0)).rejects.toThrow(/cannot move backwards/);
    await expect(sim.clock.advance('soon')).rejects.toThrow(TypeError);
  });

  it('delivers identity.approved to a registered receiver with its API-key header when the clock moves', async () => {
    const receiver = await startReceiver();
    try {
      const consumer = await sim.webhooks.register({
        url: receiver.url,
        eventTypes: ['identity.approved'],
        apiKey: { header: 'x-webhook-key', value: 's3cret' },
      });
      expect(consumer.auth).toEqual({ type: 'api_key', header: 'x-webhook-key', value: '<redacted>' });
      const { id } = unwrap(await sim.client.createIdentity(person('hook-1')));
      await sim.clock.advance('2s');

      expect(receiver.received).toHaveLength(1);
      const [delivery] = receiver.received;
      expect(delivery.headers['x-webhook-key']).toBe('s3cret');
      expect(delivery.body).toMatchObject({ type: 'identity.approved', source: 'com.paxos', object: 'event', is_test: false });
      const event = unwrap(await sim.client.getEvent(delivery.body.id as string));
      expect(event.object).toMatchObject({ identity_id: id });
      const recorded = sim.webhooks.deliveries({ consumerId: consumer.id });
      expect(recorded.map((d) => [d.event_type, d.status])).toEqual([['identity.approved', 'succeeded']]);
    } finally {
      await receiver.close();
    }
  });

  it('webhooks.register() rejects bad input with the control API detail', async () => {
    await expect(sim.webhooks.register({ url: 'ftp://example.test/hooks' })).rejects.toThrow(/url must be an http\(s\) URL/);
  });

  it('reset() forgets identities, and the ready client keeps working', async () => {
    const { id } = unwrap(await sim.client.createIdentity(person('reset-1')));
    await sim.reset();
    expect((await sim.client.getIdentity(id)).response.status).toBe(404);
    expect(unwrap(await sim.client.listIdentities()).items ?? []).toEqual([]);
  });
});

describe('startSimulator options', () => {
  const running: RunningSimulator[] = [];
  const start = async (...args: Parameters<typeof startSimulator>) => {
    const sim = await startSimulator(...args);
    running.push(sim);
    return sim;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it('runs two simulators side by side on different ports, and stop() twice is harmless', async () => {
    const [a, b] = await Promise.all([start({ frozen: true }), start({ frozen: true })]);
    expect(a.url).not.toBe(b.url);
    const created = unwrap(await a.client.createIdentity(person('side-a')));
    expect((await b.client.getIdentity(created.id)).response.status).toBe(404);
    await a.stop();
    await a.stop();
    await expect(fetch(`${a.controlUrl}/health`)).rejects.toThrow();
    expect((await fetch(`${b.controlUrl}/health`)).status).toBe(200);
  });

  it('takes validation and omittedScope: strict answers 400 where lenient accepts', async () => {
    const [lenient, strict] = await Promise.all([start({ frozen: true }), start({ frozen: true, validation: 'strict', omittedScope: 'all' })]);
    const incomplete = { ...person('incomplete-1'), customer_due_diligence: undefined, nickname: 'x' } as never;
    const ok = await lenient.client.createIdentity(incomplete);
    expect(ok.response.status).toBe(200);
    expect(unwrap(ok).status).toBe('PENDING');
    const bad = await strict.client.createIdentity(incomplete);
    expect(bad.response.status).toBe(400);
    const token = await fetch(strict.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: strict.credentials.clientId, client_secret: strict.credentials.clientSecret }),
    });
    expect(((await token.json()) as { scope: string }).scope).toContain('identity:write_identity');
  });

  it('accepts its own clients, rules and review delay', async () => {
    const sim = await start({
      frozen: true,
      reviewDelay: '10s',
      clients: [
        { clientId: 'app', clientSecret: 'app-secret' },
        { clientId: 'reader', clientSecret: 'reader-secret', scopes: ['identity:read_identity'] },
      ],
      rules: [{ name: 'deny-test-users', match: { ref_id_prefix: 'deny-' }, outcome: 'DENIED', check: 'sanctions', delay: '1m' }],
    });
    expect(sim.credentials).toEqual({ clientId: 'app', clientSecret: 'app-secret' });
    const approved = unwrap(await sim.client.createIdentity(person('ok-1')));
    const denied = unwrap(await sim.client.createIdentity(person('deny-1')));
    await sim.clock.advance('10s');
    expect(unwrap(await sim.client.getIdentity(approved.id)).status).toBe('APPROVED');
    expect(unwrap(await sim.client.getIdentity(denied.id)).status).toBe('PENDING');
    await sim.clock.advance('50s');
    expect(unwrap(await sim.client.getIdentity(denied.id)).status).toBe('DENIED');

    const reader = sim.createClient({ clientId: 'reader', clientSecret: 'reader-secret' });
    expect((await reader.createIdentity(person('reader-1'))).response.status).toBe(403);
    expect((await reader.listIdentities()).response.status).toBe(200);
  });

  it('keeps state in a dataFile across stop and start, clock included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-testing-'));
    try {
      const dataFile = join(dir, 'db.json');
      const first = await start({ dataFile, startAt: T0 });
      const { id } = unwrap(await first.client.createIdentity(person('kept-1')));
      await first.clock.advance('2s');
      await first.stop();

      const second = await start({ dataFile });
      expect(second.clock.now().toISOString()).toBe('2026-01-15T10:00:02.000Z');
      const identity = unwrap(await second.client.getIdentity(id));
      expect(identity.status).toBe('APPROVED');
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs on from startAt when frozen is false, and freeze() stops it', async () => {
    const sim = await start({ startAt: T0, frozen: false });
    const t = sim.clock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(Date.parse(T0));
    expect(t).toBeLessThan(Date.parse(T0) + 60_000);
    await sim.clock.freeze();
    const frozenAt = sim.clock.now().toISOString();
    await sim.clock.advance(0);
    expect(sim.clock.now().toISOString()).toBe(frozenAt);
  });

  it('accepts entities: keys of one entity share identities, another entity does not see them', async () => {
    const sim = await start({
      frozen: true,
      clients: [
        { clientId: 'app', clientSecret: 'app-secret' },
        { clientId: 'app-2', clientSecret: 'app-2-secret' },
        { clientId: 'other', clientSecret: 'other-secret' },
      ],
      entities: [
        { id: 'mine', clients: ['app', 'app-2'] },
        { id: 'theirs', clients: ['other'] },
      ],
    });
    const { id } = unwrap(await sim.client.createIdentity(person('entity-1')));
    expect((await sim.createClient({ clientId: 'app-2', clientSecret: 'app-2-secret' }).getIdentity(id)).response.status).toBe(200);
    expect((await sim.createClient({ clientId: 'other', clientSecret: 'other-secret' }).getIdentity(id)).response.status).toBe(404);
  });

  it('rejects bad options with a TypeError naming them', async () => {
    await expect(startSimulator({ entities: [{ id: 'x', clients: ['nobody'] }] })).rejects.toThrow('startSimulator: entities[0].clients: "nobody" is not a configured client');
    await expect(startSimulator({ eddReviewDelay: 'later' })).rejects.toThrow(/eddReviewDelay/);
    await expect(startSimulator({ reviewDelay: 'later' })).rejects.toThrow(/reviewDelay/);
    await expect(startSimulator({ startAt: 'yesterday' })).rejects.toThrow(/startAt/);
    await expect(startSimulator({ rules: [{ outcome: 'MAYBE' as 'APPROVED' }] })).rejects.toThrow(/outcome/);
  });
});

describe('startSimulator stop()', () => {
  const counts = () => {
    const tally: Record<string, number> = {};
    for (const name of process.getActiveResourcesInfo()) tally[name] = (tally[name] ?? 0) + 1;
    return { timers: tally.Timeout ?? 0, servers: tally.TCPServerWrap ?? 0, sockets: tally.TCPSocketWrap ?? 0 };
  };
  /** Let socket close callbacks run (no timers involved). */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('leaves no timers, servers or sockets behind', async () => {
    await settle();
    const before = counts();
    const sim = await startSimulator();
    const { id } = unwrap(await sim.client.createIdentity(person('handles-1')));
    await sim.clock.advance('2s');
    expect(unwrap(await sim.client.getIdentity(id)).status).toBe('APPROVED');
    const during = counts();
    expect(during.servers).toBeGreaterThan(before.servers);

    await sim.stop();
    await settle();
    const after = counts();
    expect(after.timers).toBeLessThanOrEqual(before.timers);
    expect(after.servers).toBeLessThanOrEqual(before.servers);
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
  });

  it('lets a process exit on its own after stop()', async () => {
    // src/testing.ts, from the test copy of the sources (test/support/cli-process.ts)
    const testing = pathToFileURL(join(await compiledTree(), 'src', 'testing.js')).href;
    const script = [
      `import { startSimulator } from ${JSON.stringify(testing)};`,
      'const sim = await startSimulator();',
      "await sim.client.listIdentities();",
      "await sim.clock.advance('1m');",
      'await sim.stop();',
      "console.log('stopped');",
    ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-exit-'));
    try {
      const file = join(dir, 'exit.mjs');
      writeFileSync(file, script);
      // Nothing calls process.exit: the child ends only once no server, socket or timer holds it
      // (or is killed after 20 s, its code then null).
      const { code, stdout, stderr } = await runNode(file, [], { timeoutMs: 20_000 });
      expect(`${stdout}${stderr}`.trim()).toBe('stopped');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
