/**
 * @module services/documents
 * The two-step document upload (REFERENCE.md §2.13): Document Upload records
 * the metadata and returns an `upload_url` served by the simulator; the bytes
 * sent there complete the document, which may cover an open EDD requirement.
 *
 * SANDBOX: the upload URL lives under /_sim/uploads/ (standing in for the
 * pre-signed object-store URL), accepts PUT or POST, never expires, and a
 * document counts towards EDD once its bytes have arrived.
 */
import type { DocumentUploadRequest, DocumentUploadResponse, ListIdentityDocumentsResponse } from '../../src/types.js';
import { missingDocuments } from '../domain/onboarding.js';
import { conflict, invalid, missing, tooLarge } from '../domain/errors.js';
import type { DocumentRecord } from '../store/shape.js';
import { SCHEMA_BOUNDS } from '../spec/generated/spec-bounds.js';
import type { SimContext } from './context.js';
import { ownIdentity } from './identity-lookup.js';
import { checkEddCoverage } from './onboarding.js';

export const UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;
const FORMATS = /\.(pdf|jpe?g|png)$/i;
/** The longest file name Paxos accepts (REFERENCE.md §2.13), as the spec's DocumentUpload body holds it. */
export const maxFileNameLength = (): number => SCHEMA_BOUNDS.IdentityPublicDocumentUploadBody.name.maxLength;
/** Paxos's own 400 text for a missing or too long file name. */
export const fileNameRule = () => `must provide a file name, up to ${maxFileNameLength()} characters`;
/** A present file name within the length bound (the format is checked separately). */
export const isFileName = (name: unknown): name is string => typeof name === 'string' && name.length > 0 && name.length <= maxFileNameLength();

export async function documentUpload(ctx: SimContext, clientId: string, identityId: string, body: DocumentUploadRequest, origin: string): Promise<DocumentUploadResponse> {
  const name = body.name ?? '';
  if (!isFileName(name)) throw invalid(fileNameRule());
  if (!FORMATS.test(name)) throw invalid('name must end in .pdf, .jpg, .jpeg or .png (accepted formats: pdf, jpg, png)');
  const doc = await ctx.store.transact((tx) => {
    const identity = ownIdentity(tx, ctx.entities.of(clientId), identityId, 'identity does not exist');
    const clash = tx.documents.by('identity', identityId).find((d) => d.name === name && d.archived_at === undefined);
    if (clash) throw conflict(`file named "${name}" already exists`, { name });
    const record: DocumentRecord = {
      file_id: ctx.ids.uuid(),
      identity_id: identityId,
      client_id: clientId,
      entity_id: identity._sim.entity_id,
      name,
      document_types: body.document_types ?? [],
      created_at: ctx.clock.now().toISOString(),
      upload_key: ctx.ids.token(),
    };
    tx.documents.put(record.file_id, record);
    return record;
  });
  return { file_id: doc.file_id, name: doc.name, upload_url: `${origin}/_sim/uploads/${doc.upload_key}` };
}

export function listIdentityDocuments(ctx: SimContext, clientId: string, identityId: string, includePending: boolean): ListIdentityDocumentsResponse {
  return ctx.store.read((db) => {
    const identity = ownIdentity(db, ctx.entities.of(clientId), identityId);
    const docs = db.documents.by('identity', identityId).sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? ''));
    const response: ListIdentityDocumentsResponse = {
      documents: docs.map((d) => ({
        file_id: d.file_id,
        name: d.name,
        document_types: d.document_types,
        created_at: d.created_at,
        ...(d.archived_at && { archived_at: d.archived_at }),
      })),
    };
    if (includePending) {
      const edd = identity._sim.edd;
      const uploaded = docs.filter((d) => d.uploaded_at).flatMap((d) => d.document_types ?? []);
      response.pending_documents = edd && edd.state === 'awaiting_documents' ? missingDocuments(edd, uploaded) : [];
    }
    return response;
  });
}

/** Step two: the bytes arrive at upload_url. */
export async function receiveUpload(ctx: SimContext, key: string, bytes: Uint8Array, contentType: string | undefined): Promise<{ etag: string }> {
  const doc = ctx.store.read((db) => db.documents.by('upload_key', key)[0]);
  if (!doc) throw missing('upload URL is unknown');
  if (bytes.byteLength === 0) throw invalid('the upload is empty');
  if (bytes.byteLength > UPLOAD_LIMIT_BYTES) throw tooLarge('documents must be smaller than 100 MB');
  await ctx.blobs.put(doc.file_id, bytes);
  await ctx.commit((tx) => {
    const current = tx.documents.get(doc.file_id)!;
    tx.documents.put(doc.file_id, { ...current, uploaded_at: ctx.clock.now().toISOString(), size: bytes.byteLength, content_type: contentType });
    const identity = ownIdentity(tx, current.entity_id, current.identity_id);
    checkEddCoverage(tx, ctx, identity);
  });
  return { etag: `"${doc.file_id}"` };
}
