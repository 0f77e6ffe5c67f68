import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHandler, toNodeHandler, type CreateIdentityRequest } from '../../src/index.js';
import { startSimulator, type RunningSimulator } from '../../src/testing.js';

const person: CreateIdentityRequest = {
  ref_id: 'user-1001',
  person_details: {
    verifier_type: 'PAXOS',
    first_name: 'Ada',
    last_name: 'Lovelace',
    date_of_birth: '1990-12-10',
    nationality: 'USA',
    cip_id: '123-45-6789',
    cip_id_type: 'SSN',
    cip_id_country: 'USA',
    email: 'ada@example.com',
    address: { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' },
  },
  customer_due_diligence: {
    estimated_yearly_income: 'INCOME_50K_TO_100K',
    expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K',
    source_of_wealth: 'EMPLOYMENT_INCOME',
    employment_status: 'FULL_TIME',
    employment_industry_sector: 'INFORMATION',
  },
};

describe('onboarding against the Paxos simulator (vitest)', () => {
  let sim: RunningSimulator;
  let receiver: Server;
  const approved: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ frozen: true });
    // Your webhook endpoint, on a free local port, fetching each event with the ready client.
    const apiKey = { header: 'x-webhook-key', value: 'test-secret' };
    const handler = createWebhookHandler({
      client: sim.client,
      apiKey,
      onEvent: { 'identity.approved': (_event, object) => void approved.push(object.identity_id) },
    });
    receiver = createServer(toNodeHandler(handler));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    await sim.webhooks.register({ url: `http://127.0.0.1:${port}/paxos/webhooks`, eventTypes: ['identity.approved'], apiKey });
  });

  afterAll(async () => {
    await sim?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('approves a complete person after the review delay and sends identity.approved', async () => {
    const { data: created, error } = await sim.client.createIdentity(person);
    expect(error).toBeUndefined();
    expect(created?.status).toBe('PENDING');

    await sim.clock.advance('2s'); // the default review delay; due webhooks are delivered before it resolves

    const { data: identity } = await sim.client.getIdentity(created!.id);
    expect(identity?.status).toBe('APPROVED');
    expect(approved).toEqual([created!.id]);
  });
});
