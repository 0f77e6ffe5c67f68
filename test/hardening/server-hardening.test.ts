/**
 * Regression tests for the hardening pass (issue 12), on a real port: the
 * control API refuses cross-site and rebinding requests, tokens follow the
 * current configuration across a restart, request bodies are limited while
 * they stream, concurrent clock moves add up and stay in range, and a client
 * aborting its body is logged as an abort.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOCK_MAX_MS } from '../../simulator/clock.js';
import { DEFAULT_CLIENT, testConfig, type ClientConfig, type Config } from '../../simulator/config.js';
import { createLogger } from '../../simulator/logger.js';
import { startServer, type RunningServer } from '../../simulator/server.js';
import { startSimulator } from '../../src/testing.js';
import { personBody } from '../support/bodies.js';

let running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.stop()));
  running = [];
});

async function start(config: Partial<Config> = {}, logLines?: string[]): Promise<RunningServer> {
  const logger = logLines ? createLogger('debug', (l) => logLines.push(l)) : undefined;
  const server = await startServer({ config: { ...testConfig(), port: 0, ...config }, ...(logger && { logger }) });
  running.push(server);
  return server;
}

async function tokenFor(server: RunningServer, client: ClientConfig = DEFAULT_CLIENT): Promise<string> {
  const res = await fetch(server.tokenUrl, {
    method: 'POST',
    // an omitted scope grants nothing (issue 9): ask for every scope the client holds
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: client.scopes.join(' ') }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function createPerson(server: RunningServer, token: string, n: number): Promise<Response> {
  return fetch(`${server.baseUrl}/identity/identities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(personBody(n)),
  });
}

/** A raw HTTP request with chosen headers (fetch will not send a foreign Host). */
function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('control API: only a local developer’s own tools', () => {
  it('refuses a cross-origin form post to /_sim/reset, and the data is intact', async () => {
    const server = await start();
    const token = await tokenFor(server);
    expect((await createPerson(server, token, 1)).status).toBe(200);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    // what an HTML form on another site sends: a foreign Origin and a form body
    const crossSite = await raw(`${server.controlUrl}/reset`, { method: 'POST', headers: { ...form, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, body: 'x=1' });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body)).toMatchObject({ type: 'about:blank', title: 'Forbidden', status: 403 });
    expect(JSON.parse(crossSite.body).detail).toContain('evil.example');
    // a form body without Origin (older browsers, privacy settings) cannot reach it either
    const formOnly = await raw(`${server.controlUrl}/reset`, { method: 'POST', headers: form, body: 'x=1' });
    expect(formOnly.status).toBe(415);
    expect(JSON.parse(formOnly.body).detail).toContain('x-paxos-sim');
    // text/plain, the third content type a form can send, with a JSON-looking body
    expect((await raw(`${server.controlUrl}/clock/advance`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"duration":"1h"}' })).status).toBe(415);
    for (const action of ['clock/freeze', 'clock/unfreeze', 'webhooks/drain']) {
      expect((await raw(`${server.controlUrl}/${action}`, { method: 'POST', headers: { origin: 'http://attacker.test' } })).status, action).toBe(403);
    }
    const list = await fetch(`${server.baseUrl}/identity/identities`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('refuses a rebinding DNS name in Host, also for reads of the dashboard API', async () => {
    const server = await start();
    const token = await tokenFor(server);
    expect((await createPerson(server, token, 2)).status).toBe(200);
    const rebound = await raw(`${server.controlUrl}/api/identities`, { headers: { host: `rebind.attacker.test:${server.port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('123-45');
    expect(JSON.parse(rebound.body).detail).toContain('rebind.attacker.test');
    expect((await raw(`${server.controlUrl}/`, { headers: { host: 'rebind.attacker.test' } })).status).toBe(403);
    // loopback names and IP literals are fine
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`, `app.localhost:${server.port}`]) {
      expect((await raw(`${server.controlUrl}/api/identities`, { headers: { host } })).status, host).toBe(200);
    }
  });

  it('still serves the dashboard’s own calls, curl-style calls without a body, JSON calls and the custom header', async () => {
    const server = await start();
    const self = `http://127.0.0.1:${server.port}`;
    // the dashboard page: same origin, custom header, no body
    expect((await raw(`${server.controlUrl}/clock/freeze`, { method: 'POST', headers: { origin: self, 'x-paxos-sim': 'dashboard', 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    // curl -X POST …/clock/unfreeze
    expect((await raw(`${server.controlUrl}/clock/unfreeze`, { method: 'POST' })).status).toBe(200);
    const json = await raw(`${server.controlUrl}/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json', origin: self }, body: '{"duration":"1s"}' });
    expect(json.status).toBe(200);
    expect((await raw(`${server.controlUrl}/reset`, { method: 'POST', headers: { 'x-paxos-sim': '1', 'content-type': 'text/plain' }, body: '' })).status).toBe(200);
  });

  it('prints a prominent warning when bound beyond loopback without a control token, and none with one', async () => {
    const lines: string[] = [];
    await start({ host: '0.0.0.0' }, lines);
    expect(lines.join('\n')).toMatch(/WARNING.*0\.0\.0\.0[\s\S]*--control-token/);
    const quiet: string[] = [];
    await start({ host: '0.0.0.0', control: { enabled: true, token: 't' } }, quiet);
    await start({ host: '127.0.0.1' }, quiet);
    expect(quiet.join('\n')).not.toContain('WARNING');
  });
});

describe('stop()', () => {
  it('waits for a request in flight, but only up to drainMs, then closes its connection', async () => {
    const server = await start();
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    const outcome = new Promise<string>((resolve) => {
      const req = httpRequest(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (err) => resolve(`closed: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
      req.write('grant_type=client_credentials&', () => connected());
    });
    await ready;
    expect((await fetch(`${server.controlUrl}/health`)).status).toBe(200); // the server has taken the connection
    // the body never completes: stop() gives up on it after drainMs instead of hanging
    await server.stop({ drainMs: 100 });
    expect(await outcome).toMatch(/^closed: /);
  });
});

describe('tokens follow the current configuration', () => {
  it('refuses a removed client’s token (401) and a cut-down client’s write (403) after a restart', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'paxos-h12-')), 'db.json');
    const a: ClientConfig = { client_id: 'client-a', client_secret: 'secret-a', scopes: ['identity:read_identity', 'identity:write_identity'] };
    const b: ClientConfig = { client_id: 'client-b', client_secret: 'secret-b', scopes: ['identity:read_identity', 'identity:write_identity'] };
    const first = await start({ storage: 'file', data, clients: [a, b] });
    const tokenA = await tokenFor(first, a);
    const tokenB = await tokenFor(first, b);
    expect((await createPerson(first, tokenA, 3)).status).toBe(200);
    await first.stop();

    const second = await start({ storage: 'file', data, clients: [{ ...b, scopes: ['identity:read_identity'] }] });
    const listA = await fetch(`${second.baseUrl}/identity/identities`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(listA.status).toBe(401);
    expect(await listA.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await createPerson(second, tokenA, 4)).status).toBe(401);
    const writeB = await createPerson(second, tokenB, 5);
    expect(writeB.status).toBe(403);
    expect(((await writeB.json()) as { detail: string }).detail).toBe("insufficient scopes: found 'identity:read_identity', required one of '[identity:write_identity]'");
    expect((await fetch(`${second.baseUrl}/identity/identities`, { headers: { authorization: `Bearer ${tokenB}` } })).status).toBe(200);
  });
});

describe('one body limit, enforced while the body streams', () => {
  /** Stream `total` bytes chunked (no Content-Length) and stop once the answer arrives. */
  function streamChunked(url: string, total: number, contentType: string, method = 'POST'): Promise<{ status: number; body: string; sent: number; peakRssGrowth: number }> {
    const rss0 = process.memoryUsage().rss;
    let peak = 0;
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const req = httpRequest(url, { method, headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } }, (res) => {
        answered = true;
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode!, body, sent, peakRssGrowth: peak - rss0 });
        });
      });
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const pump = () => {
        while (!answered && sent < total) {
          peak = Math.max(peak, process.memoryUsage().rss);
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
  }

  it('refuses a 50 MB chunked token request early with a 413 Problem, with bounded memory', async () => {
    const server = await start();
    const result = await streamChunked(server.tokenUrl, 50 * 1024 * 1024, 'application/x-www-form-urlencoded');
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ type: 'about:blank', title: 'Payload Too Large', status: 413 });
    expect(result.sent).toBeLessThan(50 * 1024 * 1024);
    expect(result.peakRssGrowth).toBeLessThan(48 * 1024 * 1024);
    expect(await tokenFor(server)).toBeTruthy();
  });

  it('refuses an over-long declared Content-Length before reading, and chunked bodies on /v2 and /_sim/ too', async () => {
    const server = await start();
    const token = await tokenFor(server);
    const declared = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(50 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', () => undefined);
      req.on('error', reject);
      req.write('grant_type=client_credentials&');
    });
    expect(declared).toBe(413);
    const control = await streamChunked(`${server.controlUrl}/rules`, 3 * 1024 * 1024, 'application/json', 'PUT');
    expect(control.status).toBe(413);
    const v2 = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.baseUrl}/identity/identities`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(Buffer.alloc(2 * 1024 * 1024, ' '));
    });
    expect(v2).toBe(413);
  });

  it('logs a body the client aborts as an abort, not as an unhandled error', async () => {
    const lines: string[] = [];
    const server = await start({}, lines);
    await new Promise<void>((resolve) => {
      const req = httpRequest(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } });
      req.on('error', () => resolve());
      req.write('grant_type=client_cre', () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    // wait until the server has noticed, on its own clock of events
    for (let i = 0; i < 100 && !lines.some((l) => l.includes('aborted')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(lines.join('\n')).toContain('request aborted by the client');
    expect(lines.join('\n')).not.toContain('unhandled error');
    expect(await tokenFor(server)).toBeTruthy();
  });

  it('logs a declared-length body the client aborts as an abort, and still serves the next request', async () => {
    const lines: string[] = [];
    const server = await start({}, lines);
    const token = await tokenFor(server);
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${server.baseUrl}/identity/identities`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '500' } });
      req.on('error', () => resolve());
      req.write('{"type":"PERSON","per', () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    for (let i = 0; i < 100 && !lines.some((l) => l.includes('aborted')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(lines.join('\n')).toContain('request aborted by the client');
    expect(lines.join('\n')).not.toContain('unhandled error');
    expect(server.simulator.store.read((db) => db.identities.filter(() => true).length)).toBe(0);
    expect((await createPerson(server, token, 1)).status).toBe(200);
  });

  it('reads declared-length bodies as the handlers expect: UTF-8 JSON with a BOM, a form, and a fault matched on the form', async () => {
    const server = await start({ faults: [{ operation: 'getAccessToken', client_id: 'nobody-configured', status: 503 }] });
    const token = await tokenFor(server); // the form's client_id is read by the fault rule and by the route
    const body = { ...personBody(7), metadata: { note: 'Zoë 李' } };
    const created = await raw(`${server.baseUrl}/identity/identities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '\uFEFF' + JSON.stringify(body),
    });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body).metadata).toEqual({ note: 'Zoë 李' });
    const notJson = await raw(`${server.baseUrl}/identity/identities`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"type":' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).detail).toMatch(/not valid JSON/);
  });

  it('answers a fault rule matched on a token request\'s form client_id (declared length)', async () => {
    const server = await start({ faults: [{ operation: 'getAccessToken', client_id: DEFAULT_CLIENT.client_id, status: 503 }] });
    const res = await raw(server.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret }).toString(),
    });
    expect(res.status).toBe(503);
  });
});

describe('the clock', () => {
  const post = (server: RunningServer, path: string, body: unknown) =>
    fetch(`${server.controlUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('adds up 20 concurrent 1 s advances to 20 s', async () => {
    const server = await start({ clock: { frozen: true, start: '2026-01-15T10:00:00Z' } });
    const before = server.clock.nowMs();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(server, '/clock/advance', { duration: '1s' })));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(server.clock.nowMs() - before).toBe(20_000);
    // different lengths at once: no 500s, and they add up as well
    const mixed = await Promise.all([1, 2, 3, 4, 5].map((s) => post(server, '/clock/advance', { duration: `${s}s` })));
    expect(mixed.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(server.clock.nowMs() - before).toBe(35_000);
  });

  it('answers out-of-range moves with a 400 naming the range, and tokens keep working', async () => {
    const server = await start({ clock: { frozen: true, start: '2026-01-15T10:00:00Z' } });
    const before = server.clock.nowMs();
    for (const [path, body] of [
      ['/clock/advance', { ms: 1e20 }],
      ['/clock/advance', { duration: '99999999w' }],
      ['/clock/set', { now: '+275760-09-13T00:00:00.000Z' }],
      ['/clock/set', { now: '+010000-01-01T00:00:00.000Z' }],
    ] as const) {
      const res = await post(server, path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const problem = (await res.json()) as { detail: string; title: string };
      expect(problem.title).toBe('Bad Request');
      expect(problem.detail).toContain('9999-12-31T23:59:59.999Z');
    }
    expect(server.clock.nowMs()).toBe(before);
    // the very end of the range is allowed, and the token endpoint still answers there
    expect((await post(server, '/clock/set', { now: new Date(CLOCK_MAX_MS).toISOString() })).status).toBe(200);
    expect(await tokenFor(server)).toBeTruthy();
    expect((await post(server, '/clock/advance', { ms: 1 })).status).toBe(400);
  });

  it('keeps the token endpoint working over a stored clock beyond the range (an older data file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-h12-'));
    const data = join(dir, 'db.json');
    const first = await start({ storage: 'file', data });
    await first.stop();
    const stored = JSON.parse(await (await import('node:fs/promises')).readFile(data, 'utf8'));
    stored.settings.clock = { frozen: true, offsetMs: 0, frozenAtMs: 8.64e15 };
    writeFileSync(data, JSON.stringify(stored));
    const second = await start({ storage: 'file', data });
    expect(await tokenFor(second)).toBeTruthy();
    expect(second.clock.now().toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('startSimulator().clock rejects out-of-range moves naming the range, changing nothing', async () => {
    const sim = await startSimulator({ startAt: '2026-01-15T10:00:00Z' });
    try {
      const before = sim.clock.now().getTime();
      await expect(sim.clock.advance(1e20)).rejects.toThrow(/9999-12-31T23:59:59\.999Z/);
      await expect(sim.clock.advance('99999999w')).rejects.toThrow(RangeError);
      await expect(sim.clock.set(8.64e15)).rejects.toThrow(/9999-12-31T23:59:59\.999Z/);
      expect(sim.clock.now().getTime()).toBe(before);
      await Promise.all(Array.from({ length: 10 }, () => sim.clock.advance('1s')));
      expect(sim.clock.now().getTime() - before).toBe(10_000);
    } finally {
      await sim.stop();
    }
  });
});
