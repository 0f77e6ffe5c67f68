/**
 * The fast read path: tokens parsed once are still refused once they are gone
 * (reset) or expired, and GET/List answer JSON serialised straight from the store.
 */
import { Faker, en, en_US } from '@faker-js/faker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPerson } from '../../fixtures/factories/index.js';
import { createTestSandbox, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb.close());

describe('bearer tokens on the read path', () => {
  it('refuses a token that was used before and then removed by a reset', async () => {
    const token = await sb.token();
    expect((await sb.request('/v2/identity/identities', { token })).status).toBe(200);
    await sb.sim.reset();
    const after = await sb.request('/v2/identity/identities', { token });
    expect(after.status).toBe(401);
    expect(after.body.detail).toBe('invalid or expired token');
  });

  it('refuses a token that was used before and has since expired', async () => {
    const token = await sb.token();
    expect((await sb.request('/v2/identity/identities', { token })).status).toBe(200);
    await sb.sim.advance(sb.config.tokenTtlSeconds * 1000 + 1);
    expect((await sb.request('/v2/identity/identities', { token })).status).toBe(401);
  });
});

describe('GET answers straight from the store', () => {
  it('sends application/json with the presented identity (no simulator-only fields)', async () => {
    const faker = new Faker({ locale: [en_US, en], seed: 3 });
    const created = await sb.api('POST', '/identity/identities', buildPerson(faker, { ref_id: 'read-path' }));
    const got = await sb.api('GET', `/identity/identities/${created.body.id}?include_details=true`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^application\/json/);
    expect(got.body).toMatchObject({ id: created.body.id, ref_id: 'read-path' });
    expect(got.body.person_details).toMatchObject({ cip_id_type: expect.any(String), id_verification_status: expect.any(String) });
    expect(got.body).not.toHaveProperty('_sim');
    const list = await sb.api('GET', '/identity/identities');
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect(list.body.items[0]).not.toHaveProperty('_sim');
  });
});
