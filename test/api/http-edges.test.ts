/**
 * The HTTP edge (REFERENCE.md §7.2, §7.8): malformed or mistyped bodies, body
 * size limits, unknown routes, wrong methods and unexpected errors all answer
 * with Problems, and no stack trace ever reaches a client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../simulator/logger.js';
import { createStore } from '../../simulator/store/lowdb-store.js';
import type { Store } from '../../simulator/store/store.js';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, problemError, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox | undefined;
afterEach(() => sb?.close());

async function sandbox() {
  sb = await createTestSandbox();
  return sb;
}

describe('request bodies', () => {
  it('answers 400 Problem for malformed JSON', async () => {
    const s = await sandbox();
    const token = await s.token();
    const res = await s.request('/v2/identity/identities', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: '{"ref_id": ' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^request body is not valid JSON/);
    expect(specError('CreateIdentity', res)).toBeUndefined();
  });

  it('answers 400 Problem for an empty JSON body', async () => {
    const s = await sandbox();
    const token = await s.token();
    const res = await s.request('/v2/identity/identities', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: '' });
    expect(res.status).toBe(400);
    expect(specError('CreateIdentity', res)).toBeUndefined();
  });

  it('reads a JSON body whatever the Content-Type says (curl --data sends form-urlencoded)', async () => {
    const s = await sandbox();
    const token = await s.token();
    for (const [i, type] of ['text/plain', 'application/x-www-form-urlencoded', undefined].entries()) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      const res = await s.request('/v2/identity/identities', { method: 'POST', token, headers, body: JSON.stringify(personBody(i + 1)) });
      expect(res.status, String(type)).toBe(200);
      expect(res.body).toMatchObject({ status: 'PENDING' });
    }
  });

  it('answers 400 Problem, saying so, for a body that is not JSON', async () => {
    const s = await sandbox();
    const token = await s.token();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json', undefined]) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      const res = await s.request('/v2/identity/identities', { method: 'POST', token, headers, body: 'ref_id=abc&x=1' });
      expect(res.status, String(type)).toBe(400);
      expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
      expect((res.body as { detail: string }).detail).toMatch(/^request body is not valid JSON/);
      expect(problemError(res)).toBeUndefined();
    }
  });

  it('accepts application/json with a charset parameter', async () => {
    const s = await sandbox();
    const token = await s.token();
    const res = await s.request('/v2/identity/identities', { method: 'POST', token, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(personBody(1)) });
    expect(res.status).toBe(200);
  });

  it('answers 413 Problem for a JSON body over 1 MB, declared or actual', async () => {
    const s = await sandbox();
    const token = await s.token();
    const big = JSON.stringify({ ...personBody(1), metadata: { blob: 'x'.repeat(1024 * 1024) } });
    const actual = await s.request('/v2/identity/identities', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: big });
    expect(actual.status).toBe(413);
    expect(problemError(actual)).toBeUndefined();
    const declared = await s.request('/v2/identity/identities/abc', {
      method: 'PUT',
      token,
      headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
      body: '{}',
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ title: 'Payload Too Large', status: 413 });
  });
});

describe('routing', () => {
  it('answers 404 Problem for unknown routes, inside and outside /v2', async () => {
    const s = await sandbox();
    const outside = await s.request('/nothing/here');
    expect(outside.status).toBe(404);
    expect(problemError(outside)).toBeUndefined();
    const inside = await s.api('GET', '/identity/nothing');
    expect(inside.status).toBe(404);
    expect(problemError(inside)).toBeUndefined();
  });

  it.each([
    ['DELETE', '/v2/identity/identities', 'GET, POST'],
    ['PATCH', '/v2/identity/identities/abc', 'GET, PUT'],
    ['GET', '/v2/identity/identities/abc/sandbox-status', 'PUT'],
    ['POST', '/v2/identity/identities/abc/documents', 'GET, PUT'],
    ['GET', '/v2/identity/institution-members', 'POST'],
    ['GET', '/v2/identity/institution-members/abc', 'DELETE'],
    ['POST', '/v2/events', 'GET'],
    ['DELETE', '/v2/events/abc', 'GET'],
    ['DELETE', '/v2/identity/accounts', 'GET, POST, PUT'],
    ['PUT', '/v2/identity/accounts/abc', 'GET'],
    ['GET', '/v2/identity/account-members', 'POST'],
    ['GET', '/v2/identity/account-members/abc', 'DELETE'],
    ['PUT', '/v2/identity/controls', 'GET, POST, DELETE'],
    ['DELETE', '/v2/profiles', 'GET, POST'],
    ['POST', '/v2/profiles/abc', 'GET, PUT'],
    ['POST', '/v2/profiles/abc/balances', 'GET'],
    ['PUT', '/v2/profiles/abc/balances/USD', 'GET'],
    ['GET', '/v2/profiles/abc/deactivate', 'PUT'],
    ['GET', '/v2/sandbox/profiles/abc/deposit', 'POST'],
  ])('answers 405 Problem with Allow for %s %s', async (method, path, allow) => {
    const s = await sandbox();
    const token = await s.token();
    const res = await s.request(path, { method, token });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Method Not Allowed', status: 405 });
    expect(problemError(res)).toBeUndefined();
  });
});

describe('unexpected errors', () => {
  it('answers 500 Problem without a stack and logs the error', async () => {
    const lines: string[] = [];
    const inner = await createStore({ storage: 'memory' });
    let broken = false;
    const store: Store = {
      ...inner,
      read: (fn) => {
        if (broken) throw new Error('disk on fire at /srv/secret/db.json');
        return inner.read(fn);
      },
    };
    const s = (sb = await createTestSandbox({ options: { store, logger: createLogger('error', (l) => lines.push(l)) } }));
    const token = await s.token();
    broken = true;
    for (const path of ['/v2/identity/identities', '/v2/identity/identities/abc', '/v2/events']) {
      const res = await s.request(path, { token });
      expect(res.status, path).toBe(500);
      expect(res.body).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'an unexpected error occurred' });
      expect(res.text).not.toMatch(/disk on fire|secret|\bat \w|\.ts:\d+/);
    }
    expect(lines.length).toBe(3);
    expect(lines[0]).toContain('disk on fire');
  });
});
