/**
 * Incomplete creates (issue 9): a well-formed create lacking Required Details
 * answers 200 PENDING naming each missing field in status_details (awaiting
 * CLIENT); no decision is made until an update supplies them; then the usual
 * decision and events follow. Strict mode answers 400 instead. Also: a Paxos
 * path the simulator does not serve answers 404 "not simulated".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

/** personBody(1) as Paxos's API-reference example sends it: no CDD block, no passthrough id/status/fields, metadata inside person_details. */
function referenceStyleBody() {
  const body = personBody(1) as any;
  delete body.customer_due_diligence;
  delete body.person_details.passthrough_verification_id;
  delete body.person_details.passthrough_verification_status;
  delete body.person_details.passthrough_verification_fields;
  body.person_details.metadata = { custom_property1: 'custom value 1' };
  return body;
}

const eventTypes = async (id: string) =>
  ((await sb.api('GET', '/events?limit=100')).body.events as Array<{ type: string; object: { identity_id?: string } }>)
    .filter((e) => e.object?.identity_id === id)
    .map((e) => e.type);

describe('incomplete creates', () => {
  it('answers 200 PENDING naming every missing field, awaiting the CLIENT, and makes no decision meanwhile', async () => {
    const res = await sb.api('POST', '/identity/identities', referenceStyleBody());
    expect(res.status).toBe(200);
    expect(specError('CreateIdentity', res)).toBeUndefined();
    expect(res.body.status).toBe('PENDING');
    const client = res.body.status_details.requirements.filter((r: any) => r.awaiting_action_from === 'CLIENT');
    expect(client.map((r: any) => r.type).sort()).toEqual(['COMPLIANCE_CHECK', 'ID_VERIFICATION']);
    const codes = client.flatMap((r: any) => r.errors.map((e: any) => e.code));
    expect(new Set(codes)).toEqual(new Set(['identity_verification_required', 'compliance_review_required']));
    const text = client.flatMap((r: any) => r.errors.map((e: any) => e.description)).join('\n');
    for (const field of ['passthrough_verification_id', 'passthrough_verification_status', 'passthrough_verification_fields']) expect(text).toContain(`person_details.${field} is required`);
    for (const field of ['estimated_yearly_income', 'expected_transfer_value', 'source_of_wealth', 'employment_status', 'employment_industry_sector']) {
      expect(text).toContain(`customer_due_diligence.${field} is required`);
    }
    await sb.sim.advance(60_000);
    const later = await sb.api('GET', `/identity/identities/${res.body.id}`);
    expect(later.body.status).toBe('PENDING');
    expect(await eventTypes(res.body.id)).toEqual([]);
  });

  it('proceeds to the onboarding decision, with identity.approved, once an update supplies the missing fields', async () => {
    const id = (await sb.api('POST', '/identity/identities', referenceStyleBody())).body.id;
    const full = personBody(1) as any;
    const partly = await sb.api('PUT', `/identity/identities/${id}`, { id, customer_due_diligence: full.customer_due_diligence });
    expect(partly.status).toBe(200);
    const stillOpen = partly.body.status_details.requirements.filter((r: any) => r.awaiting_action_from === 'CLIENT').map((r: any) => r.type);
    expect(stillOpen).toEqual(['ID_VERIFICATION']);
    await sb.sim.advance(60_000);
    expect((await sb.api('GET', `/identity/identities/${id}`)).body.status).toBe('PENDING');

    const { passthrough_verification_id, passthrough_verification_status, passthrough_verification_fields } = full.person_details;
    const done = await sb.api('PUT', `/identity/identities/${id}`, { person_details: { passthrough_verification_id, passthrough_verification_status, passthrough_verification_fields } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('PENDING');
    expect(done.body.status_details.requirements.filter((r: any) => r.awaiting_action_from === 'CLIENT')).toEqual([]);
    await sb.sim.advance(sb.config.reviewDelayMs);
    const approved = await sb.api('GET', `/identity/identities/${id}`);
    expect(approved.body.status).toBe('APPROVED');
    expect(await eventTypes(id)).toEqual(['identity.approved']);
  });

  it('still answers 400 for malformed values in an incomplete create, all at once', async () => {
    const body = referenceStyleBody();
    body.person_details.date_of_birth = '1990-02-30';
    body.person_details.cip_id_type = 'SSN_CARD';
    const res = await sb.api('POST', '/identity/identities', body);
    expect(res.status).toBe(400);
    expect(res.body.meta.errors.map((e: any) => e.field)).toContain('person_details.cip_id_type');
  });

  it('answers 400 listing every missing field in strict mode', async () => {
    const strict = await createTestSandbox({ config: { validation: 'strict' } });
    try {
      const res = await strict.api('POST', '/identity/identities', referenceStyleBody());
      expect(res.status).toBe(400);
      const fields = res.body.meta.errors.map((e: any) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['person_details.metadata', 'person_details.passthrough_verification_id', 'customer_due_diligence.employment_status']));
      expect(res.body.detail).toMatch(/^\d+ problems: /);
    } finally {
      await strict.close();
    }
  });
});

describe('paths the simulator does not serve', () => {
  it.each(['/v2/orders', '/v2/profiles/p-1/orders', '/v2/transfers'])('answers 404 Problem naming %s as not simulated', async (path) => {
    const res = await sb.api('GET', path.replace(/^\/v2/, ''));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(res.body.detail).toContain(`GET ${path} is a Paxos path this simulator does not serve (not simulated)`);
  });

  it('names every path it does simulate', async () => {
    const res = await sb.api('GET', '/orders');
    expect(res.body.detail).toMatch(
      /it simulates \/oauth2\/token, \/v2\/identity\/identities, \/v2\/identity\/institution-members, \/v2\/identity\/accounts, \/v2\/identity\/account-members, \/v2\/identity\/controls, \/v2\/profiles, \/v2\/sandbox\/profiles, \/v2\/events$/,
    );
  });
});
