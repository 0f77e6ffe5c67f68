/**
 * The examples shown in docs/client.md, run against the in-process simulator,
 * and a check that the doc shows each example file verbatim.
 */
import { readFileSync } from 'node:fs';
import { Faker, en, en_US } from '@faker-js/faker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator/app.js';
import { testConfig } from '../../simulator/config.js';
import { buildPerson } from '../../fixtures/factories/index.js';
import { onboardPerson } from '../../examples/client/onboard-person.js';
import { approvedSince } from '../../examples/client/list-approvals.js';
import { webhookApp } from '../../examples/client/webhook-receiver.js';
import { createPaxosClient, unwrap, type PaxosClientOptions } from '../../src/index.js';

const EXAMPLES = ['onboard-person.ts', 'list-approvals.ts', 'webhook-receiver.ts'];

const faker = new Faker({ locale: [en_US, en], seed: 3 });
const person = (refId: string) => ({ ...buildPerson(faker), ref_id: refId });

describe('docs/client.md', () => {
  it.each(EXAMPLES)('shows examples/client/%s verbatim', (file) => {
    const doc = readFileSync(new URL('../../docs/client.md', import.meta.url), 'utf8');
    const code = readFileSync(new URL(`../../examples/client/${file}`, import.meta.url), 'utf8').trim();
    expect(doc).toContain(code);
  });
});

describe('examples', () => {
  let sim: Simulator;
  let options: PaxosClientOptions;
  beforeEach(async () => {
    sim = await createSimulator({ config: testConfig({ clock: { frozen: true } }) });
    options = {
      baseUrl: 'http://127.0.0.1:4010/v2',
      tokenUrl: 'http://127.0.0.1:4010/oauth2/token',
      clientId: 'paxos-sim-client',
      clientSecret: 'paxos-sim-secret',
      fetch: (input, init) => sim.app.request(input, init),
    };
  });
  afterEach(async () => {
    await sim?.close();
  });
  const wait = () => ({ now: () => sim.clock.nowMs(), sleep: (ms: number) => sim.advance(ms) });

  it('onboardPerson creates once, then reuses the identity on a second call', async () => {
    const body = person('user-42');
    const first = await onboardPerson(options, body, wait());
    expect(first.status).toBe('APPROVED');
    const second = await onboardPerson(options, body, wait());
    expect(second.id).toBe(first.id);
  });

  it('approvedSince lists the identities approved after a point in time', async () => {
    const since = sim.clock.now().toISOString();
    const a = await onboardPerson(options, person('user-a'), wait());
    const b = await onboardPerson(options, person('user-b'), wait());
    expect(await approvedSince(options, since)).toEqual([a.id, b.id]);
  });

  it('webhookApp handles a delivery of a real simulator event', async () => {
    const log: string[] = [];
    const app = webhookApp(options, 'key-1', log);
    const approved = await onboardPerson(options, person('user-w'), wait());
    const client = createPaxosClient(options);
    const [event] = unwrap(await client.listEvents({ type: 'identity.approved' })).events ?? [];
    const payload = { id: event.id, type: event.type, source: 'com.paxos', time: event.created_at, object: 'event', is_test: false };
    const deliver = (key: string) =>
      app.request('/paxos/webhooks', { method: 'POST', headers: { 'x-paxos-webhook-key': key }, body: JSON.stringify(payload) });
    expect((await deliver('wrong')).status).toBe(401);
    expect((await deliver('key-1')).status).toBe(200);
    expect((await deliver('key-1')).status).toBe(200); // a redelivery is recognised
    expect(log).toEqual([`approved ${approved.id}`]);
  });
});
