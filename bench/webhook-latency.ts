/**
 * Webhook latency benchmark (loopback only): from the transaction that writes
 * an event to the moment a local receiver has sent its 2xx answer, using the
 * real dispatcher in background mode (start(pollMs) + kick()) and the real
 * clock. Bounded: at most 2,000 deliveries and 60 s.
 *
 * Run: npx tsx bench/webhook-latency.ts [count] [pollMs] [--file]
 * (--file: the lowdb file store in a temp dir instead of memory, so every
 * state change and every recorded attempt also waits for its file write)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createClock } from '../simulator/clock.js';
import { loadConfig } from '../simulator/config.js';
import { randomIds } from '../simulator/ids.js';
import { silentLogger } from '../simulator/logger.js';
import { createStore } from '../simulator/store/lowdb-store.js';
import type { EventRecord } from '../simulator/store/shape.js';
import { createDispatcher } from '../simulator/webhooks/dispatcher.js';
import { enqueueDeliveries, registerConsumer } from '../simulator/webhooks/outbox.js';

const MAX_COUNT = 2_000;
const DEADLINE_MS = 60_000;
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const fileStore = process.argv.includes('--file');
const count = Math.min(Number(args[0] ?? 1_000) || 1_000, MAX_COUNT);
const pollMs = Number(args[1] ?? 50) || 50;

const answered = new Map<string, number>(); // event id → performance.now() when the 2xx was sent
const waiting = new Map<string, () => void>();
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const { id } = JSON.parse(body) as { id: string };
    res.on('finish', () => {
      answered.set(id, performance.now());
      waiting.get(id)?.();
    });
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

const config = loadConfig({ argv: ['--memory'] });
const dataDir = fileStore ? mkdtempSync(join(tmpdir(), 'paxos-sim-latency-')) : undefined;
const store = await createStore(dataDir ? { storage: 'file', path: join(dataDir, 'db.json') } : { storage: 'memory' });
process.on('exit', () => dataDir && rmSync(dataDir, { recursive: true, force: true }));
const clock = createClock();
const ids = randomIds;
const dispatcher = createDispatcher({ store, clock, ids, logger: silentLogger, retry: config.webhooks.retry, timeoutMs: config.webhooks.timeoutMs });
await store.transact((tx) => registerConsumer(tx, { name: 'bench', url }, { now: clock.now(), ids }));
dispatcher.start(pollMs);

const latencies: number[] = [];
const benchStart = performance.now();
for (let i = 0; i < count && performance.now() - benchStart < DEADLINE_MS; i++) {
  const id = ids.uuid();
  const arrived = new Promise<void>((resolve) => waiting.set(id, resolve));
  const t0 = performance.now(); // just before the transaction that writes the event
  await store.transact((tx) => {
    const event: EventRecord = {
      id,
      type: 'identity.approved',
      object_type: 'identity_summary_status_change',
      object: { id: ids.uuid(), identity_id: ids.uuid(), old_summary_status: 'PENDING', new_summary_status: 'APPROVED' },
      created_at: clock.now().toISOString(),
      undelivered_webhooks: 0,
      is_test: false,
      _sim: { client_id: 'bench', entity_id: 'bench', seq: tx.nextSeq() },
    };
    tx.events.put(id, event);
    enqueueDeliveries(tx, event, { now: clock.now(), ids });
  });
  dispatcher.kick();
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), DEADLINE_MS).unref());
  if ((await Promise.race([arrived, timeout])) === 'timeout') break;
  waiting.delete(id);
  latencies.push(answered.get(id)! - t0);
}

await dispatcher.stop();
server.closeAllConnections();
server.close();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
const ms = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(2));
console.log(`webhook latency (event transaction → receiver 2xx sent), loopback, ${fileStore ? "lowdb file" : "memory"} store, pollMs=${pollMs}, kick after each enqueue`);
console.log(`count ${latencies.length}  median ${ms(pct(50))} ms  p99 ${ms(pct(99))} ms  max ${ms(latencies.at(-1))} ms  total ${((performance.now() - benchStart) / 1000).toFixed(1)} s`);
