/**
 * @module test/client/support/simulator
 * The client tests' view of the one test harness (test/support/sandbox.ts),
 * in process or over a real port: its typed client, a persona builder, and a
 * clock moved in process or, on a real port, through the control API. Token
 * requests are counted through the injected fetch.
 */
import { Faker, en, en_US } from '@faker-js/faker';
import { buildPerson } from '../../../fixtures/factories/index.js';
import type { PaxosClient, PaxosClientOptions } from '../../../src/index.js';
import type { CreateIdentityRequest } from '../../../src/types.js';
import { createTestSandbox, type SandboxMode } from '../../support/sandbox.js';

export type SimMode = SandboxMode;

export interface SimHarness {
  mode: SimMode;
  client: PaxosClient;
  /** A further client on the same simulator (its own token cache). */
  newClient(extra?: Partial<PaxosClientOptions>): PaxosClient;
  /** Move the simulator clock forward, firing due decisions. */
  advance(ms: number): Promise<void>;
  nowMs(): number;
  tokenRequests(): number;
  person(overrides?: Partial<CreateIdentityRequest>): CreateIdentityRequest;
  stop(): Promise<void>;
}

export async function startClientSandbox(mode: SimMode, seed = 7): Promise<SimHarness> {
  const sb = await createTestSandbox({ mode });
  const faker = new Faker({ locale: [en_US, en], seed });
  return {
    mode,
    client: sb.client,
    newClient: sb.newClient,
    async advance(ms) {
      if (mode === 'in-process') return sb.sim.advance(ms);
      const res = await sb.request('/_sim/clock/advance', { method: 'POST', json: { duration: `${ms}ms` } });
      if (res.status !== 200) throw new Error(`clock advance failed: ${res.status} ${res.text}`);
    },
    nowMs: () => sb.clock.nowMs(),
    tokenRequests: sb.tokenRequests,
    person: (overrides = {}) => ({ ...buildPerson(faker), ...overrides }),
    stop: sb.close,
  };
}
