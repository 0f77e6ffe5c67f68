/**
 * @module test/client/support/fake-server
 * Small real HTTP servers on 127.0.0.1:0 for the client's failure-mode tests:
 * each records what it received and answers with whatever the test scripts
 * (429, 503, garbage, silence). No global fetch mocks anywhere.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** path and query, e.g. `/v2/identity/identities?limit=2` */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Script = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startFakeServer(script: Script): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(recorded);
    try {
      await script(recorded, res);
    } catch (err) {
      if (!res.headersSent) send(res, 599, { test_script_failed: String(err) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens (a server that was started and closed). */
export async function deadUrl(): Promise<string> {
  const server = await startFakeServer(() => undefined);
  await server.close();
  return server.url;
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

/** A token endpoint answer in Paxos's documented shape. */
export function sendToken(res: ServerResponse, token: string, expiresIn = 3599): void {
  send(res, 200, { access_token: token, token_type: 'bearer', expires_in: expiresIn, scope: 'identity:read_identity' });
}

export const problem = (status: number, title: string, detail?: string, meta?: Record<string, unknown>) => ({
  type: 'about:blank',
  title,
  status,
  ...(detail ? { detail } : {}),
  ...(meta ? { meta } : {}),
});

/**
 * A fake Paxos: `/oauth2/token` hands out tok-1, tok-2, … and everything under
 * `/v2` goes to `api`. Returns client options pointing at it.
 */
export async function startFakePaxos(api: Script, options: { expiresIn?: number } = {}) {
  let issued = 0;
  const server = await startFakeServer(async (req, res) => {
    if (req.path === '/oauth2/token') return sendToken(res, `tok-${++issued}`, options.expiresIn);
    return api(req, res);
  });
  return {
    server,
    tokenRequests: () => server.requests.filter((r) => r.path === '/oauth2/token'),
    apiRequests: () => server.requests.filter((r) => r.path.startsWith('/v2')),
    clientOptions: {
      baseUrl: `${server.url}/v2`,
      tokenUrl: `${server.url}/oauth2/token`,
      clientId: 'client-a',
      clientSecret: 'secret-a',
    },
  };
}

/** Sleep that records the delays instead of waiting. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}
