/**
 * Issue 3 end to end: the simulator on a real port, the typed client, and a
 * real webhook receiver on another port. The clock is frozen and moved through
 * the control API (then due deliveries are drained), so nothing sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../simulator/clock.js';
import { testConfig } from '../../simulator/config.js';
import { startServer, type RunningServer } from '../../simulator/server.js';
import { createPaxosClient, unwrap, type PaxosClient } from '../../src/index.js';
import type { IdentitySummaryStatusChange, IdentityDocumentsRequired, WebhookEventNotification } from '../../src/types.js';
import { personBody } from '../decisions/support.js';
import { startCli } from '../support/cli-process.js';
import { T0 } from '../support/time.js';
import { startReceiver, type Receiver } from '../webhooks/support.js';

const API_KEY = { header: 'X-Paxos-Key', value: 'e2e-secret' };

let receiver: Receiver;
let sim: RunningServer;
let paxos: PaxosClient;

async function control(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
  return res.json();
}

/** Move the simulator clock and deliver whatever fell due. */
async function advance(duration: string): Promise<void> {
  await control('/clock/advance', { duration });
  await control('/webhooks/drain', {});
}

const notifications = (path: string) => receiver.to(path).map((r) => JSON.parse(r.body) as WebhookEventNotification);
const forIdentity = async (path: string, identityId: string, type: string) => {
  const out = [];
  for (const n of notifications(path).filter((x) => x.type === type)) {
    const event = unwrap(await paxos.getEvent(n.id));
    if ((event.object as { identity_id?: string }).identity_id === identityId) out.push({ n, event });
  }
  return out;
};

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.on('/oauth/token', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'consumer-token-1', token_type: 'bearer', expires_in: 3600 }));
  });
  sim = await startServer({ config: { ...testConfig(), port: 0 }, clock: createClock({ initial: { frozen: true, frozenAtMs: T0, offsetMs: 0 } }) });
  paxos = createPaxosClient({ baseUrl: sim.baseUrl, tokenUrl: sim.tokenUrl, clientId: 'paxos-sim-client', clientSecret: 'paxos-sim-secret', now: () => sim.clock.nowMs() });
  await control('/webhooks/consumers', { name: 'api-key', url: `${receiver.url}/hooks`, auth: { type: 'api_key', ...API_KEY } });
  await control('/webhooks/consumers', {
    name: 'oauth',
    url: `${receiver.url}/oauth-hooks`,
    event_types: ['identity.approved'],
    auth: { type: 'oauth', token_url: `${receiver.url}/oauth/token`, client_id: 'hooks client', client_secret: 's3cr&t' },
  });
});

afterAll(async () => {
  await sim?.stop();
  await receiver?.close();
});

describe('webhooks end to end', () => {
  it('delivers identity.approved with the API-key header after the review delay, and Get Event returns its object', async () => {
    const created = unwrap(await paxos.createIdentity(personBody({ ref_id: 'e2e-approved' })));
    await advance('1s');
    expect(await forIdentity('/hooks', created.id, 'identity.approved')).toHaveLength(0);
    await advance('1s');
    const [hit] = await forIdentity('/hooks', created.id, 'identity.approved');
    expect(hit.n).toMatchObject({ source: 'com.paxos', object: 'event', is_test: false, time: hit.event.created_at });
    const request = receiver.to('/hooks').find((r) => JSON.parse(r.body).id === hit.n.id)!;
    expect(request.headers['x-paxos-key']).toBe(API_KEY.value);
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    const object = hit.event.object as IdentitySummaryStatusChange;
    expect(hit.event.object_type).toBe('identity_summary_status_change');
    expect(object).toMatchObject({ identity_id: created.id, old_summary_status: 'PENDING', new_summary_status: 'APPROVED' });
  });

  it('authenticates to an OAuth consumer with client credentials (Basic and body) and a bearer token', async () => {
    const created = unwrap(await paxos.createIdentity(personBody({ ref_id: 'e2e-oauth' })));
    await advance('2s');
    const [hit] = await forIdentity('/oauth-hooks', created.id, 'identity.approved');
    expect(hit).toBeDefined();
    const delivery = receiver.to('/oauth-hooks').find((r) => JSON.parse(r.body).id === hit.n.id)!;
    expect(delivery.headers.authorization).toBe('Bearer consumer-token-1');
    const tokenRequest = receiver.to('/oauth/token')[0];
    expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from('hooks+client:s3cr%26t').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body))).toMatchObject({ grant_type: 'client_credentials', client_id: 'hooks client', client_secret: 's3cr&t' });
  });

  for (const then of ['approved', 'denied'] as const) {
    it(`runs the EDD flow: documents required, uploads, then identity.${then}`, async () => {
      const created = unwrap(await paxos.createIdentity(personBody({ ref_id: `sim_edd_${then === 'approved' ? 'approve' : 'deny'}_e2e` })));
      await advance('2s');
      const [required] = await forIdentity('/hooks', created.id, 'identity.documents_required');
      const documents = (required.event.object as IdentityDocumentsRequired).required_documents;
      expect(documents.length).toBeGreaterThan(0);
      expect(unwrap(await paxos.getIdentity(created.id)).status).toBe('PENDING');
      for (const type of documents) {
        unwrap(await paxos.uploadDocument(created.id, { name: `${type}.pdf`, document_types: [type], content: new Uint8Array([37, 80, 68, 70]), contentType: 'application/pdf' }));
      }
      expect(unwrap(await paxos.getIdentity(created.id)).status).toBe('PENDING'); // the EDD review takes edd_review_delay (2s)
      await advance('2s');
      expect(await forIdentity('/hooks', created.id, `identity.${then}`)).toHaveLength(1);
      expect(unwrap(await paxos.getIdentity(created.id)).status).toBe(then.toUpperCase());
    });
  }

  it('denies a sanctions hit and says so in the sub-status', async () => {
    const created = unwrap(await paxos.createIdentity(personBody({ ref_id: 'sim_deny_sanctions_e2e' })));
    await advance('2s');
    expect(await forIdentity('/hooks', created.id, 'identity.denied')).toHaveLength(1);
    const identity = unwrap(await paxos.getIdentity(created.id, { include_details: true }));
    expect(identity.status).toBe('DENIED');
    expect(identity.person_details?.sanctions_verification_status).toBe('DENIED');
  });

  it('keeps a manual review PENDING, explained in status_details, with no decision webhook', async () => {
    const created = unwrap(await paxos.createIdentity(personBody({ ref_id: 'sim_review_e2e' })));
    await advance('1h');
    const identity = unwrap(await paxos.getIdentity(created.id));
    expect(identity.status).toBe('PENDING');
    expect(identity.status_details?.requirements).toContainEqual(
      expect.objectContaining({ type: 'COMPLIANCE_CHECK', status: 'PENDING', awaiting_action_from: 'PAXOS', errors: [expect.objectContaining({ code: 'compliance_review_required', description: expect.stringMatching(/manual/i) })] }),
    );
    expect(await forIdentity('/hooks', created.id, 'identity.approved')).toHaveLength(0);
    expect(await forIdentity('/hooks', created.id, 'identity.denied')).toHaveLength(0);
  });

  it('sends identity.disabled on disable, and no second identity.approved on re-enable', async () => {
    const created = unwrap(await paxos.createIdentity(personBody({ ref_id: 'e2e-disable' })));
    await advance('2s');
    unwrap(await paxos.updateIdentity(created.id, { set_user_disabled: true }));
    await advance('1s');
    expect(await forIdentity('/hooks', created.id, 'identity.disabled')).toHaveLength(1);
    unwrap(await paxos.updateIdentity(created.id, { set_user_disabled: false }));
    await advance('1s');
    expect(unwrap(await paxos.getIdentity(created.id)).status).toBe('APPROVED');
    const approvals = await forIdentity('/hooks', created.id, 'identity.approved');
    expect(approvals.map((a) => (a.event.object as IdentitySummaryStatusChange).old_summary_status)).toEqual(['PENDING']);
  });

  it('retries a consumer that fails three times, then records one success', async () => {
    let calls = 0;
    receiver.on('/flaky', (_req, res) => void res.writeHead(++calls <= 3 ? 500 : 200).end());
    const consumer = await control('/webhooks/consumers', { name: 'flaky', url: `${receiver.url}/flaky`, event_types: ['identity.denied'] });
    const created = unwrap(await paxos.createIdentity(personBody({ ref_id: 'sim_deny_idv_e2e' })));
    await advance('2s');
    for (let i = 0; i < 3; i++) await advance('2m');
    const [hit] = await forIdentity('/flaky', created.id, 'identity.denied');
    const sameEvent = receiver.to('/flaky').filter((r) => JSON.parse(r.body).id === hit.n.id);
    expect(sameEvent).toHaveLength(4);
    const { deliveries } = await control(`/webhooks/deliveries?event_id=${hit.n.id}&consumer_id=${consumer.id ?? consumer.consumer?.id}`);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].status).toBe('succeeded');
    expect(deliveries[0].attempts.map((a: { status_code: number }) => a.status_code)).toEqual([500, 500, 500, 200]);
    expect(unwrap(await paxos.getEvent(hit.n.id)).undelivered_webhooks).toBe(0);
  });
});

describe('a simulator killed with undelivered webhooks', () => {
  it('delivers them after a restart on the same data file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-kill-'));
    const hooks = await startReceiver();
    let accept = false;
    hooks.on('/hooks', (_req, res) => void res.writeHead(accept ? 200 : 503).end());
    const args = ['--data', join(dir, 'db.json'), '--frozen', '--log-level', 'error', '--webhook-url', `${hooks.url}/hooks`];
    try {
      const first = await startCli(args);
      const client = createPaxosClient({ baseUrl: `${first.url}/v2`, tokenUrl: `${first.url}/oauth2/token`, clientId: 'paxos-sim-client', clientSecret: 'paxos-sim-secret', retry: { retries: 0 } });
      const created = unwrap(await client.createIdentity(personBody({ ref_id: 'e2e-killed' })));
      await fetch(`${first.url}/_sim/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"duration":"2s"}' });
      await fetch(`${first.url}/_sim/webhooks/drain`, { method: 'POST' });
      expect(hooks.to('/hooks').length).toBeGreaterThan(0); // tried, answered 503
      await first.stop('SIGKILL');

      accept = true;
      const second = await startCli(args);
      try {
        await fetch(`${second.url}/_sim/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"duration":"1m"}' });
        // the restarted dispatcher may already have sent it when the clock moved; drain waits for anything left
        await fetch(`${second.url}/_sim/webhooks/drain`, { method: 'POST' });
        const approved = hooks.to('/hooks').map((r) => JSON.parse(r.body) as WebhookEventNotification).filter((n) => n.type === 'identity.approved');
        expect(new Set(approved.map((n) => n.id)).size).toBe(1);
        const { deliveries } = await (await fetch(`${second.url}/_sim/webhooks/deliveries?event_id=${approved[0].id}`)).json();
        expect(deliveries[0].status).toBe('succeeded');
        expect(deliveries[0].attempts.at(-1).status_code).toBe(200);
        const again = createPaxosClient({ baseUrl: `${second.url}/v2`, tokenUrl: `${second.url}/oauth2/token`, clientId: 'paxos-sim-client', clientSecret: 'paxos-sim-secret' });
        expect(unwrap(await again.getIdentity(created.id)).status).toBe('APPROVED');
      } finally {
        await second.stop();
      }
    } finally {
      await hooks.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
