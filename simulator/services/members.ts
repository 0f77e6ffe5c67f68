/**
 * @module services/members
 * Institution members (REFERENCE.md §2.14): each member is an existing PERSON
 * identity of the same entity with roles that fit the institution type.
 * Adding is additive; removing takes the member id (not the identity id).
 */
import type { AddInstitutionMembersRequest, AddInstitutionMembersResponse, InstitutionMember } from '../../src/types.js';
import { invalid, missing } from '../domain/errors.js';
import type { IdentityRecord, MemberRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import { roleProblem } from '../domain/institution-roles.js';
import type { SimContext } from './context.js';
import { ownIdentity } from './identity-lookup.js';
import { presentMember } from './records.js';
import { recompute } from './status.js';

export function addMembersInTx(
  tx: StoreTx,
  ctx: Pick<SimContext, 'ids' | 'clock'>,
  clientId: string,
  institution: IdentityRecord,
  members: readonly InstitutionMember[],
  field = 'institution_members',
): MemberRecord[] {
  const existing = new Set(tx.members.by('institution', institution.id).map((m) => m.identity_id));
  return members.map((m, i) => {
    const at = `${field}[${i}]`;
    if (m.id !== undefined) throw invalid(`${at}.id is read-only`);
    if (!m.identity_id) throw invalid(`${at}.identity_id is required`);
    const person = tx.identities.get(m.identity_id);
    if (!person || person._sim.entity_id !== institution._sim.entity_id) throw invalid(`${at}.identity_id ${m.identity_id} is not an existing identity`);
    if (person.type !== 'PERSON') throw invalid(`${at}.identity_id ${m.identity_id} must be a person identity`);
    if (existing.has(m.identity_id)) throw invalid(`${at}.identity_id ${m.identity_id} is already a member`);
    existing.add(m.identity_id);
    const roleIssue = roleProblem(institution.institution_details?.institution_type, m.roles ?? [], at);
    if (roleIssue) throw invalid(roleIssue);
    const record: MemberRecord = {
      id: ctx.ids.uuid(),
      institution_id: institution.id,
      identity_id: m.identity_id,
      roles: m.roles ?? [],
      ...(m.ownership !== undefined && { ownership: m.ownership }),
      ...(m.position !== undefined && { position: m.position }),
      client_id: clientId,
      entity_id: institution._sim.entity_id,
      created_at: ctx.clock.now().toISOString(),
    };
    tx.members.put(record.id, record);
    return record;
  });
}

export async function addInstitutionMembers(ctx: SimContext, clientId: string, body: AddInstitutionMembersRequest): Promise<AddInstitutionMembersResponse> {
  const result = await ctx.commit((tx) => {
    const institution = ownIdentity(tx, ctx.entities.of(clientId), body.institution_id);
    if (institution.type !== 'INSTITUTION') throw invalid('institution_id must be an institution identity');
    if (!body.members.length) throw invalid('members must list at least one member');
    const added = addMembersInTx(tx, ctx, clientId, institution, body.members, 'members');
    recompute(tx, ctx, institution.id);
    return { institution_id: institution.id, members: added.map((m) => presentMember(tx, m)) };
  });
  return result;
}

export async function deleteInstitutionMember(ctx: SimContext, clientId: string, memberId: string): Promise<void> {
  await ctx.commit((tx) => {
    const member = tx.members.get(memberId);
    if (!member || member.entity_id !== ctx.entities.of(clientId)) throw missing(`Institution member with id ${memberId} doesn't exist`);
    tx.members.delete(memberId);
    recompute(tx, ctx, member.institution_id);
  });
}
