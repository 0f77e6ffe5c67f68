/**
 * @module services/controls
 * The Identity Controls API (REFERENCE.md §2.16): list an identity's controls
 * (active, and removed ones with `include_deleted`), set a client control, and
 * remove an overridable one. A control changes the identity's active controls;
 * recompute() then derives the status (domain/identity-status.ts), records the
 * history and emits the `identity.control.*` and status events.
 *
 * SANDBOX choices (Paxos is silent): a second active control of the same type
 * set by the client is a 409 naming the first; a removed control's lookup is a
 * 404; removing the control that stands for `user_disabled` clears that flag.
 */
import type { CreateIdentityControlRequest, IdentityControl, ListIdentityControlsQuery, ListIdentityControlsResponse } from '../../src/types.js';
import { controlKindOf } from '../domain/controls.js';
import { conflict, denied, identityMissing, invalid, missing } from '../domain/errors.js';
import { pageLimit } from '../domain/paging.js';
import { QUERY_BOUNDS } from '../spec/generated/spec-bounds.js';
import type { IdentityRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import { ownIdentity } from './identity-lookup.js';
import type { SimContext } from './context.js';
import { specEnum } from './spec-enums.js';
import { recompute } from './status.js';

/** The query of List Identity Controls, as the spec declares it. */
export type ListControlsQuery = ListIdentityControlsQuery;

function decodeOffset(cursor: string): number {
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
  if (!Number.isInteger(n) || n < 0 || !Buffer.from(cursor, 'base64url').toString('utf8').startsWith('o:')) throw invalid('page_cursor token cannot be parsed');
  return n;
}

export function listControls(ctx: SimContext, clientId: string, q: ListControlsQuery): ListIdentityControlsResponse {
  const limit = pageLimit(q.limit, QUERY_BOUNDS.ListIdentityControls.limit);
  const offset = q.page_cursor ? decodeOffset(q.page_cursor) : 0;
  return ctx.store.read((view) => {
    const rec = ownIdentity(view, ctx.entities.of(clientId), q.identity_id);
    const active = rec._sim.controls ?? [];
    const activeIds = new Set(active.map((c) => c.id));
    const seqOf = new Map(view.controls.by('identity', rec.id).map((c) => [c.id, c.seq]));
    const removed = q.include_deleted ? view.controls.by('identity', rec.id).filter((c) => c.deleted_at && !activeIds.has(c.id)) : [];
    const all: IdentityControl[] = [
      ...active,
      ...removed.map(({ identity_id, client_id, entity_id, seq, ...c }) => (void identity_id, void client_id, void entity_id, void seq, c)),
    ].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || (seqOf.get(a.id ?? '') ?? 0) - (seqOf.get(b.id ?? '') ?? 0));
    const items = all.slice(offset, offset + limit);
    const out: ListIdentityControlsResponse = { items };
    if (offset + limit < all.length) out.next_page_cursor = Buffer.from(`o:${offset + limit}`).toString('base64url');
    return out;
  });
}

export async function createControl(ctx: SimContext, clientId: string, body: CreateIdentityControlRequest): Promise<IdentityControl> {
  const control = await ctx.commit((tx) => {
    const rec = ownIdentity(tx, ctx.entities.of(clientId), body.identity_id);
    const active = rec._sim.controls ?? [];
    const same = active.find((c) => c.type === body.type && c.set_by === 'SET_BY_CLIENT');
    if (same) throw conflict(`identity ${rec.id} already has an active ${body.type} control set by the client`, { id: same.id ?? '' });
    const made: IdentityControl = {
      id: ctx.ids.uuid(),
      type: body.type,
      set_by: 'SET_BY_CLIENT',
      is_overridable: true,
      reason_code: body.reason_code,
      ...(body.reason !== undefined && { reason: body.reason }),
      created_at: ctx.clock.now().toISOString(),
    };
    tx.identities.put(rec.id, { ...rec, _sim: { ...rec._sim, controls: [...active, made] } });
    recompute(tx, ctx, rec.id);
    return made;
  });
  return control;
}

type PaxosControlInput = { type: IdentityControl['type']; reason_code: NonNullable<IdentityControl['reason_code']>; reason?: string };

/**
 * The body of POST /_sim/identities/{id}/controls, checked against the spec's
 * enums: `type` and `reason_code` required, `reason` optional, nothing else.
 */
export function parsePaxosControlInput(body: Record<string, unknown>): PaxosControlInput {
  const extra = Object.keys(body).find((k) => !['type', 'reason_code', 'reason'].includes(k));
  if (extra) throw invalid(`unknown field ${extra}`);
  const types = specEnum('IdentityControlType');
  const codes = specEnum('IdentityControlReasonCode');
  if (typeof body.type !== 'string' || !types.includes(body.type)) throw invalid(`type must be one of ${types.join(', ')}`);
  if (typeof body.reason_code !== 'string' || !codes.includes(body.reason_code)) throw invalid(`reason_code must be one of ${codes.join(', ')}`);
  if (body.reason !== undefined && typeof body.reason !== 'string') throw invalid('reason must be a string');
  return {
    type: body.type as PaxosControlInput['type'],
    reason_code: body.reason_code as PaxosControlInput['reason_code'],
    ...(body.reason !== undefined && { reason: body.reason as string }),
  };
}

/**
 * Paxos's side (the simulator's control API): set a control of any type,
 * `FROZEN` included, as `SET_BY_PAXOS` and not overridable, on any client's identity.
 */
export async function setPaxosControl(
  ctx: SimContext,
  identityId: string,
  input: PaxosControlInput,
): Promise<IdentityControl> {
  const control = await ctx.commit((tx) => {
    const rec = tx.identities.get(identityId);
    if (!rec) throw identityMissing(identityId);
    const made: IdentityControl = {
      id: ctx.ids.uuid(),
      type: input.type,
      set_by: 'SET_BY_PAXOS',
      is_overridable: false,
      reason_code: input.reason_code,
      ...(input.reason !== undefined && { reason: input.reason }),
      created_at: ctx.clock.now().toISOString(),
    };
    tx.identities.put(rec.id, { ...rec, _sim: { ...rec._sim, controls: [...(rec._sim.controls ?? []), made] } });
    recompute(tx, ctx, rec.id);
    return made;
  });
  return control;
}

/** Paxos's side: lift any active control of an identity (as Paxos Support would). */
export async function liftControl(ctx: SimContext, identityId: string, controlId: string): Promise<void> {
  await ctx.commit((tx) => {
    const rec = tx.identities.get(identityId);
    const control = rec?._sim.controls?.find((c) => c.id === controlId);
    if (!rec || !control) throw missing(`Identity control with id ${controlId} doesn't exist on identity ${identityId}`);
    const next: IdentityRecord = { ...rec, _sim: { ...rec._sim, controls: (rec._sim.controls ?? []).filter((c) => c.id !== controlId) } };
    const kind = controlKindOf(control);
    if (kind === 'user_disabled') next.user_disabled = false;
    if (kind === 'admin_disabled') next.admin_disabled = false;
    tx.identities.put(rec.id, next);
    recompute(tx, ctx, rec.id);
  });
}

/** The identity holding control `id` among this client's identities (active or removed). */
function holderOf(tx: StoreTx, entityId: string, id: string): IdentityRecord | undefined {
  const row = tx.controls.get(id);
  if (row) return row.entity_id === entityId ? tx.identities.get(row.identity_id) : undefined;
  // a control with no history row (a data file from before the history): look among the entity's identities that hold controls
  return tx.identities.by('with_controls', entityId).find((r) => (r._sim.controls ?? []).some((c) => c.id === id));
}

export async function deleteControl(ctx: SimContext, clientId: string, id: string): Promise<Record<string, never>> {
  await ctx.commit((tx) => {
    const rec = holderOf(tx, ctx.entities.of(clientId), id);
    const control = rec?._sim.controls?.find((c) => c.id === id);
    if (!rec || !control) throw missing(`Identity control with id ${id} doesn't exist`);
    if (!control.is_overridable) throw denied(`identity control ${id} was set by Paxos and cannot be deleted by the client`);
    const next: IdentityRecord = { ...rec, _sim: { ...rec._sim, controls: (rec._sim.controls ?? []).filter((c) => c.id !== id) } };
    // The migration note (REFERENCE.md §3.6): user_disabled ≡ this control, so lifting it re-enables.
    if (controlKindOf(control) === 'user_disabled') next.user_disabled = false;
    tx.identities.put(rec.id, next);
    recompute(tx, ctx, rec.id);
  });
  return {};
}

