/**
 * RSS of the built CLI on a 100k data file through the large scenario's load
 * (GET 5 s c4, List 5 s c4, create 5 s c16), with V8's full collections
 * traced (--trace-gc): how much of the RSS is live heap and how much is
 * garbage V8 has not collected yet. Needs `npm run build`.
 *
 *   npx tsx bench/heap-trace.ts <seeds dir> [node flags, e.g. --trace-gc]
 *
 * Runs on a copy of <seeds dir>/seed-100000.json in a temp dir (an index file is
 * made for it first: a start and a clean stop, as the large scenario does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import autocannon from 'autocannon';
import { personBody, tokenForm } from './bodies.js';
const seeds = process.argv[2];
const extra = process.argv.slice(3);
const dir = mkdtempSync(join(tmpdir(), 'paxos-sim-heap-trace-'));
const data = join(dir, 'db.json');
copyFileSync(join(seeds, 'seed-100000.json'), data);
const start = (flags: string[]) => spawn(process.execPath, [...flags, 'dist/simulator/cli.js', '--port', '0', '--data', data, '--log-level', 'error', '--review-delay', '1h'], { stdio: ['ignore', 'pipe', 'inherit'] });
const listening = (c: ReturnType<typeof start>) => new Promise<void>((r) => { let o = ''; c.stdout!.on('data', (d) => { o += d; if (o.includes('listening on')) r(); }); });
const first = start([]);
await listening(first);
await new Promise((r) => (first.once('exit', r), first.kill('SIGTERM')));
if (!existsSync(`${data}.index`)) throw new Error('no index file after the clean stop');
const child = start(extra);
let out = '';
const url = await new Promise<string>((r) => child.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) r(m[1]); }));
const rss = () => { const st = readFileSync(`/proc/${child.pid}/status`, 'utf8'); return `RSS ${/VmRSS:\s+(\d+)/.exec(st)![1]} kB anon ${/RssAnon:\s+(\d+)/.exec(st)![1]} kB file ${/RssFile:\s+(\d+)/.exec(st)![1]} kB`; };
const tok = ((await (await fetch(`${url}/oauth2/token`, { method: 'POST', body: tokenForm() })).json()) as { access_token: string }).access_token;
const auth = { authorization: `Bearer ${tok}`, 'content-type': 'application/json' };
const gcs = () => out.split('\n').filter((l) => /Mark-Compact|Scavenge/.test(l));
console.log('after start', rss()); console.log(gcs().filter((l) => /Mark/.test(l)).slice(-2).join('\n'));
const ids = (JSON.parse(readFileSync(join(seeds, 'ids.json'), 'utf8')) as string[]);
let i = 0;
const g = await autocannon({ url, connections: 4, duration: 5, requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `/v2/identity/identities/${ids[i++ % ids.length]}` }) }] });
console.log('after get', rss(), 'rate', g.requests.average);
await autocannon({ url, connections: 4, duration: 5, requests: [{ method: 'GET', path: '/v2/identity/identities?limit=100', headers: auth }] });
console.log('after list', rss());
let n = 100000;
await autocannon({ url, connections: 16, duration: 5, requests: [{ method: 'POST', path: '/v2/identity/identities', headers: auth, setupRequest: (req) => ({ ...req, body: JSON.stringify(personBody(n++)) }) }] });
console.log('after create', rss(), 'created', n - 100000);
console.log(gcs().filter((l) => /Mark/.test(l)).slice(-3).join('\n'));
console.log(gcs().slice(-2).join('\n'));
console.log(readFileSync(`/proc/${child.pid}/smaps_rollup`, 'utf8').split('\n').slice(1, 6).join(' | '));
child.kill('SIGKILL');
await new Promise((r) => child.once('exit', r));
rmSync(dir, { recursive: true, force: true });
