/**
 * Bearer authentication and scopes on /v2 (REFERENCE.md §1.5, §2.1): 401 for
 * missing, malformed or unknown tokens, 403 in Paxos's exact wording for a
 * missing scope, and another entity's records answer exactly like unknown ids.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody, trustBody } from '../support/bodies.js';
import { createTestSandbox, EVENTS_ONLY_CLIENT, OTHER_CLIENT, READ_ONLY_CLIENT, specError, WRITE_ONLY_CLIENT, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

const ID = '00000000-0000-4000-8000-000000000001';
interface Op {
  operationId: string;
  method: string;
  path: string;
  json?: unknown;
  scope: string;
}
const OPERATIONS: Op[] = [
  { operationId: 'ListIdentities', method: 'GET', path: '/identity/identities', scope: 'identity:read_identity' },
  { operationId: 'CreateIdentity', method: 'POST', path: '/identity/identities', json: personBody(1), scope: 'identity:write_identity' },
  { operationId: 'GetIdentity', method: 'GET', path: `/identity/identities/${ID}`, scope: 'identity:read_identity' },
  { operationId: 'UpdateIdentity', method: 'PUT', path: `/identity/identities/${ID}`, json: { metadata: { a: 'b' } }, scope: 'identity:write_identity' },
  { operationId: 'SandboxSetIdentityStatus', method: 'PUT', path: `/identity/identities/${ID}/sandbox-status`, json: {}, scope: 'identity:write_identity' },
  { operationId: 'ListIdentityDocuments', method: 'GET', path: `/identity/identities/${ID}/documents`, scope: 'identity:read_identity' },
  { operationId: 'DocumentUpload', method: 'PUT', path: `/identity/identities/${ID}/documents`, json: { name: 'a.pdf' }, scope: 'identity:write_identity' },
  { operationId: 'AddInstitutionMembers', method: 'POST', path: '/identity/institution-members', json: { institution_id: ID, members: [{ identity_id: ID, roles: ['TRUSTEE'] }] }, scope: 'identity:write_identity' },
  { operationId: 'DeleteInstitutionMember', method: 'DELETE', path: `/identity/institution-members/${ID}`, scope: 'identity:write_identity' },
  { operationId: 'ListEvents', method: 'GET', path: '/events', scope: 'events:read_event' },
  { operationId: 'GetEvent', method: 'GET', path: `/events/${ID}`, scope: 'events:read_event' },
];

describe('bearer authentication', () => {
  it('answers 401 "no authorization header set" without an Authorization header', async () => {
    for (const op of OPERATIONS) {
      const res = await sb.request(`/v2${op.path}`, { method: op.method, json: op.json });
      expect(res.status, op.operationId).toBe(401);
      expect(res.body).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'no authorization header set' });
      expect(specError(op.operationId, res), op.operationId).toBeUndefined();
    }
  });

  it('answers 401 for a header that is not "Bearer <token>"', async () => {
    for (const header of ['Basic abc', 'Bearer', 'Bearer a b', 'token']) {
      const res = await sb.request('/v2/identity/identities', { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
      expect(specError('ListIdentities', res)).toBeUndefined();
    }
  });

  it('answers 401 "invalid or expired token" for an unknown token', async () => {
    const res = await sb.request('/v2/identity/identities', { token: 'not-a-real-token' });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('invalid or expired token');
    expect(specError('ListIdentities', res)).toBeUndefined();
  });
});

describe('scopes', () => {
  it('answers 403 naming the found and required scopes for every operation', async () => {
    const tokens = {
      'identity:read_identity': await sb.token(undefined, WRITE_ONLY_CLIENT),
      'identity:write_identity': await sb.token(undefined, READ_ONLY_CLIENT),
      'events:read_event': await sb.token(undefined, WRITE_ONLY_CLIENT),
    } as Record<string, string>;
    const found = { 'identity:read_identity': 'identity:write_identity', 'identity:write_identity': 'identity:read_identity', 'events:read_event': 'identity:write_identity' } as Record<string, string>;
    for (const op of OPERATIONS) {
      const res = await sb.request(`/v2${op.path}`, { method: op.method, json: op.json, token: tokens[op.scope] });
      expect(res.status, op.operationId).toBe(403);
      expect(res.body).toEqual({
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: `insufficient scopes: found '${found[op.scope]}', required one of '[${op.scope}]'`,
      });
      expect(specError(op.operationId, res), op.operationId).toBeUndefined();
    }
  });

  it('lists several granted scopes separated by spaces in the 403 detail', async () => {
    const token = await sb.token(['identity:read_identity', 'identity:write_identity']);
    const res = await sb.request('/v2/events', { token });
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe("insufficient scopes: found 'identity:read_identity identity:write_identity', required one of '[events:read_event]'");
  });

  it('lets a token narrowed at issue time use only its own scopes', async () => {
    const token = await sb.token(['events:read_event']);
    expect((await sb.request('/v2/events', { token })).status).toBe(200);
    expect((await sb.request('/v2/identity/identities', { token })).status).toBe(403);
    const eventsOnly = await sb.token(undefined, EVENTS_ONLY_CLIENT);
    expect((await sb.request('/v2/events', { token: eventsOnly })).status).toBe(200);
  });
});

describe('client isolation', () => {
  it("answers another entity's identity, documents, members and events with the same 404 as unknown ids", async () => {
    // Phase 1: the default client owns a person, an institution with a member, a document and an event.
    const person = (await sb.api('POST', '/identity/identities', personBody(1))).body;
    const trust = (await sb.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person.id, roles: ['TRUSTEE'] }]))).body;
    const memberId = trust.institution_members[0].id;
    expect((await sb.api('PUT', `/identity/identities/${person.id}/documents`, { name: 'a.pdf' })).status).toBe(200);
    await sb.sim.advance(5_000);
    const events = (await sb.api('GET', '/events')).body.events;
    expect(events.length).toBeGreaterThan(0);

    // Phase 2: the other entity's client sees none of it.
    const other = await sb.token(undefined, OTHER_CLIENT);
    const as = (method: string, path: string, json?: unknown) => sb.request(`/v2${path}`, { method, json, token: other });
    const get = await as('GET', `/identity/identities/${person.id}`);
    expect(get.status).toBe(404);
    expect(get.body.detail).toBe(`Identity with id ${person.id} doesn't exist`);
    expect(specError('GetIdentity', get)).toBeUndefined();
    expect((await as('PUT', `/identity/identities/${person.id}`, { metadata: { x: 'y' } })).status).toBe(404);
    expect((await as('PUT', `/identity/identities/${person.id}/sandbox-status`, { sanctions_verification_status: 'APPROVED' })).status).toBe(404);
    const docs = await as('GET', `/identity/identities/${person.id}/documents`);
    expect(docs.status).toBe(404);
    expect(docs.body.detail).toBe(`Identity with id ${person.id} doesn't exist`);
    expect((await as('PUT', `/identity/identities/${person.id}/documents`, { name: 'b.pdf' })).status).toBe(404);
    expect((await as('POST', '/identity/institution-members', { institution_id: trust.id, members: [{ identity_id: person.id, roles: ['GRANTOR'] }] })).status).toBe(404);
    expect((await as('DELETE', `/identity/institution-members/${memberId}`)).status).toBe(404);
    const event = await as('GET', `/events/${events[0].id}`);
    expect(event.status).toBe(404);
    expect(event.body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect((await as('GET', '/events')).body.events).toEqual([]);
    expect((await as('GET', '/identity/identities')).body.items).toEqual([]);

    // Phase 3: and nothing changed for the owner.
    const mine = await sb.api('GET', `/identity/identities/${trust.id}?include_institution_members=true`);
    expect(mine.body.institution_members).toHaveLength(1);
  });
});
