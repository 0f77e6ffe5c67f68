import {
  createPaxosClient, PaxosProblemError, unwrap, waitForDecision,
  type CreateIdentityRequest, type Identity, type PaxosClientOptions,
} from '../../src/index.js';

/** Create a person (safe to call twice with the same ref_id) and wait for the decision. */
export async function onboardPerson(
  options: PaxosClientOptions,
  person: CreateIdentityRequest & { ref_id: string },
  wait: { sleep?: (ms: number) => Promise<void>; now?: () => number } = {},
): Promise<Identity> {
  const paxos = createPaxosClient(options);

  let id: string;
  try {
    id = unwrap(await paxos.createIdentity(person)).id;
  } catch (err) {
    // Already created earlier with this ref_id: carry on with that identity.
    if (!(err instanceof PaxosProblemError) || !err.existingId) throw err;
    id = err.existingId;
  }

  return waitForDecision(paxos, id, { via: 'poll', intervalMs: 1_000, timeoutMs: 60_000, ...wait });
}
