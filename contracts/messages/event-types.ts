/**
 * @module contracts/messages/event-types
 * The identity event types of the webhook pact and, for the consumer test's
 * stand-in Get Event, an example full event of each (REFERENCE.md §5.3).
 */
import { exhaustive } from '../../fixtures/factories/enums.js';
import type { Event, IdentityEventType } from '../../src/types.js';

/** Every identity event type; the build fails when the spec gains one that is missing here. */
export const IDENTITY_EVENT_TYPES = exhaustive<IdentityEventType>()([
  'identity.approved',
  'identity.denied',
  'identity.disabled',
  'identity.documents_required',
  'identity.kyc_refresh.started',
  'identity.kyc_refresh.completed',
  'identity.kyc_refresh.expired',
  'identity.control.created',
  'identity.control.deleted',
]);

/** The message description of an event type's webhook, shared by the pact and the message provider. */
export const notificationDescription = (type: IdentityEventType) => `a webhook notification of an ${type} event`;

/** Example ids of the message pact. */
export const EXAMPLE_EVENT_ID = 'bd019f1c-89a7-4372-9d21-eaad9280dc41';
export const EXAMPLE_IDENTITY_ID = '4fd025ab-8d3c-4f1e-9a2b-6c7d8e9f0a1b';

/** The full event Get Event returns for a notification of `type`. */
export function exampleEvent(type: IdentityEventType, id: string): Event {
  const base = { id: '8e2f4a6c-1b3d-4e5f-8a7b-9c0d1e2f3a4b', identity_id: EXAMPLE_IDENTITY_ID };
  const created_at = '2025-01-07T14:30:02.648489333Z';
  switch (type) {
    case 'identity.approved':
    case 'identity.denied':
    case 'identity.disabled': {
      const to = type === 'identity.approved' ? 'APPROVED' : type === 'identity.denied' ? 'DENIED' : 'DISABLED';
      const from = type === 'identity.disabled' ? 'APPROVED' : 'PENDING';
      return { id, type, object_type: 'identity_summary_status_change', object: { ...base, old_summary_status: from, new_summary_status: to }, created_at };
    }
    case 'identity.documents_required':
      return { id, type, object_type: 'identity_documents_required', object: { ...base, required_documents: ['PROOF_OF_FUNDS'] }, created_at };
    case 'identity.kyc_refresh.started':
    case 'identity.kyc_refresh.completed':
    case 'identity.kyc_refresh.expired':
      return { id, type, object_type: 'identity_kyc_refresh', object: { ...base, last_kyc_refresh_date: '2024-01-07T00:00:00Z' }, created_at };
    case 'identity.control.created':
    case 'identity.control.deleted':
      return {
        id,
        type,
        object_type: 'identity_control',
        object: { ...base, control_id: 'ae54b3b4-cce6-4707-b34b-c9c4f0537798', control_type: 'DORMANT', set_by: 'SET_BY_CLIENT', is_overridable: true, reason_code: 'INACTIVITY' },
        created_at,
      };
    default: {
      const never: never = type;
      throw new Error(`unknown event type ${String(never)}`);
    }
  }
}
