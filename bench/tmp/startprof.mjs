import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/h11b/cprof', 'dist/simulator/cli.js', '--port', '0', '--memory', '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
const url = await new Promise((res) => child.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) res(m[1]); }));
const r = await fetch(`${url}/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret' }) });
await r.text();
child.kill('SIGTERM');
