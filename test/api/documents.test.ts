/**
 * ListIdentityDocuments and DocumentUpload (REFERENCE.md §2.13), plus the
 * simulator's stand-in for the pre-signed upload URL (PUT or POST the bytes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody } from '../support/bodies.js';
import { createTestSandbox, problemError, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
let person: string;
beforeEach(async () => {
  sb = await createTestSandbox();
  person = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
});
afterEach(() => sb?.close());

async function register(body: unknown, id = person) {
  const res = await sb.api('PUT', `/identity/identities/${id}/documents`, body);
  expect(specError('DocumentUpload', res)).toBeUndefined();
  return res;
}
async function listDocs(query = '', id = person) {
  const res = await sb.api('GET', `/identity/identities/${id}/documents${query}`);
  expect(specError('ListIdentityDocuments', res)).toBeUndefined();
  return res;
}
/** Send bytes to an upload_url through the in-process app. */
async function send(uploadUrl: string, body: BodyInit | null, method = 'PUT', headers: Record<string, string> = { 'content-type': 'application/pdf' }) {
  const url = new URL(uploadUrl);
  const res = await sb.request(url.pathname, { method, body, headers });
  if (res.status >= 400) expect(problemError(res)).toBeUndefined();
  return res;
}
const PDF = new TextEncoder().encode('%PDF-1.4 test document');

describe('DocumentUpload', () => {
  it('registers a document and returns file_id, name and an upload_url on the simulator', async () => {
    const res = await register({ name: 'proof.pdf', document_types: ['PROOF_OF_RESIDENCY'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ file_id: expect.any(String), name: 'proof.pdf', upload_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1\/_sim\/uploads\/[A-Za-z0-9_-]+$/) });
  });

  it('accepts the bytes by PUT and by POST at the upload_url', async () => {
    const a = (await register({ name: 'a.pdf', document_types: ['PROOF_OF_FUNDS'] })).body;
    const put = await send(a.upload_url, PDF, 'PUT');
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(`"${a.file_id}"`);
    const b = (await register({ name: 'b.png' })).body;
    expect((await send(b.upload_url, PDF, 'POST', { 'content-type': 'image/png' })).status).toBe(200);
    const blob = await sb.sim.ctx.blobs.get(a.file_id);
    expect(new TextDecoder().decode(blob)).toBe('%PDF-1.4 test document');
  });

  it('answers 405 with Allow for other methods at the upload_url', async () => {
    const { upload_url } = (await register({ name: 'a.pdf' })).body;
    const res = await send(upload_url, null, 'GET', {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('PUT, POST');
  });

  it.each([
    ['a missing name', { document_types: ['OTHER_DOCUMENTS'] }],
    ['an empty name', { name: '' }],
    ['a name over 260 characters', { name: `${'a'.repeat(257)}.pdf` }],
    ['a name that is not a string', { name: 42 }],
  ])('answers 400 "must provide a file name, up to 260 characters" for %s', async (_, body) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'must provide a file name, up to 260 characters' });
  });

  it('accepts a name of exactly 260 characters', async () => {
    const res = await register({ name: `${'a'.repeat(256)}.pdf` });
    expect(res.status).toBe(200);
  });

  it('answers 400 for a file type other than pdf, jpg or png', async () => {
    for (const name of ['malware.exe', 'notes.txt', 'noextension']) {
      const res = await register({ name });
      expect(res.status, name).toBe(400);
      expect(res.body.detail).toMatch(/^name must end in \.pdf, \.jpg, \.jpeg or \.png/);
    }
    expect((await register({ name: 'scan.JPEG' })).status).toBe(200);
  });

  it('answers 400 for an unknown document type', async () => {
    const res = await register({ name: 'a.pdf', document_types: ['SELFIE'] });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^document_types\[0\] must be one of /);
  });

  it('answers 409 with meta.existing.name for a repeated name', async () => {
    await register({ name: 'proof.pdf' });
    const res = await register({ name: 'proof.pdf' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      type: 'https://developer.paxos.com/docs/v2/problems/already-exists',
      title: 'Already Exists',
      status: 409,
      detail: 'file named "proof.pdf" already exists',
      meta: { existing: { name: 'proof.pdf' } },
    });
  });

  it('answers 404 "identity does not exist" for an unknown identity', async () => {
    const res = await register({ name: 'a.pdf' }, '3f0c4b1e-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('identity does not exist');
  });
});

describe('upload URL', () => {
  it('answers 404 for an unknown upload key', async () => {
    const res = await sb.request('/_sim/uploads/no-such-key', { method: 'PUT', body: PDF });
    expect(res.status).toBe(404);
    expect(problemError(res)).toBeUndefined();
  });

  it('answers 400 for an empty upload', async () => {
    const { upload_url } = (await register({ name: 'a.pdf' })).body;
    const res = await send(upload_url, new Uint8Array(0));
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('the upload is empty');
  });

  it('answers 413 for a body declared larger than 100 MB without reading it', async () => {
    const { upload_url } = (await register({ name: 'a.pdf' })).body;
    const res = await send(upload_url, PDF, 'PUT', { 'content-type': 'application/pdf', 'content-length': String(100 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ title: 'Payload Too Large', status: 413 });
  });

  it('answers 413 for a streamed body that grows past 100 MB', async () => {
    const { upload_url } = (await register({ name: 'a.pdf' })).body;
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 101) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await sb.request(new URL(upload_url).pathname, { method: 'PUT', body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(problemError(res)).toBeUndefined();
    expect(sent).toBeLessThan(110);
  });
});

describe('ListIdentityDocuments', () => {
  it('lists registered documents oldest first', async () => {
    await register({ name: 'a.pdf', document_types: ['PROOF_OF_FUNDS'] });
    await sb.sim.advance(1_000);
    await register({ name: 'b.jpg' });
    const res = await listDocs();
    expect(res.status).toBe(200);
    expect(res.body.documents).toEqual([
      { file_id: expect.any(String), name: 'a.pdf', document_types: ['PROOF_OF_FUNDS'], created_at: expect.stringMatching(/^2026-01-15T10:00:00/) },
      { file_id: expect.any(String), name: 'b.jpg', document_types: [], created_at: expect.stringMatching(/^2026-01-15T10:00:01/) },
    ]);
    expect(res.body).not.toHaveProperty('pending_documents');
  });

  it('names the missing EDD documents with include_pending_docs=true until they are uploaded', async () => {
    const edd = (await sb.api('POST', '/identity/identities', { ...personBody(2), ref_id: 'sim_edd_approve-1' })).body.id;
    expect((await listDocs('?include_pending_docs=true', edd)).body.pending_documents).toEqual([]);
    await sb.sim.advance(sb.config.reviewDelayMs);
    expect((await listDocs('?include_pending_docs=true', edd)).body.pending_documents).toEqual(['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
    const funds = (await register({ name: 'funds.pdf', document_types: ['PROOF_OF_FUNDS'] }, edd)).body;
    // registered but not yet uploaded: still pending
    expect((await listDocs('?include_pending_docs=true', edd)).body.pending_documents).toEqual(['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY']);
    await send(funds.upload_url, PDF);
    expect((await listDocs('?include_pending_docs=true', edd)).body.pending_documents).toEqual(['PROOF_OF_RESIDENCY']);
    const residency = (await register({ name: 'bill.png', document_types: ['PROOF_OF_RESIDENCY'] }, edd)).body;
    await send(residency.upload_url, PDF);
    expect((await listDocs('?include_pending_docs=true', edd)).body.pending_documents).toEqual([]);
    await sb.sim.advance(sb.config.eddReviewDelayMs);
    expect((await sb.api('GET', `/identity/identities/${edd}`)).body.status).toBe('APPROVED');
  });

  it("answers 404 \"Identity with id <id> doesn't exist\" for an unknown identity", async () => {
    const res = await listDocs('', '3f0c4b1e-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: "Identity with id 3f0c4b1e-0000-4000-8000-000000000000 doesn't exist" });
  });
});
