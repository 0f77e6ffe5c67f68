/**
 * @module services/events-log
 * Appends identity events to the one event log that both the Events API and
 * the webhook outbox read, inside the caller's transaction (so a state change,
 * its event and its deliveries are written together).
 */
import type { Event, IdentityStatus, StatusDetails, DocumentType } from '../../src/types.js';
import { issueTimestamp } from './stamps.js';
import type { EventRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import { enqueueDeliveries } from '../webhooks/outbox.js';
import type { SimContext } from './context.js';

type Ctx = Pick<SimContext, 'clock' | 'ids'>;

export interface NewEvent {
  type: string;
  object_type: string;
  object: Record<string, unknown>;
  client_id: string;
  entity_id: string;
  identity_id?: string;
  is_test?: boolean;
}

/** Who an event belongs to: the identity's creating client and owning entity. */
export type Owner = { client_id: string; entity_id: string };
export const ownerOf = (rec: { _sim: Owner }): Owner => ({ client_id: rec._sim.client_id, entity_id: rec._sim.entity_id });

export function appendEvent(tx: StoreTx, ctx: Ctx, input: NewEvent): EventRecord {
  const seq = tx.nextSeq();
  const event: EventRecord = {
    id: ctx.ids.uuid(),
    type: input.type,
    object_type: input.object_type,
    object: { id: ctx.ids.uuid(), ...input.object } as Event['object'],
    created_at: issueTimestamp(tx, ctx.clock.nowMs(), 9),
    undelivered_webhooks: 0,
    is_test: input.is_test ?? false,
    _sim: { client_id: input.client_id, entity_id: input.entity_id, seq, identity_id: input.identity_id },
  };
  tx.events.put(event.id, event);
  enqueueDeliveries(tx, event, { now: ctx.clock.now(), ids: ctx.ids });
  return event;
}

export function appendStatusChange(
  tx: StoreTx,
  ctx: Ctx,
  type: 'identity.approved' | 'identity.denied' | 'identity.disabled',
  change: Owner & { identity_id: string; from: IdentityStatus; to: IdentityStatus; status_details: StatusDetails },
): EventRecord {
  return appendEvent(tx, ctx, {
    type,
    object_type: 'identity_summary_status_change',
    client_id: change.client_id,
    entity_id: change.entity_id,
    identity_id: change.identity_id,
    object: {
      identity_id: change.identity_id,
      old_summary_status: change.from,
      new_summary_status: change.to,
      status_details: change.status_details,
    },
  });
}

export function appendDocumentsRequired(tx: StoreTx, ctx: Ctx, at: Owner & { identity_id: string; documents: DocumentType[] }): EventRecord {
  return appendEvent(tx, ctx, {
    type: 'identity.documents_required',
    // SANDBOX: Paxos's docs spell this object type two ways (REFERENCE.md §3.9); the catalogue's is used.
    object_type: 'identity_documents_required',
    client_id: at.client_id,
    entity_id: at.entity_id,
    identity_id: at.identity_id,
    object: { identity_id: at.identity_id, required_documents: at.documents },
  });
}

export function appendKycRefresh(
  tx: StoreTx,
  ctx: Ctx,
  phase: 'started' | 'completed' | 'expired',
  at: Owner & { identity_id: string; last_kyc_refresh_date?: string; next_kyc_refresh_date?: string },
): EventRecord {
  const object: Record<string, unknown> = { identity_id: at.identity_id };
  if (at.last_kyc_refresh_date) object.last_kyc_refresh_date = at.last_kyc_refresh_date;
  if (at.next_kyc_refresh_date) object.next_kyc_refresh_date = at.next_kyc_refresh_date;
  return appendEvent(tx, ctx, { type: `identity.kyc_refresh.${phase}`, object_type: 'identity_kyc_refresh', client_id: at.client_id, entity_id: at.entity_id, identity_id: at.identity_id, object });
}
