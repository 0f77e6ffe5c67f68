/**
 * The benchmark's baseline: a bare Hono server on @hono/node-server returning
 * a fixed JSON body, started as its own process like the simulator.
 *   npx tsx bench/bare-server.ts <port>
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.argv[2] ?? 0);
const app = new Hono().get('*', (c) => c.json({ id: 'fixed', status: 'APPROVED' })).post('*', (c) => c.json({ id: 'fixed' }));
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
