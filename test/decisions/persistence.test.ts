/**
 * Timed jobs live in the store: with a lowdb file, a decision that was due
 * after the simulator closed still happens once it is reopened on the same
 * file and the clock moves past it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import { apiFor, create, events, getIdentity, personBody, REVIEW_DELAY_MS, startDecisionSandbox } from './support.js';

let dir: string;
let sim: Simulator | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paxos-sim-jobs-'));
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('job persistence', () => {
  it('decides an identity created before a restart once the reopened simulator passes the due time', async () => {
    const config = { storage: 'file' as const, data: join(dir, 'db.json') };
    sim = await startDecisionSandbox(config);
    let api = await apiFor(sim);
    const created = await create(api, personBody());
    await sim.advance(REVIEW_DELAY_MS - 1);
    await sim.close();

    sim = await startDecisionSandbox(config);
    api = await apiFor(sim);
    expect((await getIdentity(api, created.id)).status).toBe('PENDING');
    expect((await api.get('/_sim/clock')).body.jobs).toEqual([expect.objectContaining({ kind: 'decide', identity_id: created.id })]);
    await sim.advance(REVIEW_DELAY_MS);
    expect((await getIdentity(api, created.id)).status).toBe('APPROVED');
    expect((await events(api)).map((e) => e.type)).toEqual(['identity.approved']);
  });
});
