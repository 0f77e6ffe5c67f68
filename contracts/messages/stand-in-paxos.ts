/**
 * @module contracts/messages/stand-in-paxos
 * A real HTTP server on 127.0.0.1:0 that plays the two Paxos endpoints the
 * webhook handler calls: the token endpoint and Get Event. It serves the
 * events it is given and 404 for any other id.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Event } from '../../src/types.js';

export interface StandInPaxos {
  baseUrl: string;
  tokenUrl: string;
  /** Ids of the events Get Event was asked for, in order. */
  requestedEventIds: string[];
  serve(event: Event): void;
  close(): Promise<void>;
}

/** @example const paxos = await startStandInPaxos(); paxos.serve(event); createPaxosClient({ ...paxos, clientId, clientSecret }) */
export async function startStandInPaxos(): Promise<StandInPaxos> {
  const events = new Map<string, Event>();
  const requestedEventIds: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && path === '/oauth2/token') {
      return send(200, { access_token: 'stand-in-token', token_type: 'bearer', expires_in: 3599, scope: 'events:read_event' });
    }
    const match = /^\/v2\/events\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && match) {
      requestedEventIds.push(match[1]);
      const event = events.get(match[1]);
      return event ? send(200, event) : send(404, { type: 'about:blank', title: 'Not Found', status: 404 });
    }
    send(404, { type: 'about:blank', title: 'Not Found', status: 404 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${url}/v2`,
    tokenUrl: `${url}/oauth2/token`,
    requestedEventIds,
    serve: (event) => void events.set(event.id!, event),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
