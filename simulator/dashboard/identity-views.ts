/**
 * @module dashboard/identity-views
 * What the dashboard's JSON endpoints return: identity rows across every
 * entity and OAuth client (with filters), and one identity in full with its timeline.
 * Pure over a store view; the routes do the HTTP.
 */
import { presentAccount } from '../services/accounts.js';
import { presentProfile } from '../services/profiles.js';
import type { IdentityStatus, IdentityType } from '../../src/types.js';
import { badRequest } from '../http/problem.js';
import { presentIdentity } from '../services/records.js';
import { identityStatuses, identityTypes } from '../services/spec-enums.js';
import type { RequestEntry } from '../services/request-log.js';
import { createdKey, type IdentityRecord } from '../store/shape.js';
import type { StoreView } from '../store/store.js';
import { buildTimeline } from './timeline.js';

/** The spec's identity statuses, in the dashboard's order: ERROR (no decision) after the decisions. */
export const statusList = (): IdentityStatus[] => [...identityStatuses()].sort((a, b) => Number(a === 'ERROR') - Number(b === 'ERROR'));
/** The spec's identity types. */
export const typeList = (): IdentityType[] => identityTypes();

export interface IdentityFilter {
  /** identities of this entity (the owner) */
  entity_id?: string;
  /** identities of the entity this client belongs to, as the client sees them through the API */
  client_id?: string;
  status?: IdentityStatus;
  type?: IdentityType;
  /** case-insensitive text: id, ref_id, name or email */
  q?: string;
  /** at most this many rows (default LIST_LIMIT.default) */
  limit?: number;
}

export interface IdentityRow {
  id: string;
  entity_id: string;
  /** the client that created it */
  client_id: string;
  status: IdentityStatus;
  type: IdentityType;
  ref_id?: string;
  name: string;
  created_at?: string;
  updated_at?: string;
}

/** Check the list query; unknown parameters and bad enum values are 400 Problems. */
export function parseIdentityFilter(query: Record<string, string | undefined>): IdentityFilter {
  const unknown = Object.keys(query).find((k) => !['entity_id', 'client_id', 'status', 'type', 'q', 'limit', 'token'].includes(k));
  if (unknown) throw badRequest(`unknown query parameter ${unknown}`);
  const out: IdentityFilter = {};
  if (query.limit !== undefined) {
    const n = Number(query.limit);
    if (!/^\d+$/.test(query.limit) || n < 1 || n > LIST_LIMIT.max) throw badRequest(`limit must be a whole number from 1 to ${LIST_LIMIT.max}`);
    out.limit = n;
  }
  if (query.entity_id) out.entity_id = query.entity_id;
  if (query.client_id) out.client_id = query.client_id;
  if (query.status) {
    const statuses = statusList();
    if (!statuses.includes(query.status as IdentityStatus)) throw badRequest(`status must be one of ${statuses.join(', ')}`);
    out.status = query.status as IdentityStatus;
  }
  if (query.type) {
    const types = typeList();
    if (!types.includes(query.type as IdentityType)) throw badRequest(`type must be one of ${types.join(', ')}`);
    out.type = query.type as IdentityType;
  }
  if (query.q?.trim()) out.q = query.q.trim().toLowerCase();
  return out;
}

export function displayName(rec: IdentityRecord): string {
  if (rec.type === 'INSTITUTION') return rec.institution_details?.name ?? '';
  const p = rec.person_details;
  return [p?.first_name, p?.middle_name, p?.last_name].filter(Boolean).join(' ');
}

function matches(rec: IdentityRecord, f: IdentityFilter, entityOf: (clientId: string) => string): boolean {
  if (f.entity_id && rec._sim.entity_id !== f.entity_id) return false;
  if (f.client_id && rec._sim.entity_id !== entityOf(f.client_id)) return false;
  if (f.status && rec.status !== f.status) return false;
  if (f.type && rec.type !== f.type) return false;
  if (f.q) {
    const email = rec.person_details?.email ?? rec.institution_details?.email;
    const haystack = [rec.id, rec.ref_id, displayName(rec), email].filter(Boolean).join('\n').toLowerCase();
    if (!haystack.includes(f.q)) return false;
  }
  return true;
}

/** How many rows the list answers unless asked (`limit`), and at most. */
export const LIST_LIMIT = { default: 500, max: 5000 } as const;

/** The newest rows matching a filter, and whether older ones match too. */
export interface IdentityRows {
  identities: IdentityRow[];
  /** more identities match than were returned (narrow the filter, or raise `limit`) */
  more: boolean;
}

/**
 * The newest identities of every client that match the filter, newest first
 * (by creation time, then creation order), at most `limit` of them. Each
 * entity's identities are walked newest first through the store's `created`
 * index and merged, so a page reads the rows it returns plus those the
 * filter skips, not the whole store.
 * @example
 * store.read((db) => listIdentityRows(db, { status: 'PENDING' }))
 */
export function listIdentityRows(view: StoreView, filter: IdentityFilter, entityOf: (clientId: string) => string = (c) => c, limit: number = LIST_LIMIT.default): IdentityRows {
  const entities = filter.entity_id !== undefined ? [filter.entity_id] : filter.client_id !== undefined ? [entityOf(filter.client_id)] : view.identities.keys('entity');
  const heads = entities.map((entity) => {
    const prefix = `${entity}|`;
    const walk = view.identities.scan('created', { reverse: true, above: prefix, below: `${prefix}\uffff` });
    const next = (): IdentityRecord | undefined => {
      for (let r = walk.next(); !r.done; r = walk.next()) if (r.value._sim.entity_id === entity) return r.value;
      return undefined;
    };
    return { next, rec: next() };
  });
  const newer = (a: IdentityRecord, b: IdentityRecord) => {
    const ka = createdKey(a);
    const kb = createdKey(b);
    return ka !== kb ? ka > kb : a._sim.seq > b._sim.seq;
  };
  const out: IdentityRow[] = [];
  for (;;) {
    let head: (typeof heads)[number] | undefined;
    for (const h of heads) if (h.rec && (!head || newer(h.rec, head.rec!))) head = h;
    if (!head) return { identities: out, more: false };
    const rec = head.rec!;
    head.rec = head.next();
    if (!matches(rec, filter, entityOf)) continue;
    if (out.length === limit) return { identities: out, more: true };
    out.push(identityRow(rec));
  }
}

function identityRow(rec: IdentityRecord): IdentityRow {
  const row: IdentityRow = { id: rec.id, entity_id: rec._sim.entity_id, client_id: rec._sim.client_id, status: rec.status ?? 'PENDING', type: rec.type ?? 'PERSON', name: displayName(rec) };
  if (rec.ref_id !== undefined) row.ref_id = rec.ref_id;
  if (rec.created_at) row.created_at = rec.created_at;
  if (rec.updated_at) row.updated_at = rec.updated_at;
  return row;
}

/** Every entity with identities or in the configuration: configured ones first, in order. */
export function entityIds(view: StoreView, configured: readonly string[]): string[] {
  const ids = new Set(configured);
  for (const id of view.identities.keys('entity')) ids.add(id);
  return [...ids];
}

/** Every client with identities or in the configuration, sorted. */
export function clientIds(view: StoreView, configured: readonly string[]): string[] {
  const ids = new Set(configured);
  for (const id of view.identities.keys('client')) ids.add(id);
  return [...ids].sort();
}

/**
 * One identity in full: the wire Identity (details, members, status_details),
 * the simulator's notes about it, pending jobs and the merged timeline.
 */
export function identityDetail(view: StoreView, rec: IdentityRecord, requests: readonly RequestEntry[]) {
  const edd = rec._sim.edd;
  const ownAccounts = view.accounts.by('identity', rec.id);
  const memberOf = view.account_members.by('identity', rec.id).map((m) => view.accounts.get(m.account_id)).filter((a) => a !== undefined);
  return {
    entity_id: rec._sim.entity_id,
    client_id: rec._sim.client_id,
    name: displayName(rec),
    identity: presentIdentity(view, rec, { includeDetails: true, includeMembers: true }),
    simulator: {
      rule: rec._sim.rule,
      ...(rec._sim.manual_review && { manual_review: rec._sim.manual_review }),
      ...(edd && { edd: { state: edd.state, required: edd.required, then: edd.then, opened_at: edd.opened_at } }),
      ...(rec._sim.kyc && { kyc_refresh: rec._sim.kyc }),
    },
    jobs: view.jobs
      .by('identity', rec.id)
      .sort((a, b) => a.due_at.localeCompare(b.due_at))
      .map((j) => ({ kind: j.kind, due_at: j.due_at })),
    timeline: buildTimeline(view, rec, requests),
    /** accounts the identity owns or is a member of, each with its profile's balances */
    accounts: [...ownAccounts, ...memberOf]
      .sort((a, b) => a._sim.seq - b._sim.seq)
      .map((a) => {
        const profile = a.profile_id ? view.profiles.get(a.profile_id) : undefined;
        return {
          ...presentAccount(view, a),
          role: a.identity_id === rec.id ? 'owner' : 'member',
          ...(profile && {
            profile: {
              ...presentProfile(profile),
              ...(profile.deactivated_at && { deactivated_at: profile.deactivated_at }),
              balances: Object.keys(profile.balances).sort().map((asset) => ({ asset, available: profile.balances[asset], trading: '0' })),
            },
          }),
        };
      }),
    /** every control, active first, then removed ones (with deleted_at) */
    controls: [
      ...(rec._sim.controls ?? []),
      ...view.controls
        .by('identity', rec.id)
        .filter((c) => c.deleted_at)
        .sort((a, b) => a.seq - b.seq)
        .map(({ identity_id, client_id, seq, ...c }) => (void identity_id, void client_id, void seq, c)),
    ],
  };
}

export type IdentityDetail = ReturnType<typeof identityDetail>;
