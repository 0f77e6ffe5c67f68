/**
 * @module services/identity-lookup
 * The one identity lookup: an identity of the caller's entity, or a 404.
 * Another entity's identity is "not found" too (REFERENCE.md §2.1).
 */
import { identityMissing, missing } from '../domain/errors.js';
import type { IdentityRecord } from '../store/shape.js';
import type { StoreView } from '../store/store.js';

/**
 * Look up an identity of this entity. The 404 reads "Identity with id … doesn't
 * exist", or `detail` where Paxos words it differently for one operation
 * (Document Upload: "identity does not exist").
 */
export function ownIdentity<V extends Pick<StoreView, 'identities'>>(view: V, entityId: string, id: string, detail?: string): IdentityRecord {
  const rec = view.identities.get(id);
  if (!rec || rec._sim.entity_id !== entityId) throw detail === undefined ? identityMissing(id) : missing(detail);
  return rec;
}
