/**
 * @module services/ownership
 * Records belong to an entity (domain/entities.ts). Data files written before
 * entities existed hold only the creating client's id; at load time each such
 * record is given that client's entity, and each identity the record of which
 * decisions were already announced (read from its events), so an old file
 * opens and behaves as if it had been written by this version.
 */
import type { EntityDirectory } from '../domain/entities.js';
import type { Store } from '../store/store.js';

/** Fill in `entity_id` (and announcement history) wherever a stored record lacks it. Returns how many records changed. */
export async function migrateOwnership(store: Store, entities: EntityDirectory): Promise<number> {
  const needed = store.read(
    (db) =>
      // from the `unowned` indexes (store/shape.ts): no row is read when none lacks an entity
      db.identities.by('unowned', 'unowned').length > 0 ||
      db.events.by('unowned', 'unowned').length > 0 ||
      db.documents.by('unowned', 'unowned').length > 0 ||
      db.members.by('unowned', 'unowned').length > 0 ||
      db.deliveries.by('unowned', 'unowned').length > 0 ||
      db.consumers.by('unowned', 'unowned').length > 0,
  );
  if (!needed) return 0;
  return store.transact((tx) => {
    let changed = 0;
    for (const r of tx.identities.by('unowned', 'unowned')) {
      const decisions = tx.events
        .by('identity', r.id)
        .filter((e) => !e.is_test && (e.type === 'identity.approved' || e.type === 'identity.denied'))
        .sort((a, b) => a._sim.seq - b._sim.seq);
      const last = decisions.at(-1)?.type;
      const sim = { ...r._sim, entity_id: entities.of(r._sim.client_id) };
      if (last) sim.announced = last === 'identity.approved' ? 'APPROVED' : 'DENIED';
      if (decisions.some((e) => e.type === 'identity.approved')) sim.ever_approved = true;
      tx.identities.put(r.id, { ...r, _sim: sim });
      changed++;
    }
    for (const e of tx.events.by('unowned', 'unowned')) {
      tx.events.put(e.id, { ...e, _sim: { ...e._sim, entity_id: entities.of(e._sim.client_id) } });
      changed++;
    }
    for (const d of tx.documents.by('unowned', 'unowned')) {
      tx.documents.put(d.file_id, { ...d, entity_id: entities.of(d.client_id) });
      changed++;
    }
    for (const m of tx.members.by('unowned', 'unowned')) {
      tx.members.put(m.id, { ...m, entity_id: entities.of(m.client_id) });
      changed++;
    }
    for (const d of tx.deliveries.by('unowned', 'unowned')) {
      tx.deliveries.put(d.id, { ...d, entity_id: entities.of(d.client_id) });
      changed++;
    }
    for (const c of tx.consumers.by('unowned', 'unowned')) {
      tx.consumers.put(c.id, { ...c, entity_id: c.client_id === undefined ? entities.defaultId : entities.of(c.client_id) });
      changed++;
    }
    return changed;
  });
}
