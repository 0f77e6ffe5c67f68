import { createPaxosClient, type PaxosClientOptions } from '../../src/index.js';

/** Ids of every identity approved since `since`, read from the Events API. */
export async function approvedSince(options: PaxosClientOptions, since: string): Promise<string[]> {
  const paxos = createPaxosClient(options);
  const ids: string[] = [];
  for await (const event of paxos.iterateEvents({ type: 'identity.approved', 'created_at.gt': since })) {
    const object = event.object as { identity_id: string };
    ids.push(object.identity_id);
  }
  return ids;
}
