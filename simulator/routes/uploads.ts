/**
 * @module routes/uploads
 * The simulator's stand-in for Paxos's pre-signed upload URL: PUT (or POST)
 * the document bytes, up to 100 MB. The unguessable key in the path is the
 * credential, as with a pre-signed URL.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from '../http/problem.js';
import { methodNotAllowed } from '../http/request.js';
import type { SimContext } from '../services/context.js';
import { receiveUpload, UPLOAD_LIMIT_BYTES } from '../services/documents.js';

export function createUploadRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const limit = bodyLimit({ maxSize: UPLOAD_LIMIT_BYTES, onError: () => { throw problem(413, 'documents must be smaller than 100 MB'); } });
  const receive = async (c: import('hono').Context) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const { etag } = await receiveUpload(ctx, c.req.param('key') ?? '', bytes, c.req.header('content-type'));
    return c.body(null, 200, { etag });
  };
  app.put('/:key', limit, receive);
  app.post('/:key', limit, receive);
  app.all('/:key', methodNotAllowed('PUT, POST'));
  return app;
}
