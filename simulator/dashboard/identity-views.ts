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
import type { IdentityRecord } from '../store/shape.js';
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
  const unknown = Object.keys(query).find((k) => !['entity_id', 'client_id', 'status', 'type', 'q', 'token'].includes(k));
  if (unknown) throw badRequest(`unknown query parameter ${unknown}`);
  const out: IdentityFilter = {};
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

/**
 * Identity rows of every client, newest first.
 * @example
 * store.read((db) => listIdentityRows(db, { status: 'PENDING' }))
 */
export function listIdentityRows(view: StoreView, filter: IdentityFilter, entityOf: (clientId: string) => string = (c) => c): IdentityRow[] {
  return view.identities
    .filter((rec) => matches(rec, filter, entityOf))
    .sort((a, b) => b._sim.seq - a._sim.seq)
    .map((rec) => {
      const row: IdentityRow = { id: rec.id, entity_id: rec._sim.entity_id, client_id: rec._sim.client_id, status: rec.status ?? 'PENDING', type: rec.type ?? 'PERSON', name: displayName(rec) };
      if (rec.ref_id !== undefined) row.ref_id = rec.ref_id;
      if (rec.created_at) row.created_at = rec.created_at;
      if (rec.updated_at) row.updated_at = rec.updated_at;
      return row;
    });
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
