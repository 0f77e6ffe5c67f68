/**
 * The summary view's JSON cache (services/records.ts presentIdentityJson): the
 * text GET Identity and List Identities answer with is what
 * JSON.stringify(presentIdentity(...)) gives, and follows every change of the
 * row (rows are replaced, never changed in place), including a rollback.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../simulator/app.js';
import { testConfig } from '../../../simulator/config.js';
import { createIdentity, getIdentityJson, updateIdentity } from '../../../simulator/services/identities.js';
import { listIdentities, listIdentitiesJson } from '../../../simulator/services/identity-list.js';
import { presentIdentity, presentIdentityJson } from '../../../simulator/services/records.js';
import { personBody } from '../../support/bodies.js';

const CLIENT = 'paxos-sim-client';

describe('presentIdentityJson', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await createSimulator({ config: testConfig({ clock: { ...testConfig().clock, frozen: true } }) });
  });
  afterEach(() => sim.close());

  const stored = (id: string) => sim.store.read((db) => db.identities.get(id)!);

  it('is JSON.stringify(presentIdentity(...)) for every combination of options', async () => {
    const made = await createIdentity(sim.ctx, CLIENT, personBody(1));
    for (const opts of [{}, { includeDetails: true }, { includeMembers: true }, { includeDetails: true, includeMembers: true }]) {
      const [expected, actual] = sim.store.read((db) => {
        const rec = db.identities.get(made.id)!;
        return [JSON.stringify(presentIdentity(db, rec, opts)), presentIdentityJson(db, rec, opts)];
      });
      expect(actual).toBe(expected);
      expect(getIdentityJson(sim.ctx, CLIENT, made.id, opts)).toBe(expected);
    }
  });

  it('follows an update of the row, in GET and in List', async () => {
    const made = await createIdentity(sim.ctx, CLIENT, personBody(2));
    const before = getIdentityJson(sim.ctx, CLIENT, made.id, {});
    expect(listIdentitiesJson(sim.ctx, CLIENT, {})).toContain(before);
    await updateIdentity(sim.ctx, CLIENT, made.id, { metadata: { note: 'changed' } });
    const after = getIdentityJson(sim.ctx, CLIENT, made.id, {});
    expect(after).not.toBe(before);
    expect(JSON.parse(after).metadata).toEqual({ note: 'changed' });
    expect((listIdentities(sim.ctx, CLIENT, {}).items ?? []).find((i) => i.id === made.id)?.metadata).toEqual({ note: 'changed' });
    expect(after).toBe(sim.store.read((db) => JSON.stringify(presentIdentity(db, stored(made.id)))));
  });

  it('follows a rolled-back transaction back to the row before it', async () => {
    const made = await createIdentity(sim.ctx, CLIENT, personBody(3));
    const before = getIdentityJson(sim.ctx, CLIENT, made.id, {});
    await expect(
      sim.store.transact((tx) => {
        const rec = tx.identities.get(made.id)!;
        tx.identities.put(made.id, { ...rec, metadata: { note: 'never' } });
        expect(getIdentityJson(sim.ctx, CLIENT, made.id, {})).toContain('never');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(getIdentityJson(sim.ctx, CLIENT, made.id, {})).toBe(before);
  });

  it('answers List pages exactly as JSON.stringify of the page, with and without a cursor', async () => {
    for (let i = 0; i < 3; i++) await createIdentity(sim.ctx, CLIENT, personBody(10 + i));
    const page = listIdentitiesJson(sim.ctx, CLIENT, { limit: 2 });
    const parsed = JSON.parse(page) as { items: unknown[]; next_page_cursor?: string };
    expect(parsed.items).toHaveLength(2);
    expect(parsed.next_page_cursor).toEqual(expect.any(String));
    expect(page).toBe(JSON.stringify(parsed));
    const rest = listIdentitiesJson(sim.ctx, CLIENT, { limit: 2, page_cursor: parsed.next_page_cursor });
    expect(JSON.parse(rest).next_page_cursor).toBeUndefined();
    expect(JSON.parse(rest).items).toHaveLength(1);
    expect(rest).toBe(JSON.stringify(JSON.parse(rest)));
  });
});
