/**
 * Enhanced due diligence over HTTP (REFERENCE.md §3.9): identity.documents_required
 * with required_documents, pending_documents on List Documents, uploads through
 * upload_url, and the decision once every required type has arrived.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import type { DocumentType, Event } from '../../src/types.js';
import { apiFor, create, eventTypesOf, events, getIdentity, personBody, REVIEW_DELAY_MS, startDecisionSandbox, type Api } from './support.js';

/** The default EDD review time after the last upload (`edd_review_delay`). */
const EDD_REVIEW_DELAY_MS = 2000;

let sim: Simulator;
let api: Api;

beforeEach(async () => {
  sim = await startDecisionSandbox();
  api = await apiFor(sim);
});
afterEach(async () => {
  await sim.close();
});

/** Step one (metadata) and, unless told otherwise, step two (bytes at upload_url). */
async function upload(identityId: string, name: string, types: DocumentType[], sendBytes = true): Promise<void> {
  const meta = await api.put<{ upload_url: string }>(`/v2/identity/identities/${identityId}/documents`, { name, document_types: types });
  expect(meta.status).toBe(200);
  if (!sendBytes) return;
  const res = await sim.app.request(meta.body.upload_url, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array([37, 80, 68, 70]) });
  expect(res.status).toBe(200);
}

async function pendingDocuments(identityId: string): Promise<DocumentType[]> {
  const res = await api.get<{ pending_documents: DocumentType[] }>(`/v2/identity/identities/${identityId}/documents?include_pending_docs=true`);
  expect(res.status).toBe(200);
  return res.body.pending_documents;
}

async function openEdd(refId: string): Promise<string> {
  const created = await create(api, personBody({ ref_id: refId }));
  await sim.advance(REVIEW_DELAY_MS);
  return created.id;
}

describe('EDD', () => {
  it('emits identity.documents_required with required_documents, readable with Get Event', async () => {
    const id = await openEdd('sim_edd_approve-1');
    const [required] = await events(api);
    expect(required).toMatchObject({
      type: 'identity.documents_required',
      object_type: 'identity_documents_required',
      object: { identity_id: id, required_documents: ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY'] },
    });
    const one = await api.get<Event>(`/v2/events/${required.id}`);
    expect(one.body).toEqual(required);
  });

  it('waits for the client with an ENHANCED_DUE_DILIGENCE requirement and pending_documents', async () => {
    const id = await openEdd('sim_edd_approve-2');
    const got = await getIdentity(api, id);
    expect(got.status).toBe('PENDING');
    expect(got.status_details?.requirements).toEqual([
      { type: 'ENHANCED_DUE_DILIGENCE', status: 'PENDING', awaiting_action_from: 'CLIENT', errors: [{ code: 'edd_documentation_required', description: 'Documents required: PROOF_OF_FUNDS, PROOF_OF_RESIDENCY.' }] },
    ]);
    expect(await pendingDocuments(id)).toEqual(['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
  });

  it('keeps waiting after a partial upload, listing only what is still missing', async () => {
    const id = await openEdd('sim_edd_approve-3');
    await upload(id, 'funds.pdf', ['PROOF_OF_FUNDS']);
    await sim.advance(60_000);
    const got = await getIdentity(api, id);
    expect(got.status).toBe('PENDING');
    expect(got.status_details?.requirements?.[0].errors?.[0].description).toBe('Documents required: PROOF_OF_RESIDENCY.');
    expect(await pendingDocuments(id)).toEqual(['PROOF_OF_RESIDENCY']);
    expect(await eventTypesOf(api, id)).toEqual(['identity.documents_required']);
  });

  it('does not count a document whose bytes never arrived', async () => {
    const id = await openEdd('sim_edd_approve-4');
    await upload(id, 'funds.pdf', ['PROOF_OF_FUNDS'], false);
    expect(await pendingDocuments(id)).toEqual(['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
  });

  it('approves once uploads cover every required type and the review delay has passed (sim_edd_approve)', async () => {
    const id = await openEdd('sim_edd_approve-5');
    await upload(id, 'funds.pdf', ['PROOF_OF_FUNDS']);
    await upload(id, 'lease.pdf', ['PROOF_OF_RESIDENCY']);
    // Polling right after the last upload meets PENDING, with the review awaiting Paxos.
    const inReview = await getIdentity(api, id);
    expect(inReview.status).toBe('PENDING');
    expect(inReview.status_details?.requirements).toEqual([expect.objectContaining({ type: 'ENHANCED_DUE_DILIGENCE', status: 'PENDING', awaiting_action_from: 'PAXOS' })]);
    expect(await eventTypesOf(api, id)).toEqual(['identity.documents_required']);
    await sim.advance(EDD_REVIEW_DELAY_MS - 1);
    expect((await getIdentity(api, id)).status).toBe('PENDING');
    await sim.advance(1);
    const got = await getIdentity(api, id);
    expect(got.status).toBe('APPROVED');
    expect(got.status_details?.requirements).toEqual([]);
    expect(await eventTypesOf(api, id)).toEqual(['identity.documents_required', 'identity.approved']);
    expect(await pendingDocuments(id)).toEqual([]);
  });

  it('accepts one document that covers several types', async () => {
    const id = await openEdd('sim_edd_approve-6');
    await upload(id, 'both.pdf', ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
    await sim.advance(EDD_REVIEW_DELAY_MS);
    expect((await getIdentity(api, id)).status).toBe('APPROVED');
  });

  it('denies once uploads cover every required type (sim_edd_deny), with a FAILED EDD requirement', async () => {
    const id = await openEdd('sim_edd_deny-1');
    await upload(id, 'both.pdf', ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
    expect((await getIdentity(api, id)).status).toBe('PENDING');
    await sim.advance(EDD_REVIEW_DELAY_MS);
    const got = await getIdentity(api, id);
    expect(got.status).toBe('DENIED');
    expect(got.status_details?.requirements).toEqual([expect.objectContaining({ type: 'ENHANCED_DUE_DILIGENCE', status: 'FAILED' })]);
    const last = (await events(api)).at(-1)!;
    expect(last).toMatchObject({ type: 'identity.denied', object: { identity_id: id, old_summary_status: 'PENDING', new_summary_status: 'DENIED' } });
  });

  it('reviews for then_delay after the last upload when a rule asks for it', async () => {
    await api.put('/_sim/rules', { rules: [{ match: { ref_id_prefix: 'slow-edd' }, outcome: 'EDD', documents: ['TAX_IDENTIFICATION'], then_delay: '1h' }] });
    const id = await openEdd('slow-edd-1');
    expect((await events(api))[0].object).toMatchObject({ required_documents: ['TAX_IDENTIFICATION'] });
    await upload(id, 'w9.pdf', ['TAX_IDENTIFICATION']);
    const inReview = await getIdentity(api, id);
    expect(inReview.status).toBe('PENDING');
    expect(inReview.status_details?.requirements).toEqual([expect.objectContaining({ type: 'ENHANCED_DUE_DILIGENCE', status: 'PENDING', awaiting_action_from: 'PAXOS' })]);
    await sim.advance(3_600_000 - 1);
    expect((await getIdentity(api, id)).status).toBe('PENDING');
    await sim.advance(1);
    expect((await getIdentity(api, id)).status).toBe('APPROVED');
  });

  it('takes the configured edd_review_delay, and 0 makes the decision immediate', async () => {
    await sim.close();
    sim = await startDecisionSandbox({ eddReviewDelayMs: 0 });
    api = await apiFor(sim);
    const id = await openEdd('sim_edd_approve-7');
    await upload(id, 'both.pdf', ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
    expect((await getIdentity(api, id)).status).toBe('APPROVED');
    expect((await api.get<{ edd_review_delay_ms: number }>('/_sim/rules')).body.edd_review_delay_ms).toBe(0);
  });
});
