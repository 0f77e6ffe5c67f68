/**
 * @module dashboard/actions
 * The dashboard's buttons, each a thin call into the same services the API
 * uses, acting as the identity's own OAuth client: approve and deny go
 * through the sandbox-status service, "require documents" opens Enhanced Due
 * Diligence through the onboarding service, disable/enable are the client's
 * `set_user_disabled` update (so Paxos's admin disable cannot be lifted),
 * mark-dormant / unmark-dormant set and remove the client's DORMANT identity
 * control through the Identity Controls service.
 */
import type { DocumentType, SandboxSetIdentityStatusRequest } from '../../src/types.js';
import { DEFAULT_EDD_DOCUMENTS } from '../domain/decision-rules.js';
import { badRequest, identityNotFound } from '../http/problem.js';
import type { SimContext } from '../services/context.js';
import { createControl, deleteControl } from '../services/controls.js';
import { applyDecision, sandboxSetIdentityStatus, updateIdentity } from '../services/identities.js';
import { documentTypes } from '../services/spec-enums.js';
import type { IdentityRecord } from '../store/shape.js';

export const ACTIONS = ['approve', 'deny', 'require-documents', 'disable', 'enable', 'mark-dormant', 'unmark-dormant'] as const;
export type DashboardAction = (typeof ACTIONS)[number];

function lookUp(ctx: SimContext, id: string): IdentityRecord {
  const rec = ctx.store.read((db) => db.identities.get(id));
  if (!rec) throw identityNotFound(id);
  return rec;
}

/** Every check of the identity's type set to APPROVED (what "approve" means in the sandbox). */
function approveAll(rec: IdentityRecord): SandboxSetIdentityStatusRequest {
  const common = { sanctions_verification_status: 'APPROVED', additional_screening_status: 'APPROVED' } as const;
  return rec.type === 'INSTITUTION' ? { ...common, document_verification_status: 'APPROVED' } : { ...common, id_verification_status: 'APPROVED' };
}

/** The optional `{documents: [...]}` body of require-documents, checked against the spec's DocumentType. */
export function parseDocuments(body: Record<string, unknown>): DocumentType[] {
  const extra = Object.keys(body).find((k) => k !== 'documents');
  if (extra) throw badRequest(`unknown field ${extra}`);
  if (body.documents === undefined) return [...DEFAULT_EDD_DOCUMENTS];
  const allowed = documentTypes();
  if (!Array.isArray(body.documents) || body.documents.length === 0) throw badRequest('documents must be a non-empty list of document types');
  const bad = body.documents.find((d) => typeof d !== 'string' || !allowed.includes(d));
  if (bad !== undefined) throw badRequest(`documents: ${JSON.stringify(bad)} is not a DocumentType (one of ${allowed.join(', ')})`);
  return [...new Set(body.documents as DocumentType[])];
}

async function requireDocuments(ctx: SimContext, id: string, documents: DocumentType[]): Promise<void> {
  await ctx.commit((tx) => {
    const rec = tx.identities.get(id);
    if (!rec) throw identityNotFound(id);
    const open = rec._sim.edd;
    if (open && open.state !== 'failed') throw badRequest(`identity ${id} already has an open Enhanced Due Diligence request (${open.state.replace('_', ' ')})`);
    applyDecision(tx, ctx, rec, { kind: 'EDD', documents, then: 'APPROVED' });
  });
}

/**
 * Run one dashboard action; refusals are the services' DomainErrors (and ProblemErrors from here), both answered as Problems by the error boundary.
 * @example
 * await runAction(ctx, 'approve', identityId, {});
 */
export async function runAction(ctx: SimContext, action: DashboardAction, id: string, body: Record<string, unknown>): Promise<void> {
  if (action !== 'require-documents' && Object.keys(body).length) throw badRequest(`${action} takes no request body`);
  const rec = lookUp(ctx, id);
  // Act as a client of the identity's entity: its creator, or (if that key moved) another key of the entity.
  const clientId = ctx.entities.of(rec._sim.client_id) === rec._sim.entity_id ? rec._sim.client_id : (ctx.entities.clientsOf(rec._sim.entity_id)[0] ?? rec._sim.client_id);
  switch (action) {
    case 'approve':
      return sandboxSetIdentityStatus(ctx, clientId, id, approveAll(rec));
    case 'deny':
      return sandboxSetIdentityStatus(ctx, clientId, id, { sanctions_verification_status: 'DENIED' });
    case 'require-documents':
      return requireDocuments(ctx, id, parseDocuments(body));
    case 'disable':
      return void (await updateIdentity(ctx, clientId, id, { set_user_disabled: true }));
    case 'enable':
      return void (await updateIdentity(ctx, clientId, id, { set_user_disabled: false }));
    case 'mark-dormant':
      return void (await createControl(ctx, clientId, { identity_id: id, type: 'DORMANT', reason_code: 'INACTIVITY', reason: 'Marked dormant from the dashboard' }));
    case 'unmark-dormant': {
      const dormant = (rec._sim.controls ?? []).find((c) => c.type === 'DORMANT' && c.set_by === 'SET_BY_CLIENT');
      if (!dormant?.id) throw badRequest(`identity ${id} has no DORMANT control set by the client`);
      return void (await deleteControl(ctx, clientId, dormant.id));
    }
    default: {
      const never: never = action;
      return never;
    }
  }
}
