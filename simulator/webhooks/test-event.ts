/**
 * @module webhooks/test-event
 * The payload of a synthetic test event (REFERENCE.md §6.6: Dashboard →
 * Webhooks → Test). The control route appends it to the event log like any
 * event but with `is_test: true`, so `GET /v2/events?is_test=true` lists it
 * and its webhook says `is_test: true`.
 *
 * SANDBOX: Paxos does not say what `object` a test event carries; here it is a
 * plausible object of the type's documented shape, about an identity of the
 * client when it has one (else a fresh id). The log adds `object.id`.
 */
import type {
  IdentityControlEvent,
  IdentityDocumentsRequired,
  IdentityEventType,
  IdentityKycRefresh,
  IdentitySummaryStatusChange,
} from '../../src/types.js';

const DAY_MS = 86_400_000;

type WithoutId<T> = Omit<T, 'id'>;

export interface TestEventObject {
  object_type: string;
  object: Record<string, unknown>;
}

/**
 * @example
 * testEventObject('identity.approved', identityId, clock.now())
 * // → { object_type: 'identity_summary_status_change',
 * //     object: { identity_id, old_summary_status: 'PENDING', new_summary_status: 'APPROVED' } }
 */
export function testEventObject(type: IdentityEventType, identityId: string, now: Date, controlId: string = identityId): TestEventObject {
  const change = (from: IdentitySummaryStatusChange['old_summary_status'], to: IdentitySummaryStatusChange['new_summary_status']) => ({
    object_type: 'identity_summary_status_change',
    object: { identity_id: identityId, old_summary_status: from, new_summary_status: to } satisfies WithoutId<IdentitySummaryStatusChange>,
  });
  const refresh = (dates: Omit<IdentityKycRefresh, 'id' | 'identity_id'>) => ({
    object_type: 'identity_kyc_refresh',
    object: { identity_id: identityId, ...dates } satisfies WithoutId<IdentityKycRefresh>,
  });
  const lastYear = new Date(now.getTime() - 365 * DAY_MS).toISOString();
  const nextYear = new Date(now.getTime() + 365 * DAY_MS).toISOString();
  switch (type) {
    case 'identity.approved':
      return change('PENDING', 'APPROVED');
    case 'identity.denied':
      return change('PENDING', 'DENIED');
    case 'identity.disabled':
      return change('APPROVED', 'DISABLED');
    case 'identity.documents_required':
      return {
        // SANDBOX: the catalogue's spelling, as the event log uses (REFERENCE.md §5.3 [X]).
        object_type: 'identity_documents_required',
        object: { identity_id: identityId, required_documents: ['PROOF_OF_RESIDENCY'] } satisfies WithoutId<IdentityDocumentsRequired>,
      };
    case 'identity.kyc_refresh.started':
    case 'identity.kyc_refresh.expired':
      return refresh({ last_kyc_refresh_date: lastYear });
    case 'identity.kyc_refresh.completed':
      return refresh({ last_kyc_refresh_date: now.toISOString(), next_kyc_refresh_date: nextYear });
    case 'identity.control.created':
    case 'identity.control.deleted':
      return {
        object_type: 'identity_control',
        object: {
          identity_id: identityId,
          control_id: controlId,
          control_type: 'DORMANT',
          set_by: 'SET_BY_CLIENT',
          is_overridable: true,
          reason_code: 'INACTIVITY',
        } satisfies WithoutId<IdentityControlEvent>,
      };
    default: {
      const never: never = type;
      throw new Error(`no test object for event type ${String(never)}`);
    }
  }
}
