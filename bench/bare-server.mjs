// The benchmarks' baseline as plain JavaScript (no TypeScript loader), so that
// cold-start comparisons measure the same thing as the built CLI:
// a bare Hono server on @hono/node-server answering a fixed JSON body.
//   node bench/bare-server.mjs <port>
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.argv[2] ?? 0);
const app = new Hono()
  .get('*', (c) => c.json({ id: 'fixed', status: 'APPROVED' }))
  .post('*', (c) => c.json({ id: 'fixed', access_token: 'fixed' }));
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
