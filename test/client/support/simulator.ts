/**
 * @module test/client/support/simulator
 * The simulator two ways, behind one interface: in process (the client's fetch
 * is `app.request`, no port) and over a real port (startServer on port 0, the
 * clock moved through the control API). Both freeze the simulator clock, so
 * time only moves when a test advances it. Token requests are counted through
 * the injected fetch.
 */
import { Faker, en, en_US } from '@faker-js/faker';
import { createSimulator } from '../../../simulator/app.js';
import { testConfig } from '../../../simulator/config.js';
import { startServer } from '../../../simulator/server.js';
import { buildPerson } from '../../../fixtures/factories/index.js';
import { createPaxosClient, type FetchLike, type PaxosClient, type PaxosClientOptions } from '../../../src/index.js';
import type { CreateIdentityRequest } from '../../../src/types.js';

export type SimMode = 'in-process' | 'port';

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

const credentials = { clientId: 'paxos-sim-client', clientSecret: 'paxos-sim-secret' };

export async function startSim(mode: SimMode, seed = 7): Promise<SimHarness> {
  const config = testConfig({ port: 0, host: '127.0.0.1', clock: { frozen: true } });
  const faker = new Faker({ locale: [en_US, en], seed });
  let tokenCalls = 0;
  const counting = (inner: FetchLike): FetchLike => (input, init) => {
    if (new URL(input.url).pathname.endsWith('/oauth2/token')) tokenCalls++;
    return inner(input, init);
  };
  const person = (overrides: Partial<CreateIdentityRequest> = {}) => ({ ...buildPerson(faker), ...overrides });

  if (mode === 'in-process') {
    const sim = await createSimulator({ config });
    const options = {
      ...credentials,
      baseUrl: 'http://paxos.test/v2',
      tokenUrl: 'http://paxos.test/oauth2/token',
      fetch: counting((input, init) => sim.app.request(input, init)),
    };
    return {
      mode,
      client: createPaxosClient(options),
      newClient: (extra) => createPaxosClient({ ...options, ...extra }),
      advance: (ms) => sim.advance(ms),
      nowMs: () => sim.clock.nowMs(),
      tokenRequests: () => tokenCalls,
      person,
      stop: () => sim.close(),
    };
  }
  const server = await startServer({ config });
  const options = { ...credentials, baseUrl: server.baseUrl, tokenUrl: server.tokenUrl, fetch: counting((input, init) => fetch(input, init)) };
  return {
    mode,
    client: createPaxosClient(options),
    newClient: (extra) => createPaxosClient({ ...options, ...extra }),
    async advance(ms) {
      const res = await fetch(`${server.controlUrl}/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ duration: `${ms}ms` }),
      });
      if (!res.ok) throw new Error(`clock advance failed: ${res.status} ${await res.text()}`);
    },
    nowMs: () => server.clock.nowMs(),
    tokenRequests: () => tokenCalls,
    person,
    stop: () => server.stop(),
  };
}
