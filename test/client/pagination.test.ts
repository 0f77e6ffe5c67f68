/**
 * The List Events pager against a local server that implements the documented
 * paging contract (ascending created_at, limit, created_at.gt/gte, no cursor)
 * over events that share timestamps, and List Identities cursors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPaxosClient } from '../../src/index.js';
import { send, startFakePaxos, type FakeServer } from './support/fake-server.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** `count` events, `perTimestamp` of them sharing each created_at. */
function eventLog(count: number, perTimestamp: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'identity.approved',
    created_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / perTimestamp) * 1000).toISOString(),
  }));
}

async function eventsServer(log: ReturnType<typeof eventLog>) {
  const fake = await startFakePaxos((req, res) => {
    const gt = req.query.get('created_at.gt');
    const gte = req.query.get('created_at.gte');
    const limit = Number(req.query.get('limit') ?? 100);
    const events = log.filter((e) => (!gt || e.created_at > gt) && (!gte || e.created_at >= gte)).slice(0, limit);
    send(res, 200, { events });
  });
  servers.push(fake.server);
  return { fake, client: createPaxosClient(fake.clientOptions) };
}

describe('iterateEvents', () => {
  it.each([
    [250, 1, 100],
    [250, 3, 10],
    [250, 10, 10], // pages end exactly on a timestamp group
    [250, 7, 10],
    [99, 4, 100],
  ])('returns each of %i events once (%i per timestamp, limit %i)', async (count, perTimestamp, limit) => {
    const log = eventLog(count, perTimestamp);
    const { client } = await eventsServer(log);
    const ids: string[] = [];
    for await (const event of client.iterateEvents({ limit })) ids.push(event.id!);
    expect(ids).toEqual(log.map((e) => e.id));
  });

  it('uses created_at.gt after a short page and created_at.gte after a full one', async () => {
    const log = eventLog(25, 3);
    const { client, fake } = await eventsServer(log);
    for await (const _ of client.iterateEvents({ limit: 10 })) void _;
    const queries = fake.apiRequests().map((r) => [r.query.get('created_at.gt'), r.query.get('created_at.gte')]);
    expect(queries[0]).toEqual([null, null]);
    expect(queries.slice(1).every(([gt, gte]) => gt === null && gte === log[9].created_at || gte !== null)).toBe(true);
    expect(fake.apiRequests().at(-1)!.query.get('created_at.gte')).not.toBeNull();
  });

  it('moves past an instant shared by more than `limit` events instead of looping', async () => {
    const log = [...eventLog(30, 30), ...eventLog(35, 1).slice(31)];
    const { client } = await eventsServer(log);
    const ids: string[] = [];
    for await (const event of client.iterateEvents({ limit: 10 })) ids.push(event.id!);
    // only the first 10 of the 30 simultaneous events are reachable without a cursor
    expect(ids).toEqual([...log.slice(0, 10), ...log.slice(30)].map((e) => e.id));
  });
});

describe('iterateIdentities', () => {
  it('follows next_page_cursor until it is empty', async () => {
    const pages: Record<string, { items: { id: string }[]; next_page_cursor?: string }> = {
      '': { items: [{ id: 'a' }, { id: 'b' }], next_page_cursor: 'c1' },
      c1: { items: [{ id: 'c' }], next_page_cursor: 'c2' },
      c2: { items: [{ id: 'd' }], next_page_cursor: '' },
    };
    const fake = await startFakePaxos((req, res) => send(res, 200, pages[req.query.get('page_cursor') ?? '']));
    servers.push(fake.server);
    const client = createPaxosClient(fake.clientOptions);
    const ids: string[] = [];
    for await (const identity of client.iterateIdentities({ limit: 2, order: 'ASC' })) ids.push(identity.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
    expect(fake.apiRequests().map((r) => r.url)).toEqual([
      '/v2/identity/identities?limit=2&order=ASC',
      '/v2/identity/identities?limit=2&order=ASC&page_cursor=c1',
      '/v2/identity/identities?limit=2&order=ASC&page_cursor=c2',
    ]);
  });
});
