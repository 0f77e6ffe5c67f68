/**
 * @module webhooks-node
 * toNodeHandler(): run a fetch-style handler (such as createWebhookHandler's)
 * on node:http, or on Express, whose `(req, res)` are node:http objects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * @example
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(createWebhookHandler({ client, onEvent }))).listen(8080, '127.0.0.1');
 */
export function toNodeHandler(
  handler: (request: Request) => Response | Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const response = await handler(await toRequest(req));
      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  };
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
}
