/**
 * The typed client against the simulator, every operation, both in process
 * (app.request as fetch) and over a real port; token expiry under concurrent
 * requests; both iterators over 260 items; waitForDecision both ways.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Faker, en, en_US } from '@faker-js/faker';
import { buildInstitution } from '../../fixtures/factories/index.js';
import { PaxosProblemError, PaxosTimeoutError, unwrap, waitForDecision, type Identity } from '../../src/index.js';
import { startClientSandbox, type SimHarness, type SimMode } from './support/simulator.js';

const MODES: SimMode[] = ['in-process', 'port'];

describe.each(MODES)('against the simulator (%s)', (mode) => {
  let sim: SimHarness;
  beforeEach(async () => {
    sim = await startClientSandbox(mode);
  });
  afterEach(async () => {
    await sim?.stop();
  });

  const createPerson = async (refId?: string) => unwrap(await sim.client.createIdentity(sim.person(refId ? { ref_id: refId } : {})));

  it('creates, gets, lists and updates identities', async () => {
    const created = await createPerson('ref-crud-1');
    expect.soft(created.status).toBe('PENDING');
    const plain = unwrap(await sim.client.getIdentity(created.id));
    expect.soft(plain.person_details).toBeUndefined();
    const detailed = unwrap(await sim.client.getIdentity(created.id, { include_details: true }));
    expect.soft(detailed.person_details?.first_name).toBeTruthy();
    const listed = unwrap(await sim.client.listIdentities({ identity_type: 'PERSON', limit: 10 }));
    expect.soft(listed.items?.map((i) => i.id)).toContain(created.id);
    const updated = unwrap(await sim.client.updateIdentity(created.id, { metadata: { plan: 'gold' } }));
    expect.soft(updated.metadata).toMatchObject({ plan: 'gold' });
  });

  it('reports a duplicate ref_id as a 409 PaxosProblemError with existingId', async () => {
    const first = await createPerson('ref-dup');
    const again = await sim.client.createIdentity(sim.person({ ref_id: 'ref-dup' }));
    expect(again.response.status).toBe(409);
    let thrown: unknown;
    try {
      unwrap(again);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PaxosProblemError);
    expect(thrown).toMatchObject({ status: 409, existingId: first.id, operationId: 'CreateIdentity', detail: 'duplicate ref_id provided' });
  });

  it('returns a 404 Problem for an unknown identity', async () => {
    const result = await sim.client.getIdentity('00000000-0000-4000-8000-000000000999');
    expect(result.response.status).toBe(404);
    expect(result.error).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('forces sub-statuses with sandboxSetIdentityStatus and emits identity.approved', async () => {
    const created = await createPerson();
    const set = await sim.client.sandboxSetIdentityStatus(created.id, {
      id_verification_status: 'APPROVED',
      sanctions_verification_status: 'APPROVED',
    });
    expect(set.data).toEqual({});
    expect(unwrap(await sim.client.getIdentity(created.id)).status).toBe('APPROVED');
    const events = unwrap(await sim.client.listEvents({ type: 'identity.approved' })).events ?? [];
    const mine = events.find((e) => (e.object as { identity_id?: string }).identity_id === created.id);
    expect(mine).toBeDefined();
    expect(unwrap(await sim.client.getEvent(mine!.id!)).type).toBe('identity.approved');
  });

  it('uploads a document in two steps and lists it', async () => {
    const created = await createPerson();
    const uploaded = await sim.client.uploadDocument(created.id, {
      name: 'proof-of-funds.pdf',
      document_types: ['PROOF_OF_FUNDS'],
      content: Buffer.from('%PDF-1.4 fake'),
      contentType: 'application/pdf',
    });
    expect(uploaded.data?.name).toBe('proof-of-funds.pdf');
    const listed = unwrap(await sim.client.listIdentityDocuments(created.id, { include_pending_docs: true }));
    expect(listed.documents?.map((d) => d.file_id)).toEqual([uploaded.data?.file_id]);
    const dup = await sim.client.uploadDocument(created.id, {
      name: 'proof-of-funds.pdf', document_types: ['PROOF_OF_FUNDS'], content: new Uint8Array([1]), contentType: 'application/pdf',
    });
    expect(dup.response.status).toBe(409);
  });

  it('adds and removes institution members', async () => {
    const faker = new Faker({ locale: [en_US, en], seed: 11 });
    const [trustee, grantor] = [await createPerson(), await createPerson()];
    const institution = unwrap(
      await sim.client.createIdentity(
        buildInstitution(faker, { institution_type: 'TRUST', members: [{ identity_id: trustee.id, roles: ['TRUSTEE'] }] }),
      ),
    );
    const added = unwrap(await sim.client.addInstitutionMembers({ institution_id: institution.id, members: [{ identity_id: grantor.id, roles: ['GRANTOR'] }] }));
    const memberId = added.members?.[0]?.id;
    expect(memberId).toBeTruthy();
    expect(unwrap(await sim.client.deleteInstitutionMember(memberId!))).toEqual({});
    const after = unwrap(await sim.client.getIdentity(institution.id, { include_institution_members: true }));
    expect(after.institution_members?.map((m) => m.identity_id)).toEqual([trustee.id]);
  });

  it('fetches exactly one new token when many requests find theirs expired', async () => {
    const created = await createPerson();
    expect(sim.tokenRequests()).toBe(1);
    await sim.advance(3600_000);
    const results = await Promise.all(Array.from({ length: 12 }, () => sim.client.getIdentity(created.id)));
    expect(results.map((r) => r.response.status)).toEqual(Array(12).fill(200));
    expect(sim.tokenRequests()).toBe(2);
  });

  it('refreshes proactively when the client reads the simulator clock', async () => {
    const client = sim.newClient({ now: () => sim.nowMs() });
    const created = unwrap(await client.createIdentity(sim.person()));
    const before = sim.tokenRequests();
    await sim.advance(3540_000); // 59 minutes: inside the 60 s refresh margin of a 3599 s token
    await Promise.all(Array.from({ length: 8 }, () => client.getIdentity(created.id)));
    expect(sim.tokenRequests()).toBe(before + 1);
  });

  it('iterates over 260 identities and 260 identity.approved events without loss or repeats', { timeout: 60_000 }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < 260; i++) ids.push((await createPerson(`bulk-${i}`)).id);
    const seen: string[] = [];
    for await (const identity of sim.client.iterateIdentities({ limit: 50 })) seen.push(identity.id);
    expect(seen).toHaveLength(260);
    expect(new Set(seen)).toEqual(new Set(ids));

    for (const id of ids) {
      unwrap(await sim.client.sandboxSetIdentityStatus(id, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' }));
    }
    const events: string[] = [];
    const subjects: string[] = [];
    for await (const event of sim.client.iterateEvents({ type: 'identity.approved' })) {
      events.push(event.id!);
      subjects.push((event.object as { identity_id: string }).identity_id);
    }
    expect(events).toHaveLength(260);
    expect(new Set(events).size).toBe(260);
    expect(new Set(subjects)).toEqual(new Set(ids));
    const small: string[] = [];
    for await (const event of sim.client.iterateEvents({ type: 'identity.approved', limit: 7 })) small.push(event.id!);
    expect(small).toEqual(events);
  });

  describe.each(['poll', 'events'] as const)('waitForDecision via %s', (via) => {
    const clockSleep = () => ({ now: () => sim.nowMs(), sleep: (ms: number) => sim.advance(ms) });

    it('resolves with the identity once the review delay has passed', async () => {
      const created = await createPerson();
      const decided: Identity = await waitForDecision(sim.client, created.id, { via, intervalMs: 500, timeoutMs: 10_000, ...clockSleep() });
      expect(decided.id).toBe(created.id);
      expect(decided.status).toBe('APPROVED');
    });

    it('rejects with PaxosTimeoutError carrying status_details', async () => {
      const created = await createPerson();
      const err = await waitForDecision(sim.client, created.id, { via, intervalMs: 200, timeoutMs: 1_000, ...clockSleep() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaxosTimeoutError);
      const { statusDetails, message } = err as PaxosTimeoutError;
      expect(statusDetails?.requirements?.length).toBeGreaterThan(0);
      expect(message).toContain(JSON.stringify(statusDetails));
    });
  });
});
