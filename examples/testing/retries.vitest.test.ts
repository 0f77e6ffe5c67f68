import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPaxosClient, unwrap, type CreateIdentityRequest, type PaxosClient } from '../../src/index.js';
import { startSimulator, type RunningSimulator } from '../../src/testing.js';

const person = (refId: string, ssn: string): CreateIdentityRequest => ({
  ref_id: refId,
  person_details: {
    verifier_type: 'PAXOS',
    first_name: 'Grace',
    last_name: 'Hopper',
    date_of_birth: '1986-12-09',
    nationality: 'USA',
    cip_id: ssn,
    cip_id_type: 'SSN',
    cip_id_country: 'USA',
    address: { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
  },
  customer_due_diligence: {
    estimated_yearly_income: 'INCOME_50K_TO_100K',
    expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K',
    source_of_wealth: 'EMPLOYMENT_INCOME',
    employment_status: 'FULL_TIME',
    employment_industry_sector: 'INFORMATION',
  },
});

describe('our retry logic against injected faults', () => {
  let sim: RunningSimulator;
  let paxos: PaxosClient;
  const waits: number[] = []; // what the client slept between attempts (it never really sleeps here)
  const tokenRequests: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ frozen: true });
    paxos = createPaxosClient({
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      ...sim.credentials,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      fetch: (request) => {
        if (request.url === sim.tokenUrl) tokenRequests.push(request.url);
        return fetch(request);
      },
    });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.faults.clear();
    waits.length = 0;
    tokenRequests.length = 0;
  });

  const identitiesWith = async (refId: string) => (unwrap(await paxos.listIdentities()).items ?? []).filter((i) => i.ref_id === refId);

  it('retries a create answered 503 with the same ref_id; exactly one identity exists', async () => {
    sim.faults.add({ operation: 'CreateIdentity', nth: 1, status: 503 });
    const created = unwrap(await paxos.createIdentity(person('retry-503', '123-45-0001')));
    expect(sim.faults.injected().at(-1)?.action).toBe('status 503');
    expect(waits).toHaveLength(1); // one backoff, then the retry went through
    expect((await identitiesWith('retry-503')).map((i) => i.id)).toEqual([created.id]);
  });

  it('survives a lost response: the retry gets 409 and resolves to the identity that was created', async () => {
    sim.faults.add({ operation: 'CreateIdentity', after: true, times: 1, status: 502 });
    const created = unwrap(await paxos.createIdentity(person('lost-response', '123-45-0002')));
    const stored = await identitiesWith('lost-response');
    expect(stored.map((i) => i.id)).toEqual([created.id]);
    expect(sim.faults.injected().at(-1)?.action).toBe('status 502 after the operation ran');
  });

  it('honours a 429 Retry-After', async () => {
    const { id } = unwrap(await paxos.createIdentity(person('throttled', '123-45-0003')));
    sim.faults.add({ operation: 'GetIdentity', times: 1, status: 429, retry_after: 2 });
    expect(unwrap(await paxos.getIdentity(id)).id).toBe(id);
    expect(waits).toEqual([2_000]);
  });

  it('fetches a new token when its token is revoked mid-flow', async () => {
    const { id } = unwrap(await paxos.createIdentity(person('revoked', '123-45-0004')));
    tokenRequests.length = 0;
    expect(await sim.faults.revokeTokens()).toBeGreaterThan(0);
    expect(unwrap(await paxos.getIdentity(id)).id).toBe(id);
    expect(tokenRequests).toHaveLength(1);
    // and when the revocation comes as a rule on a call
    sim.faults.add({ operation: 'GetIdentity', times: 1, revoke_tokens: true });
    expect(unwrap(await paxos.getIdentity(id)).id).toBe(id);
    expect(tokenRequests).toHaveLength(2);
  });
});
