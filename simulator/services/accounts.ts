/**
 * @module services/accounts
 * Accounts and account members (REFERENCE.md §2.15): create (optionally with a
 * profile), update (complete member list, `set_user_disabled`), get, list with
 * the identity filters and cursors, add and remove members. Each mutation is
 * one transaction. Errors are typed domain errors (domain/errors.ts).
 *
 * SANDBOX: Paxos does not say whether an account can be opened for an identity
 * that is not APPROVED. By default it cannot here (400), the choice under which
 * code that works against the simulator also works against Paxos;
 * `accounts.require_approved_identity: false` lifts it.
 */
import type {
  Account,
  AccountMember,
  AccountRoleType,
  AddAccountMembersRequest,
  AddAccountMembersResponse,
  CreateAccountRequest,
  IdentityStatus,
  ListAccountsQuery,
  ListAccountsResponse,
  UpdateAccountRequest,
} from '../../src/types.js';
import { conflict, invalid, missing } from '../domain/errors.js';
import { page, timeFilters } from '../domain/paging.js';
import { walkCreated } from './created-pages.js';
import { QUERY_BOUNDS } from '../spec/generated/spec-bounds.js';
import type { AccountMemberRecord, AccountRecord } from '../store/shape.js';
import type { StoreTx, StoreView } from '../store/store.js';
import type { SimContext } from './context.js';
import { ownIdentity } from './identity-lookup.js';
import { openProfileInTx } from './profiles.js';
import { issueTimestamp } from './stamps.js';

type View = Pick<StoreView, 'identities' | 'accounts' | 'account_members'>;

/** The query of List Accounts, as the spec declares it (time filters included). */
export type { ListAccountsQuery };

export const accountMissing = (id: string) => missing(`Account with id ${id} doesn't exist`);

function accountOf(view: Pick<StoreView, 'accounts'>, entityId: string, id: string): AccountRecord {
  const rec = view.accounts.get(id);
  if (!rec || rec._sim.entity_id !== entityId) throw accountMissing(id);
  return rec;
}

function membersOf(view: Pick<StoreView, 'account_members'>, accountId: string): AccountMemberRecord[] {
  return view.account_members.by('account', accountId).sort((a, b) => a.seq - b.seq);
}

/** The account's status: DISABLED while the account is disabled, else its primary identity's status. */
export function accountStatus(rec: AccountRecord, identityStatus: IdentityStatus | undefined): IdentityStatus {
  if (rec.user_disabled || rec.admin_disabled) return 'DISABLED';
  return identityStatus ?? 'PENDING';
}

export function presentAccount(view: View, rec: AccountRecord): Account {
  const { _sim, ...wire } = rec;
  void _sim;
  const members = membersOf(view, rec.id).map((m): AccountMember => ({ id: m.id, identity_id: m.identity_id, roles: m.roles }));
  return { ...wire, members, summary_status: accountStatus(rec, view.identities.get(rec.identity_id)?.status) };
}

/** Roles of a requested member: `roles`, or the older single `type`; at least one. */
function rolesOf(m: AccountMember, where: string): AccountRoleType[] {
  const roles = [...new Set(m.roles?.length ? m.roles : m.type ? [m.type] : [])];
  if (!roles.length) throw invalid(`${where}.roles must name at least one role`);
  return roles;
}

function assertRefIdFree(tx: StoreTx, entityId: string, refId: string | undefined, selfId?: string): void {
  if (refId === undefined) return;
  const clash = tx.accounts.by('ref_id', `${entityId}|${refId}`).find((a) => a.id !== selfId);
  if (clash) throw conflict('duplicate ref_id provided', { id: clash.id });
}

/** Check requested members (identities exist, no repeats, not the primary owner) and write them. */
function putMembers(tx: StoreTx, ctx: Pick<SimContext, 'ids'>, account: AccountRecord, requested: AccountMember[], now: string, field: string): AccountMemberRecord[] {
  const existing = new Set(membersOf(tx, account.id).map((m) => m.identity_id));
  const seen = new Set<string>();
  const out: AccountMemberRecord[] = [];
  requested.forEach((m, i) => {
    const where = `${field}[${i}]`;
    if (!m.identity_id) throw invalid(`${where}.identity_id is required`);
    const roles = rolesOf(m, where);
    ownIdentity(tx, account._sim.entity_id, m.identity_id);
    if (m.identity_id === account.identity_id) throw invalid(`${where}.identity_id is the account's primary identity`);
    if (seen.has(m.identity_id)) throw invalid(`${where}.identity_id ${m.identity_id} is listed twice`);
    seen.add(m.identity_id);
    if (existing.has(m.identity_id)) {
      const clash = membersOf(tx, account.id).find((x) => x.identity_id === m.identity_id)!;
      throw conflict(`identity ${m.identity_id} is already a member of account ${account.id}`, { id: clash.id });
    }
    const rec: AccountMemberRecord = { id: ctx.ids.uuid(), account_id: account.id, identity_id: m.identity_id, roles, client_id: account._sim.client_id, entity_id: account._sim.entity_id, created_at: now, seq: tx.nextSeq() };
    tx.account_members.put(rec.id, rec);
    out.push(rec);
  });
  return out;
}

export async function createAccount(ctx: SimContext, clientId: string, body: CreateAccountRequest): Promise<Account> {
  const requireApproved = ctx.config.accounts?.requireApprovedIdentity ?? true;
  return ctx.store.transact((tx) => {
    const a = body.account;
    if (!a.identity_id) throw invalid('account.identity_id is required');
    const identity = ownIdentity(tx, ctx.entities.of(clientId), a.identity_id);
    if (requireApproved && identity.status !== 'APPROVED') {
      throw invalid(`identity ${identity.id} is ${identity.status ?? 'PENDING'}; an account can only be opened for an APPROVED identity`);
    }
    assertRefIdFree(tx, ctx.entities.of(clientId), a.ref_id);
    const now = issueTimestamp(tx, ctx.clock.nowMs(), 6);
    const rec: AccountRecord = {
      id: ctx.ids.uuid(),
      identity_id: identity.id,
      ...(a.description !== undefined && { description: a.description }),
      ...(a.ref_id !== undefined && { ref_id: a.ref_id }),
      ...(a.metadata !== undefined && { metadata: a.metadata }),
      type: a.type ?? 'BROKERAGE',
      admin_disabled: false,
      user_disabled: false,
      created_at: now,
      updated_at: now,
      _sim: { client_id: clientId, entity_id: ctx.entities.of(clientId), seq: tx.nextSeq() },
    };
    tx.accounts.put(rec.id, rec);
    putMembers(tx, ctx, rec, a.members ?? [], now, 'account.members');
    if (body.create_profile) {
      const profile = openProfileInTx(tx, ctx, clientId, { nickname: a.description ?? a.ref_id ?? `Account ${rec.id}`, account_id: rec.id });
      tx.accounts.put(rec.id, { ...rec, profile_id: profile.id });
    }
    return presentAccount(tx, tx.accounts.get(rec.id)!);
  });
}

export async function updateAccount(ctx: SimContext, clientId: string, body: UpdateAccountRequest): Promise<Account> {
  return ctx.store.transact((tx) => {
    const a = body.account;
    if (!a.id) throw invalid('account.id is required: it names the account to update');
    const rec = accountOf(tx, ctx.entities.of(clientId), a.id);
    if (a.identity_id !== undefined && a.identity_id !== rec.identity_id) throw invalid("account.identity_id cannot be changed");
    if (a.profile_id !== undefined && a.profile_id !== rec.profile_id) throw invalid('account.profile_id cannot be changed');
    assertRefIdFree(tx, ctx.entities.of(clientId), a.ref_id, rec.id);
    const next: AccountRecord = { ...rec, _sim: { ...rec._sim } };
    if (a.description !== undefined) next.description = a.description;
    if (a.ref_id !== undefined) next.ref_id = a.ref_id;
    if (a.metadata !== undefined) next.metadata = a.metadata;
    if (a.type !== undefined) next.type = a.type;
    if (body.set_user_disabled !== undefined) next.user_disabled = body.set_user_disabled;
    const now = issueTimestamp(tx, ctx.clock.nowMs(), 6);
    next.updated_at = now;
    tx.accounts.put(rec.id, next);
    if (a.members !== undefined) {
      // The list is complete (REFERENCE.md §2.15): keep ids of members that stay, drop the rest.
      const keep = new Map(a.members.map((m) => [m.identity_id, m]));
      for (const m of membersOf(tx, rec.id)) {
        const wanted = keep.get(m.identity_id);
        if (!wanted) tx.account_members.delete(m.id);
        else {
          tx.account_members.put(m.id, { ...m, roles: rolesOf(wanted, 'account.members') });
          keep.delete(m.identity_id);
        }
      }
      putMembers(tx, ctx, next, [...keep.values()], now, 'account.members');
    }
    return presentAccount(tx, tx.accounts.get(rec.id)!);
  });
}

export function getAccount(ctx: SimContext, clientId: string, id: string): Account {
  return ctx.store.read((view) => presentAccount(view, accountOf(view, ctx.entities.of(clientId), id)));
}

export function listAccounts(ctx: SimContext, clientId: string, q: ListAccountsQuery): ListAccountsResponse {
  const entityId = ctx.entities.of(clientId);
  const filters: Array<(r: AccountRecord) => boolean> = [
    (r) => r._sim.entity_id === entityId,
    ...timeFilters<AccountRecord>(q, ['created_at', 'updated_at'], (r, f) => r[f]),
  ];
  if (q.identity_id !== undefined) filters.push((r) => r.identity_id === q.identity_id);
  const keyOf = (r: AccountRecord) => ({ created_at: r.created_at, seq: r._sim.seq });
  const matches = (r: AccountRecord) => filters.every((f) => f(r));
  return ctx.store.read((view) => {
    // one identity's accounts from its index; else the entity's accounts walked in list order, a page at a time
    const { items, next_page_cursor } =
      q.identity_id !== undefined
        ? page(view.accounts.by('identity', q.identity_id).filter(matches), keyOf, q, QUERY_BOUNDS.ListAccounts.limit)
        : walkCreated(view.accounts, `${entityId}|`, matches, keyOf, q, QUERY_BOUNDS.ListAccounts.limit);
    const out: ListAccountsResponse = { items: items.map((r) => presentAccount(view, r)) };
    if (next_page_cursor) out.next_page_cursor = next_page_cursor;
    return out;
  });
}

export async function addAccountMembers(ctx: SimContext, clientId: string, body: AddAccountMembersRequest): Promise<AddAccountMembersResponse> {
  return ctx.store.transact((tx) => {
    const account = accountOf(tx, ctx.entities.of(clientId), body.account_id);
    if (!body.members.length) throw invalid('members must have at least 1 item(s)');
    const now = issueTimestamp(tx, ctx.clock.nowMs(), 6);
    const added = putMembers(tx, ctx, account, body.members, now, 'members');
    tx.accounts.put(account.id, { ...account, updated_at: now });
    return { account_id: account.id, members: added.map((m) => ({ id: m.id, identity_id: m.identity_id, roles: m.roles })) };
  });
}

export async function deleteAccountMember(ctx: SimContext, clientId: string, memberId: string): Promise<Record<string, never>> {
  return ctx.store.transact((tx) => {
    const m = tx.account_members.get(memberId);
    if (!m || m.entity_id !== ctx.entities.of(clientId)) throw missing(`Account member with id ${memberId} doesn't exist`);
    tx.account_members.delete(m.id);
    const account = tx.accounts.get(m.account_id);
    if (account) tx.accounts.put(account.id, { ...account, updated_at: issueTimestamp(tx, ctx.clock.nowMs(), 6) });
    return {};
  });
}
