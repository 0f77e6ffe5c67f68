import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { personBody, tokenForm } from './bodies.js';
const phase = process.argv[2] ?? 'create';
const dir = mkdtempSync(join(tmpdir(), 'mem-prof-'));
const data = join(dir, 'db.json');
copyFileSync('/tmp/i11-seeds2/seed-100000.json', data);
const start = (flags: string[]) => spawn(process.execPath, [...flags, 'dist/simulator/cli.js', '--port', '0', '--data', data, '--log-level', 'error', '--review-delay', '1h'], { stdio: ['ignore', 'pipe', 'inherit'] });
const first = start([]);
await new Promise<void>((r) => { let o = ''; first.stdout!.on('data', (d) => { o += d; if (o.includes('listening on')) r(); }); });
await new Promise((r) => (first.once('exit', r), first.kill('SIGTERM')));
if (!existsSync(`${data}.index`)) throw new Error('no index');
const child = start(['--import', '/tmp/mem/sampler.mjs']);
let out = '';
const url = await new Promise<string>((r) => child.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) r(m[1]); }));
const tok = ((await (await fetch(`${url}/oauth2/token`, { method: 'POST', body: tokenForm() })).json()) as { access_token: string }).access_token;
const auth = { authorization: `Bearer ${tok}`, 'content-type': 'application/json' };
let n = 100000;
child.kill('SIGUSR2');
await new Promise((r) => setTimeout(r, 200));
if (phase === 'create') {
  const res = await autocannon({ url, connections: 16, duration: 5, requests: [{ method: 'POST', path: '/v2/identity/identities', headers: auth, setupRequest: (req) => ({ ...req, body: JSON.stringify(personBody(n++)) }) }] });
  console.log('created', n - 100000, res.requests.average);
} else {
  const ids = JSON.parse(readFileSync('/tmp/i11-seeds2/ids.json', 'utf8')) as string[];
  let i = 0;
  await autocannon({ url, connections: 4, duration: 5, requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `/v2/identity/identities/${ids[i++ % ids.length]}` }) }] });
  console.log('gets', i);
}
child.kill('SIGWINCH');
await new Promise((r) => setTimeout(r, 3000));
child.kill('SIGKILL');
rmSync(dir, { recursive: true, force: true });
console.log(readFileSync('/tmp/mem/sample.txt', 'utf8'));
