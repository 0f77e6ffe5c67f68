/**
 * @module domain/institution-roles
 * The one table of member roles per institution type, used by the simulator
 * (Create Identity, Add Institution Members), the fixture factories and the
 * scenario checks. Trusts take GRANTOR / TRUSTEE / BENEFICIARY; corporations,
 * LLCs and partnerships take BENEFICIAL_OWNER / MANAGEMENT_CONTROL_PERSON /
 * AUTHORIZED_USER (REFERENCE.md §2.14); every type may name an ACCOUNT_OPENER.
 * Pure.
 */
import type { InstitutionRoleType, InstitutionType } from '../../src/types.js';

const BUSINESS_ROLES: readonly InstitutionRoleType[] = ['BENEFICIAL_OWNER', 'AUTHORIZED_USER', 'MANAGEMENT_CONTROL_PERSON', 'ACCOUNT_OPENER'];

/** Roles each institution type may give its members. */
export const ROLES_BY_INSTITUTION_TYPE: Readonly<Record<InstitutionType, readonly InstitutionRoleType[]>> = {
  // BENEFICIAL_OWNER on a trust: Paxos's published Create Identity example lists one (issue 9: documented requests succeed).
  TRUST: ['GRANTOR', 'TRUSTEE', 'BENEFICIARY', 'ACCOUNT_OPENER', 'BENEFICIAL_OWNER'],
  CORPORATION: BUSINESS_ROLES,
  LLC: BUSINESS_ROLES,
  PARTNERSHIP: BUSINESS_ROLES,
};

/** The roles allowed for `type`; an unknown or missing type gets the business roles. */
export function rolesFor(type: string | undefined): readonly InstitutionRoleType[] {
  return type === 'TRUST' ? ROLES_BY_INSTITUTION_TYPE.TRUST : BUSINESS_ROLES;
}

/** The first role not allowed for `type`, or undefined when all are fine. */
export function disallowedRole(type: string | undefined, roles: readonly InstitutionRoleType[]): InstitutionRoleType | undefined {
  const allowed = rolesFor(type);
  return roles.find((role) => !allowed.includes(role));
}

/** Role compatibility per institution type; the message names the field. */
export function roleProblem(institutionType: string | undefined, roles: readonly InstitutionRoleType[], at: string): string | undefined {
  if (!roles.length) return `${at}.roles must list at least one role`;
  const bad = disallowedRole(institutionType, roles);
  return bad ? `${at}.roles: ${bad} is not allowed for institution_type ${institutionType ?? 'unknown'} (allowed: ${rolesFor(institutionType).join(', ')})` : undefined;
}
