/**
 * Entities (Paxos: API keys belong to an entity, which owns identities,
 * ref_id/CIP uniqueness, events and webhooks): two keys of one entity share
 * everything; two entities are isolated over the API, the Events API, the
 * webhooks and the dashboard. Also the `entities` setting's errors and the
 * migration of a data file whose records are owned by clients.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, testConfig, type ClientConfig, type Config } from '../../simulator/config.js';
import { entityDirectory } from '../../simulator/domain/entities.js';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { startReceiver, type Receiver } from '../webhooks/support.js';

const SCOPES = ['identity:read_identity', 'identity:write_identity', 'events:read_event'];
const A1: ClientConfig = { client_id: 'alpha-key-1', client_secret: 's-a1', scopes: SCOPES };
const A2: ClientConfig = { client_id: 'alpha-key-2', client_secret: 's-a2', scopes: SCOPES };
const B1: ClientConfig = { client_id: 'beta-key-1', client_secret: 's-b1', scopes: SCOPES };
const ENTITIES = [
  { id: 'alpha', clients: [A1.client_id, A2.client_id] },
  { id: 'beta', clients: [B1.client_id] },
];

let receiver: Receiver;
const open: TestSandbox[] = [];
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  for (const sb of open.splice(0)) await sb.close();
  await receiver.close();
});

async function sandbox(config: Partial<Config> = {}) {
  const sb = await createTestSandbox({ config: { clients: [A1, A2, B1], entities: ENTITIES, ...config } });
  open.push(sb);
  const as = async (client: ClientConfig) => {
    const token = await sb.token(undefined, client);
    return <T = any>(method: string, path: string, json?: unknown) => sb.request<T>(`/v2${path}`, { method, json, token });
  };
  return { sb, a1: await as(A1), a2: await as(A2), b1: await as(B1) };
}

describe('entities: two keys of one entity', () => {
  it('see, update and list the same identities, and share ref_id and CIP uniqueness', async () => {
    const { a1, a2 } = await sandbox();
    const created = await a1('POST', '/identity/identities', personBody(1));
    expect(created.status).toBe(200);
    const id = created.body.id as string;

    expect((await a2('GET', `/identity/identities/${id}`)).status).toBe(200);
    expect((await a2('GET', '/identity/identities')).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const updated = await a2('PUT', `/identity/identities/${id}`, { metadata: { by: 'second key' } });
    expect(updated.status).toBe(200);
    expect((await a1('GET', `/identity/identities/${id}`)).body.metadata).toEqual({ by: 'second key' });

    // The same ref_id or the same CIP triple from the other key of the entity is a duplicate.
    const sameRef = await a2('POST', '/identity/identities', { ...personBody(2), ref_id: personBody(1).ref_id });
    expect(sameRef.status).toBe(409);
    expect(sameRef.body).toMatchObject({ detail: 'duplicate ref_id provided', meta: { existing: { id } } });
    const sameCip = await a2('POST', '/identity/identities', { ...personBody(3), person_details: { ...personBody(3).person_details, cip_id: personBody(1).person_details!.cip_id } });
    expect(sameCip.status).toBe(409);
    expect(sameCip.body.meta).toEqual({ existing: { id } });
  });

  it('see the events of identities the other key created', async () => {
    const { sb, a1, a2 } = await sandbox();
    const id = (await a1('POST', '/identity/identities', personBody(1))).body.id;
    await sb.sim.advance(sb.config.reviewDelayMs);
    const events = (await a2('GET', '/events')).body.events;
    expect(events.map((e: { type: string; object: { identity_id: string } }) => [e.type, e.object.identity_id])).toEqual([['identity.approved', id]]);
    expect((await a2('GET', `/events/${events[0].id}`)).status).toBe(200);
  });

  it('with no entities configured, every client belongs to one entity', async () => {
    const { a1, b1 } = await sandbox({ entities: undefined });
    const id = (await a1('POST', '/identity/identities', personBody(1))).body.id;
    expect((await b1('GET', `/identity/identities/${id}`)).status).toBe(200);
    expect((await b1('POST', '/identity/identities', personBody(1))).status).toBe(409);
  });
});

describe('entities: two entities', () => {
  it('answer 404 for the other entity\'s identity, documents, members and events, and list nothing of it', async () => {
    const { sb, a1, b1 } = await sandbox();
    const id = (await a1('POST', '/identity/identities', personBody(1))).body.id;
    await sb.sim.advance(sb.config.reviewDelayMs);
    const eventId = (await a1('GET', '/events')).body.events[0].id;

    expect((await b1('GET', `/identity/identities/${id}`)).status).toBe(404);
    expect((await b1('PUT', `/identity/identities/${id}`, { metadata: { x: 'y' } })).status).toBe(404);
    expect((await b1('PUT', `/identity/identities/${id}/sandbox-status`, { sanctions_verification_status: 'DENIED' })).status).toBe(404);
    expect((await b1('GET', `/identity/identities/${id}/documents`)).status).toBe(404);
    expect((await b1('GET', `/events/${eventId}`)).status).toBe(404);
    expect((await b1('GET', '/identity/identities')).body.items).toEqual([]);
    expect((await b1('GET', '/events')).body.events).toEqual([]);
    expect((await a1('GET', `/identity/identities/${id}`)).body.status).toBe('APPROVED');
  });

  it('keep ref_id and CIP uniqueness apart: the same values in another entity are a new identity', async () => {
    const { a1, b1 } = await sandbox();
    const first = (await a1('POST', '/identity/identities', personBody(1))).body.id;
    const again = await b1('POST', '/identity/identities', personBody(1));
    expect(again.status).toBe(200);
    expect(again.body.id).not.toBe(first);
  });

  it('deliver webhooks only to the owning entity\'s consumers (config consumers by entity_id or client_id)', async () => {
    const { sb, a1, b1 } = await sandbox({
      webhooks: {
        ...testConfig().webhooks,
        consumers: [
          { name: 'alpha-hooks', url: `${receiver.url}/alpha`, entity_id: 'alpha' },
          { name: 'beta-hooks', url: `${receiver.url}/beta`, client_id: B1.client_id },
        ],
      },
    });
    const alphaId = (await a1('POST', '/identity/identities', personBody(1))).body.id;
    const betaId = (await b1('POST', '/identity/identities', personBody(2))).body.id;
    await sb.sim.advance(sb.config.reviewDelayMs);
    await sb.sim.drain();

    const idsAt = async (path: string, call: typeof a1) => {
      const out: string[] = [];
      for (const r of receiver.to(path)) out.push((await call('GET', `/events/${JSON.parse(r.body).id}`)).body.object.identity_id);
      return out;
    };
    expect(await idsAt('/alpha', a1)).toEqual([alphaId]);
    expect(await idsAt('/beta', b1)).toEqual([betaId]);
    const consumers = (await sb.request('/_sim/webhooks/consumers')).body.consumers;
    expect(consumers.map((c: { name: string; entity_id: string }) => [c.name, c.entity_id]).sort()).toEqual([['alpha-hooks', 'alpha'], ['beta-hooks', 'beta']]);
  });

  it('control API: consumers and test events belong to the entity named, or the first one', async () => {
    const { sb, b1 } = await sandbox();
    const post = (path: string, json: unknown) => sb.request(`/_sim/webhooks${path}`, { method: 'POST', json });
    const beta = await post('/consumers', { name: 'beta', url: `${receiver.url}/beta`, entity_id: 'beta' });
    expect(beta.status).toBe(201);
    expect(beta.body.entity_id).toBe('beta');
    expect((await post('/consumers', { name: 'first', url: `${receiver.url}/first` })).body.entity_id).toBe('alpha');
    const byClient = await post('/consumers', { name: 'by-client', url: `${receiver.url}/c`, client_id: B1.client_id });
    expect(byClient.body.entity_id).toBe('beta');

    const unknown = await post('/consumers', { url: `${receiver.url}/x`, entity_id: 'gamma' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toBe('entity_id "gamma" is not a configured entity (alpha, beta)');
    const mismatch = await post('/consumers', { url: `${receiver.url}/x`, entity_id: 'alpha', client_id: B1.client_id });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.detail).toBe('client_id "beta-key-1" does not belong to entity "alpha"');
    const unknownClient = await post('/consumers', { url: `${receiver.url}/x`, client_id: 'nobody' });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.body.detail).toBe('client_id "nobody" is not a configured client');

    const test = await post('/test', { type: 'identity.approved', entity_id: 'beta' });
    expect(test.status).toBe(201);
    // beta's two consumers, not the first entity's
    expect(test.body.deliveries.map((d: { consumer_id: string }) => d.consumer_id).sort()).toEqual([beta.body.id, byClient.body.id].sort());
    expect((await b1('GET', `/events/${test.body.event.id}?is_test=true`)).status).toBe(200);
    expect((await post('/test', { type: 'identity.approved', entity_id: 7 })).body.detail).toBe('entity_id must be a non-empty string');
  });

  it('dashboard: rows carry their entity and filter by entity or by a client\'s entity', async () => {
    const { sb, a1, a2, b1 } = await sandbox();
    const alphaId = (await a1('POST', '/identity/identities', personBody(1))).body.id;
    const alphaId2 = (await a2('POST', '/identity/identities', personBody(2))).body.id;
    const betaId = (await b1('POST', '/identity/identities', personBody(3))).body.id;
    const rows = async (q: string) => (await sb.request(`/_sim/api/identities${q}`)).body;
    const all = await rows('');
    expect(all.entities).toEqual(['alpha', 'beta']);
    expect(all.identities.map((r: { id: string; entity_id: string; client_id: string }) => [r.id, r.entity_id, r.client_id])).toEqual([
      [betaId, 'beta', B1.client_id],
      [alphaId2, 'alpha', A2.client_id],
      [alphaId, 'alpha', A1.client_id],
    ]);
    expect((await rows('?entity_id=beta')).identities.map((r: { id: string }) => r.id)).toEqual([betaId]);
    expect((await rows(`?client_id=${A2.client_id}`)).identities.map((r: { id: string }) => r.id)).toEqual([alphaId2, alphaId]);
    const meta = (await sb.request('/_sim/api/meta')).body;
    expect(meta.entities).toEqual([
      { id: 'alpha', clients: [A1.client_id, A2.client_id] },
      { id: 'beta', clients: [B1.client_id] },
    ]);
    expect((await sb.request(`/_sim/api/identities/${betaId}`)).body).toMatchObject({ entity_id: 'beta', client_id: B1.client_id });
  });
});

describe('entities: configuration', () => {
  const withFile = (text: string) => loadConfig({ argv: ['--config', 'c.yaml'], readFile: () => text });
  const clients = 'clients:\n  - {client_id: a, client_secret: s}\n  - {client_id: b, client_secret: t}\n';

  it('reads entities from the config file', () => {
    const config = withFile(`${clients}entities:\n  - {id: one, clients: [a]}\n  - {id: two, clients: [b]}\n`);
    expect(config.entities).toEqual([{ id: 'one', clients: ['a'] }, { id: 'two', clients: ['b'] }]);
    const dir = entityDirectory(config.entities, ['a', 'b']);
    expect([dir.of('a'), dir.of('b'), dir.defaultId]).toEqual(['one', 'two', 'one']);
    expect(withFile(clients).entities).toBeUndefined();
    expect(entityDirectory(undefined, ['a', 'b']).of('b')).toBe('default');
  });

  it.each([
    ['not a list', 'entities: {id: one}\n', 'entities must be a non-empty list'],
    ['an entity without an id', 'entities: [{clients: [a, b]}]\n', 'entities[0].id must be a non-empty string'],
    ['an id listed twice', 'entities: [{id: one, clients: [a]}, {id: one, clients: [b]}]\n', 'entities[1].id "one" is listed twice'],
    ['an empty client list', 'entities: [{id: one, clients: []}, {id: two, clients: [a, b]}]\n', 'entities[0].clients must be a non-empty list of client_id values'],
    ['an unknown client', 'entities: [{id: one, clients: [a, b, c]}]\n', 'entities[0].clients: "c" is not a configured client (clients[].client_id)'],
    ['a client in two entities', 'entities: [{id: one, clients: [a, b]}, {id: two, clients: [b]}]\n', 'entities[1].clients: "b" already belongs to entity "one"'],
    ['a client in no entity', 'entities: [{id: one, clients: [a]}]\n', 'client "b" belongs to no entity; list it under entities[].clients'],
    ['an unknown field', 'entities: [{id: one, clients: [a, b], name: x}]\n', 'entities[0].name is not a known entity field (id, clients)'],
    ['a consumer of an unknown entity', 'entities: [{id: one, clients: [a, b]}]\nwebhooks: {consumers: [{url: "http://127.0.0.1:9/x", entity_id: two}]}\n', 'webhooks.consumers[0].entity_id "two" is not a configured entity (one)'],
  ])('refuses %s', (_name, extra, message) => {
    expect(() => withFile(clients + extra)).toThrow(ConfigError);
    expect(() => withFile(clients + extra)).toThrow(message);
  });
});

describe('entities: tokens kept in the data file', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'paxos-sim-tokens-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answer 401 once their client is no longer configured', async () => {
    const data = join(dir, 'db.json');
    const first = await sandbox({ storage: 'file', data });
    const token = await first.sb.token(undefined, B1);
    expect((await first.sb.request('/v2/identity/identities', { token })).status).toBe(200);
    await first.sb.close();
    open.splice(0);
    const second = await createTestSandbox({ config: { clients: [A1, A2], entities: undefined, storage: 'file', data } });
    const res = await second.request('/v2/identity/identities', { token });
    await second.close();
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, detail: 'invalid or expired token' });
  });
});

describe('entities: a data file whose records are owned by clients', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'paxos-sim-entities-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens, and each record belongs to its client\'s entity', async () => {
    const data = join(dir, 'db.json');
    // Phase 1: write through the API, then take every entity field out, as the previous version wrote the file.
    const first = await sandbox({ storage: 'file', data, entities: [{ id: 'alpha', clients: [A1.client_id, A2.client_id, B1.client_id] }] });
    const id = (await first.a1('POST', '/identity/identities', personBody(1))).body.id;
    await first.sb.sim.advance(first.sb.config.reviewDelayMs);
    await first.sb.close();
    open.splice(0);
    const db = JSON.parse(readFileSync(data, 'utf8'));
    for (const r of Object.values<any>(db.identities)) delete r._sim.entity_id, delete r._sim.announced, delete r._sim.ever_approved, delete r._sim.decision_pending;
    for (const e of Object.values<any>(db.events)) delete e._sim.entity_id;
    writeFileSync(data, JSON.stringify(db));

    // Phase 2: A1 and A2 form one entity, B1 another; A1's identity is alpha's.
    const second = await sandbox({ storage: 'file', data });
    expect((await second.a2('GET', `/identity/identities/${id}`)).body.status).toBe('APPROVED');
    // the list (read through the per-entity "created" index) finds it under its entity, and only there
    expect((await second.a2('GET', '/identity/identities')).body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await second.b1('GET', '/identity/identities')).body.items).toEqual([]);
    expect((await second.a2('GET', '/events')).body.events.map((e: { type: string }) => e.type)).toEqual(['identity.approved']);
    expect((await second.b1('GET', `/identity/identities/${id}`)).status).toBe(404);
    expect((await second.b1('POST', '/identity/identities', personBody(1))).status).toBe(200);
    // The approval it already announced is not announced again after a disable and re-enable
    // (the user disable is a SELL_ONLY control, announced as it is set and lifted).
    await second.a1('PUT', `/identity/identities/${id}`, { set_user_disabled: true });
    await second.a1('PUT', `/identity/identities/${id}`, { set_user_disabled: false });
    expect((await second.a1('GET', '/events')).body.events.map((e: { type: string }) => e.type)).toEqual([
      'identity.approved',
      'identity.control.created',
      'identity.disabled',
      'identity.control.deleted',
    ]);
    await second.sb.close();
    open.splice(0);
    const stored = JSON.parse(readFileSync(data, 'utf8'));
    expect(stored.identities[id]._sim).toMatchObject({ client_id: A1.client_id, entity_id: 'alpha', announced: 'APPROVED', ever_approved: true });
  });

  it('the previous version\'s data file (test/unit/store/fixtures/db-0.1.0.json) opens: shape check, migration, list and get', async () => {
    const data = join(dir, 'db.json');
    copyFileSync(join(import.meta.dirname, '../unit/store/fixtures/db-0.1.0.json'), data);
    const original = JSON.parse(readFileSync(data, 'utf8')) as { identities: Record<string, { id: string; _sim: { seq: number } }>; members: Record<string, unknown> };
    const sb = await createTestSandbox({ config: { entities: undefined, storage: 'file', data } });
    const token = await sb.token(['identity:read_identity']);
    const oldestFirst = Object.values(original.identities).sort((a, b) => a._sim.seq - b._sim.seq).map((r) => r.id);
    const listed = await sb.request<{ items: Array<{ id: string }> }>('/v2/identity/identities?order=ASC', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r) => r.id)).toEqual(oldestFirst);
    expect((await sb.request(`/v2/identity/identities/${oldestFirst[0]}`, { token })).status).toBe(200);
    await sb.close();
    const stored = JSON.parse(readFileSync(data, 'utf8'));
    expect(Object.values<{ _sim: { entity_id: string } }>(stored.identities).map((r) => r._sim.entity_id)).toEqual(Array(5).fill('default'));
    expect(Object.values<{ entity_id: string }>(stored.members).map((m) => m.entity_id)).toEqual(Array(Object.keys(original.members).length).fill('default'));
  });
});
