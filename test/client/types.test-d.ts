/**
 * Type-level tests, checked by `npx tsc --noEmit`: request and response types
 * of the client come from the spec, so wrong field names and enum values do
 * not compile. The functions are never called.
 */
import type { PaxosClient } from '../../src/index.js';
import { createWebhookHandler } from '../../src/index.js';

export async function typeChecks(client: PaxosClient): Promise<void> {
  // @ts-expect-error: `first_nam` is not a PersonDetails field
  await client.createIdentity({ person_details: { first_nam: 'Ada' } });
  // @ts-expect-error: 'SSN_CARD' is not a cip_id_type
  await client.createIdentity({ person_details: { cip_id_type: 'SSN_CARD' } });
  // @ts-expect-error: summary_status filter takes IdentityStatus values only
  await client.listIdentities({ summary_status: 'ACCEPTED' });
  // @ts-expect-error: order is 'ASC' | 'DESC'
  await client.listIdentities({ order: 'ascending' });
  // @ts-expect-error: GetIdentity has no include_members parameter
  await client.getIdentity('id', { include_members: true });
  // @ts-expect-error: sandbox-status values are IdentityStatus values
  await client.sandboxSetIdentityStatus('id', { sanctions_verification_status: 'OK' });
  // @ts-expect-error: roles come from InstitutionRoleType
  await client.addInstitutionMembers({ institution_id: 'i', members: [{ identity_id: 'p', roles: ['CEO'] }] });
  // @ts-expect-error: document_types come from DocumentType
  await client.uploadDocument('id', { name: 'a.pdf', document_types: ['PASSPORT_SCAN'], content: new Uint8Array(), contentType: 'application/pdf' });

  const { data, error } = await client.getIdentity('id');
  if (data) {
    const status: 'PENDING' | 'ERROR' | 'APPROVED' | 'DENIED' | 'DISABLED' | undefined = data.status;
    void status;
    // @ts-expect-error: Identity has no `state` field
    void data.state;
  } else {
    const detail: string | undefined = error.detail;
    void detail;
  }

  createWebhookHandler({
    client,
    onEvent: {
      'identity.approved': (_event, object) => {
        const next: string = object.new_summary_status;
        void next;
      },
      'identity.documents_required': (_event, object) => {
        // @ts-expect-error: documents_required carries required_documents, not new_summary_status
        void object.new_summary_status;
        void object.required_documents;
      },
      // @ts-expect-error: not an identity event type
      'identity.exploded': () => undefined,
    },
  });
}
