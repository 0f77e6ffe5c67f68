/**
 * The layout of what a create writes and answers, which the create path builds
 * field by field (services/identities.ts): the stored row's keys and the
 * answer's keys in their order (JSON text follows it), read-only sub-statuses
 * a client sent replaced by Paxos's own (last in the details), an address's
 * `address2: ""` dropped, the answer serialised from the same values as the
 * stored row, and an identity's first status_details stamping updated_at.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../simulator/app.js';
import { testConfig } from '../../../simulator/config.js';
import { sequentialIds } from '../../../simulator/ids.js';
import { createIdentity, createIdentityJson } from '../../../simulator/services/identities.js';
import { personTexts, presentIdentity } from '../../../simulator/services/records.js';
import type { IdentityRecord } from '../../../simulator/store/shape.js';
import { personBody, trustBody } from '../../support/bodies.js';

const CLIENT = 'paxos-sim-client';

describe('create: the stored row and the answer', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await createSimulator({ config: testConfig({ clock: { frozen: true, start: '2026-03-01T10:00:00Z' } }), ids: sequentialIds(1) });
  });
  afterEach(() => sim.close());

  const stored = (id: string): { row: IdentityRecord; text: string } =>
    sim.store.read((db) => {
      const row = db.identities.get(id)!;
      return { row, text: JSON.stringify(row) };
    });

  it('a person: keys in the record order, read-only sub-statuses replaced and last, address2 "" dropped', async () => {
    const body = personBody(1, 'PASSTHROUGH', {
      id_verification_status: 'DENIED',
      sanctions_verification_status: 'APPROVED',
      id_verification_url: 'https://example.com/x',
      address: { address1: '1 Main St', address2: '', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
    } as never);
    const made = await createIdentity(sim.ctx, CLIENT, { ...body, metadata: { team: 'a' }, is_merchant: false });
    const { row } = stored(made.id);
    expect(Object.keys(row)).toEqual([
      'id', 'type', 'ref_id', 'status', 'summary_status', 'user_disabled', 'admin_disabled', 'person_details', 'metadata',
      'tax_details', 'customer_due_diligence', 'is_merchant', 'created_at', 'updated_at', '_sim', 'status_details',
    ]);
    expect(Object.keys(row._sim)).toEqual(['client_id', 'entity_id', 'seq', 'rule', 'controls', 'decision_pending']);
    const details = row.person_details! as Record<string, unknown>;
    expect(Object.keys(details).slice(-3)).toEqual(['id_verification_status', 'sanctions_verification_status', 'additional_screening_status']);
    expect(details).not.toHaveProperty('id_verification_url');
    expect(details.id_verification_status).toBe('APPROVED'); // the passthrough status, not the client's DENIED
    expect(details.sanctions_verification_status).toBe('PENDING');
    expect(details.address).toEqual({ address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' });
    expect(row.customer_due_diligence!.created_at).toBe(row.created_at);
    // the first status_details stamps updated_at again (the stamp after created_at)
    expect(row.created_at).toBe('2026-03-01T10:00:00.000000Z');
    expect(row.updated_at).toBe('2026-03-01T10:00:00.000001Z');

    // the answer: the row without _sim, the details last, the same values
    expect(Object.keys(made)).toEqual([
      'id', 'type', 'ref_id', 'status', 'summary_status', 'user_disabled', 'admin_disabled', 'metadata',
      'tax_details', 'customer_due_diligence', 'is_merchant', 'created_at', 'updated_at', 'status_details', 'person_details',
    ]);
    const { _sim, person_details, ...rest } = row;
    void _sim;
    expect(JSON.stringify(made)).toBe(JSON.stringify({ ...rest, person_details }));
  });

  it('what the client sent is not changed (the record holds copies where it differs)', async () => {
    const body = personBody(2, 'PASSTHROUGH', {
      id_verification_status: 'DENIED',
      address: { address1: '1 Main St', address2: '', city: 'New York', province: 'NY', country: 'USA' },
    } as never);
    const sent = structuredClone(body);
    await createIdentity(sim.ctx, CLIENT, body);
    expect(body).toEqual(sent);
  });

  it('an institution: read-only sub-statuses replaced and last, the record stored before its members are added', async () => {
    const member = await createIdentity(sim.ctx, CLIENT, personBody(3));
    const body = trustBody(4, [{ identity_id: member.id, roles: ['TRUSTEE'] }], { sanctions_verification_status: 'APPROVED', document_verification_status: 'APPROVED' } as never);
    const made = await createIdentity(sim.ctx, CLIENT, body);
    const { row } = stored(made.id);
    const details = row.institution_details! as Record<string, unknown>;
    expect(Object.keys(details).slice(-3)).toEqual(['sanctions_verification_status', 'document_verification_status', 'additional_screening_status']);
    expect([details.sanctions_verification_status, details.document_verification_status, details.additional_screening_status]).toEqual(['PENDING', 'PENDING', 'PENDING']);
    expect(Object.keys(made).slice(-2)).toEqual(['institution_details', 'institution_members']);
    expect(made.institution_members).toEqual([{ id: expect.any(String), identity_id: member.id, roles: ['TRUSTEE'], name: 'Ada Lovelace', summary_status: 'PENDING' }]);
  });

  it('a lenient create missing Required Details: _sim names them and no decision is pending', async () => {
    const made = await createIdentity(sim.ctx, CLIENT, { ref_id: 'incomplete', person_details: { first_name: 'Only' } } as never);
    const { row } = stored(made.id);
    expect(Object.keys(row._sim)).toEqual(['client_id', 'entity_id', 'seq', 'rule', 'controls', 'decision_pending', 'missing']);
    expect(row.tax_details).toBeUndefined();
    expect(Object.keys(row)).not.toContain('tax_details');
    expect(sim.scheduler.pending()).toEqual([]);
  });
});

describe('create answered as text (createIdentityJson, as the route answers): one serialisation for the row and the answer', () => {
  const start = () => createSimulator({ config: testConfig({ clock: { frozen: true, start: '2026-03-01T10:00:00Z' } }), ids: sequentialIds(1) });
  const row = (sim: Simulator, id: string) => sim.store.readJson((db) => db.identities.get(id));

  it('gives the bytes JSON.stringify gives for the answer object, and stores the same row, for persons and institutions', async () => {
    const [objects, texts] = [await start(), await start()];
    try {
      const bodies = [
        { ...personBody(1, 'PASSTHROUGH', { address: { address1: '1 Main St', address2: '', city: 'Zürich', province: 'ZH', country: 'CHE' } } as never), metadata: { team: 'ä "quoted" \\ é' }, is_merchant: false },
        personBody(2, 'PAXOS'),
        personBody(3, 'PASSTHROUGH', { passthrough_verification_status: 'DENIED' } as never),
        { ref_id: 'incomplete', person_details: { first_name: 'Only' } },
      ] as never[];
      for (const body of bodies) {
        const made = await createIdentity(objects.ctx, CLIENT, structuredClone(body));
        const { id, json } = await createIdentityJson(texts.ctx, CLIENT, structuredClone(body));
        expect(id).toBe(made.id);
        expect(json).toBe(JSON.stringify(made));
        expect(row(texts, id)).toBe(row(objects, made.id));
      }
      const member = await createIdentity(objects.ctx, CLIENT, personBody(9));
      await createIdentity(texts.ctx, CLIENT, personBody(9));
      const trust = trustBody(10, [{ identity_id: member.id, roles: ['TRUSTEE'] }]);
      const made = await createIdentity(objects.ctx, CLIENT, structuredClone(trust));
      const { id, json } = await createIdentityJson(texts.ctx, CLIENT, structuredClone(trust));
      expect(json).toBe(JSON.stringify(made));
      expect(JSON.parse(json).institution_members).toHaveLength(1);
      expect(row(texts, id)).toBe(row(objects, made.id));
    } finally {
      await objects.close();
      await texts.close();
    }
  });

  it('personTexts: the row is JSON.stringify of the record and the answer that of presentIdentity with details (undefined fields left out)', () => {
    const rec = {
      id: 'p1', type: 'PERSON', ref_id: undefined, status: 'PENDING', person_details: { first_name: 'Zoë', nested: { list: [1, 'two', null] } },
      metadata: { 'we"ird': 'line\nbreak' }, created_at: '2026-03-01T10:00:00.000000Z', _sim: { client_id: 'c', entity_id: 'e', seq: 1 },
      status_details: { active_controls: [], requirements: [] }, institution_details: { name: 'both set: person first, as presentIdentity' }, is_merchant: null,
    } as never as IdentityRecord;
    const texts = personTexts(rec)!;
    expect(texts.row).toBe(JSON.stringify(rec));
    const view = { identities: { get: () => undefined }, members: { by: () => [] } } as never;
    expect(texts.answer).toBe(JSON.stringify(presentIdentity(view, rec, { includeDetails: true, includeMembers: true })));
    expect(personTexts({ ...rec, type: 'INSTITUTION' })).toBeUndefined();
  });
});
