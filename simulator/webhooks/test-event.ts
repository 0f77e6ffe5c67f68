/**
 * @module webhooks/test-event
 * Synthetic events for test sends (REFERENCE.md §6.6: Dashboard → Webhooks →
 * Test). They are stored like any event but with `is_test: true`, so
 * `GET /v2/events?is_test=true` lists them and the webhook says is_test.
 *
 * SANDBOX: Paxos does not say what `object` a test event carries; here it is a
 * plausible object of the type's documented shape, about an identity of the
 * client when it has one (else a fresh id).
 */
import type {
  IdentityDocumentsRequired,
  IdentityEventType,
  IdentityKycRefresh,
  IdentitySummaryStatusChange,
} from '../../src/types.js';
import type { Ids } from '../ids.js';
import type { EventRecord } from '../store/shape.js';

const DAY_MS = 86_400_000;

function objectFor(type: IdentityEventType, identityId: string, now: Date, ids: Ids): Pick<EventRecord, 'object_type' | 'object'> {
  const id = ids.uuid();
  const change = (from: IdentitySummaryStatusChange['old_summary_status'], to: IdentitySummaryStatusChange['new_summary_status']) => ({
    object_type: 'identity_summary_status_change',
    object: { id, identity_id: identityId, old_summary_status: from, new_summary_status: to } satisfies IdentitySummaryStatusChange,
  });
  const refresh = (object: Omit<IdentityKycRefresh, 'id' | 'identity_id'>) => ({
    object_type: 'identity_kyc_refresh',
    object: { id, identity_id: identityId, ...object } satisfies IdentityKycRefresh,
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
        object_type: 'identity_documents_required',
        object: { id, identity_id: identityId, required_documents: ['PROOF_OF_RESIDENCY'] } satisfies IdentityDocumentsRequired,
      };
    case 'identity.kyc_refresh.started':
      return refresh({ last_kyc_refresh_date: lastYear });
    case 'identity.kyc_refresh.completed':
      return refresh({ last_kyc_refresh_date: now.toISOString(), next_kyc_refresh_date: nextYear });
    case 'identity.kyc_refresh.expired':
      return refresh({ last_kyc_refresh_date: lastYear });
    default: {
      const never: never = type;
      throw new Error(`no test object for event type ${String(never)}`);
    }
  }
}

/**
 * Build (not store) a test event of `type` owned by `clientId`.
 *
 * @example
 * const event = buildTestEvent({ type: 'identity.approved', clientId, identityId, now, ids, seq: tx.nextSeq() });
 */
export function buildTestEvent(input: {
  type: IdentityEventType;
  clientId: string;
  identityId?: string;
  now: Date;
  ids: Ids;
  seq: number;
}): EventRecord {
  const identityId = input.identityId ?? input.ids.uuid();
  return {
    id: input.ids.uuid(),
    type: input.type,
    ...objectFor(input.type, identityId, input.now, input.ids),
    created_at: input.now.toISOString(),
    undelivered_webhooks: 0,
    is_test: true,
    _sim: { client_id: input.clientId, seq: input.seq, ...(input.identityId ? { identity_id: input.identityId } : {}) },
  };
}
