import { spawn } from 'node:child_process';
async function once(args, post) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise((res) => child.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) res(m[1]); }));
  const r = await fetch(`${url}/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'paxos-sim-client', client_secret: 'paxos-sim-secret' }) });
  await r.text();
  const ms = performance.now() - t0;
  child.kill('SIGKILL');
  return ms;
}
for (const [name, args] of [['bare', ['bench/bare-server.mjs', '0']], ['cli', ['dist/simulator/cli.js', '--port', '0', '--memory', '--log-level', 'error']]]) {
  const t = []; for (let i = 0; i < 5; i++) t.push(await once(args));
  console.log(name, t.map((x) => x.toFixed(0)).join(' '));
}
