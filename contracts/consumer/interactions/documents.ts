/**
 * @module contracts/consumer/interactions/documents
 * DocumentUpload (step one: register the file, get an `upload_url`) and
 * ListIdentityDocuments. Step two, the PUT of the bytes, goes to the storage
 * host and is not part of the API contract; the client's stand-in fetch
 * accepts it.
 */
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { unwrap } from '../../../src/index.js';
import { STATES } from '../../provider/states.js';
import { EXAMPLE_IDS } from '../bodies.js';
import { consumerClient, STORAGE_STAND_IN } from '../client.js';
import { bearerToken, jsonContentType, rfc3339 } from '../matchers.js';
import { API_PREFIX } from '../participants.js';

const { eachLike, fromProviderState, like, regex } = MatchersV3;

const documentsPath = fromProviderState(
  `${API_PREFIX}/identity/identities/\${id}/documents`,
  `${API_PREFIX}/identity/identities/${EXAMPLE_IDS.identity}/documents`,
);
const FILE_NAME = 'proof-of-residency.pdf';

export function documentInteractions(pact: PactV4): void {
  it('DocumentUpload: registers a document and returns where to send the bytes', async () => {
    await pact
      .addInteraction()
      .given(STATES.personExists, { ref_id: 'contract-upload-person' })
      .uponReceiving('a request to upload a proof of residency')
      .withRequest('PUT', documentsPath, (b) =>
        b.headers({ authorization: bearerToken() }).jsonBody({ name: FILE_NAME, document_types: ['PROOF_OF_RESIDENCY'] }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          file_id: like(EXAMPLE_IDS.file),
          name: FILE_NAME,
          upload_url: regex('^https?://\\S+$', `${STORAGE_STAND_IN}/example-upload-key`),
        }),
      )
      .executeTest(async (mock) => {
        const registered = unwrap(
          await consumerClient(mock.url).uploadDocument(EXAMPLE_IDS.identity, {
            name: FILE_NAME,
            document_types: ['PROOF_OF_RESIDENCY'],
            content: new TextEncoder().encode('%PDF-1.4 contract test'),
            contentType: 'application/pdf',
          }),
        );
        expect(registered.file_id).toBe(EXAMPLE_IDS.file);
        expect(registered.upload_url).toMatch(/^https:\/\//);
      });
  });

  it('ListIdentityDocuments: lists the documents of an identity', async () => {
    await pact
      .addInteraction()
      .given(STATES.documentUploaded, { ref_id: 'contract-documents-person', name: FILE_NAME })
      .uponReceiving('a request to list the documents of an identity')
      .withRequest('GET', documentsPath, (b) => b.headers({ authorization: bearerToken() }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': jsonContentType() }).jsonBody({
          documents: eachLike({
            file_id: like(EXAMPLE_IDS.file),
            name: like(FILE_NAME),
            document_types: eachLike('PROOF_OF_RESIDENCY'),
            created_at: rfc3339('2025-01-07T14:30:02.123456Z'),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const list = unwrap(await consumerClient(mock.url).listIdentityDocuments(EXAMPLE_IDS.identity));
        expect(list.documents?.[0]?.name).toBe(FILE_NAME);
      });
  });
}

