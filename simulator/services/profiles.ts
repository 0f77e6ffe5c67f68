/**
 * @module services/profiles
 * Profiles and their balances: list, get, create, rename, deactivate, and the
 * sandbox deposit that credits test funds at once. Balances are exact decimal
 * strings (domain/decimal.ts); `trading` is always "0" (no orders here).
 *
 * SANDBOX: Paxos does not document what deactivating a profile with funds
 * does; here it is a 400, as is a second deactivation's lookup (404).
 */
import type {
  CreateProfileRequest,
  ListProfileBalancesResponse,
  ListProfilesQuery,
  ListProfilesResponse,
  Profile,
  ProfileBalance,
  SandboxDepositRequest,
  SandboxDepositResponse,
  UpdateProfileRequest,
} from '../../src/types.js';
import { addDecimal, decimalPlaces, isZero, toUnits } from '../domain/decimal.js';
import { conflict, invalid, missing } from '../domain/errors.js';
import { page, timeFilters } from '../domain/paging.js';
import { walkCreated } from './created-pages.js';
import { QUERY_BOUNDS } from '../spec/generated/spec-bounds.js';
import { nicknameKey, type ProfileRecord } from '../store/shape.js';
import type { StoreTx, StoreView } from '../store/store.js';
import type { SimContext } from './context.js';
import { issueTimestamp } from './stamps.js';

/** The query of List Profiles, as the spec declares it (time filters included). */
export type { ListProfilesQuery };

/** Asset codes: letters and digits, as Paxos's (USD, BTC, PYUSD, USDG, ...). */
const ASSET = /^[A-Z0-9]{2,12}$/;
/** The most decimal places a deposit may carry. */
const MAX_DECIMALS = 18;

export function assetOf(raw: string, field = 'asset'): string {
  const asset = raw.trim().toUpperCase();
  if (!ASSET.test(asset)) throw invalid(`${field} must be an asset code such as USD or BTC`);
  return asset;
}

const profileMissing = (id: string) => missing(`Profile with id ${id} doesn't exist`);

function profileOf(view: Pick<StoreView, 'profiles'>, entityId: string, id: string, includeDeactivated = false): ProfileRecord {
  const rec = view.profiles.get(id);
  if (!rec || rec.entity_id !== entityId || (rec.deactivated_at && !includeDeactivated)) throw profileMissing(id);
  return rec;
}

/** 409 when another active profile of the client has this nickname (Paxos: "Must be unique"). */
function assertNicknameFree(tx: StoreTx, entityId: string, nickname: string, selfId?: string): void {
  const clash = tx.profiles.by('active_nickname', nicknameKey(entityId, nickname)).find((p) => p.id !== selfId);
  if (clash) throw conflict(`a profile with nickname "${nickname}" already exists`, { id: clash.id });
}

export function presentProfile(rec: ProfileRecord): Profile {
  const out: Profile = { id: rec.id, nickname: rec.nickname, type: rec.type };
  if (rec.description !== undefined) out.description = rec.description;
  if (rec.account_id) out.account_id = rec.account_id;
  return out;
}

const balance = (rec: ProfileRecord, asset: string): ProfileBalance => ({ asset, available: rec.balances[asset] ?? '0', trading: '0' });

/** Open a profile inside the caller's transaction (CreateProfile, or an account's create_profile). */
export function openProfileInTx(tx: StoreTx, ctx: Pick<SimContext, 'ids' | 'clock' | 'entities'>, clientId: string, p: { nickname: string; description?: string; account_id?: string }): ProfileRecord {
  const rec: ProfileRecord = {
    id: ctx.ids.uuid(),
    nickname: p.nickname,
    ...(p.description !== undefined && { description: p.description }),
    type: 'NORMAL',
    ...(p.account_id && { account_id: p.account_id }),
    client_id: clientId,
    entity_id: ctx.entities.of(clientId),
    created_at: issueTimestamp(tx, ctx.clock.nowMs(), 6),
    seq: tx.nextSeq(),
    balances: {},
  };
  tx.profiles.put(rec.id, rec);
  return rec;
}

export async function createProfile(ctx: SimContext, clientId: string, body: CreateProfileRequest): Promise<Profile> {
  if (!body.nickname.trim()) throw invalid('nickname must not be empty');
  return ctx.store.transact((tx) => {
    assertNicknameFree(tx, ctx.entities.of(clientId), body.nickname);
    return presentProfile(openProfileInTx(tx, ctx, clientId, { nickname: body.nickname, description: body.description }));
  });
}

export async function updateProfile(ctx: SimContext, clientId: string, id: string, body: UpdateProfileRequest): Promise<Profile> {
  if (!body.nickname.trim()) throw invalid('nickname must not be empty');
  return ctx.store.transact((tx) => {
    const rec = profileOf(tx, ctx.entities.of(clientId), id);
    assertNicknameFree(tx, ctx.entities.of(clientId), body.nickname, rec.id);
    const next = { ...rec, nickname: body.nickname };
    tx.profiles.put(id, next);
    return presentProfile(next);
  });
}

export function getProfile(ctx: SimContext, clientId: string, id: string, includeDeactivated = false): Profile {
  return ctx.store.read((view) => presentProfile(profileOf(view, ctx.entities.of(clientId), id, includeDeactivated)));
}

export function listProfiles(ctx: SimContext, clientId: string, q: ListProfilesQuery): ListProfilesResponse {
  const entityId = ctx.entities.of(clientId);
  const filters: Array<(r: ProfileRecord) => boolean> = [
    (r) => r.entity_id === entityId && !r.deactivated_at,
    ...timeFilters<ProfileRecord>(q, ['created_at'], (r) => r.created_at),
  ];
  if (q.nickname !== undefined) filters.push((r) => r.nickname === q.nickname);
  if (q.ids?.length) {
    const ids = new Set(q.ids);
    filters.push((r) => ids.has(r.id));
  }
  if (q.account_id !== undefined) filters.push((r) => r.account_id === q.account_id);
  const matches = (r: ProfileRecord) => filters.every((f) => f(r));
  return ctx.store.read((view) => {
    const { items, next_page_cursor } =
      q.account_id !== undefined
        ? page(view.profiles.by('account', q.account_id).filter(matches), (r) => r, q, QUERY_BOUNDS.ListProfiles.limit)
        : walkCreated(view.profiles, `${entityId}|`, matches, (r) => r, q, QUERY_BOUNDS.ListProfiles.limit);
    const out: ListProfilesResponse = { items: items.map(presentProfile) };
    if (next_page_cursor) out.next_page_cursor = next_page_cursor;
    return out;
  });
}

export function listProfileBalances(ctx: SimContext, clientId: string, id: string, assets?: string[]): ListProfileBalancesResponse {
  const wanted = assets?.map((a) => assetOf(a, 'assets'));
  return ctx.store.read((view) => {
    const rec = profileOf(view, ctx.entities.of(clientId), id);
    const names = wanted?.length ? [...new Set(wanted)] : Object.keys(rec.balances).sort();
    return { items: names.map((a) => balance(rec, a)) };
  });
}

export function getProfileBalance(ctx: SimContext, clientId: string, id: string, rawAsset: string): ProfileBalance {
  const asset = assetOf(rawAsset);
  return ctx.store.read((view) => balance(profileOf(view, ctx.entities.of(clientId), id), asset));
}

export async function deactivateProfile(ctx: SimContext, clientId: string, id: string): Promise<Record<string, never>> {
  return ctx.store.transact((tx) => {
    const rec = profileOf(tx, ctx.entities.of(clientId), id);
    const held = Object.entries(rec.balances).filter(([, amount]) => !isZero(amount));
    if (held.length) throw invalid(`profile ${id} still holds ${held.map(([a, amount]) => `${amount} ${a}`).join(', ')}; withdraw the funds first`);
    tx.profiles.put(id, { ...rec, deactivated_at: issueTimestamp(tx, ctx.clock.nowMs(), 6) });
    return {};
  });
}

export async function sandboxDeposit(ctx: SimContext, clientId: string, id: string, body: SandboxDepositRequest): Promise<SandboxDepositResponse> {
  const asset = assetOf(body.asset);
  if (decimalPlaces(body.amount) > MAX_DECIMALS) throw invalid(`amount must have at most ${MAX_DECIMALS} decimal places`);
  if (toUnits(body.amount) <= 0n) throw invalid('amount must be greater than zero');
  return ctx.store.transact((tx) => {
    const rec = profileOf(tx, ctx.entities.of(clientId), id);
    const balances = { ...rec.balances, [asset]: addDecimal(rec.balances[asset] ?? '0', body.amount) };
    tx.profiles.put(id, { ...rec, balances });
    return { activity_id: ctx.ids.uuid() };
  });
}
