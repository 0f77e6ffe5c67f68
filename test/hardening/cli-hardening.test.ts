/**
 * Regression tests for the hardening pass (issue 12) that need the real
 * `paxos-sim` process: data files of the wrong shape exit 2 with the clear
 * message and are left untouched, and SIGTERM lets every request in flight
 * finish before the process exits.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../simulator/config.js';
import { createLogger } from '../../simulator/logger.js';
import { startServer } from '../../simulator/server.js';
import { StoreOpenError } from '../../simulator/store/errors.js';
import { defaultData } from '../../simulator/store/shape.js';
import { runCli, startCli } from '../support/cli-process.js';

/** A data file of the right shape, as the store writes it; each case below breaks one part. */
const valid = () => ({ ...defaultData(), seq: 1 });

const WRONG_SHAPES: Record<string, string> = {
  'a file holding only null': 'null',
  'identities: null': JSON.stringify({ ...valid(), identities: null }),
  'a record without _sim': JSON.stringify({ ...valid(), identities: { a: { id: 'a', type: 'PERSON' } } }),
  'invalid stored rules': JSON.stringify({ ...valid(), settings: { rules: [{ outcome: 'MAYBE' }] } }),
  'a clock made of strings': JSON.stringify({ ...valid(), settings: { clock: { frozen: 'yes', offsetMs: '0', frozenAtMs: 0 } } }),
  'a token without scopes': JSON.stringify({ ...valid(), tokens: { t: { token: 't', client_id: 'c', expires_at: '2026-01-01T00:00:00Z' } } }),
  'an array': '[]',
};

describe('data files of the wrong shape', () => {
  // One real process per message path: a wrong shape and a corrupt file each exit 2 with "paxos-sim: "
  // and the message, no stack trace. The CLI turns every StoreOpenError into exactly that, so the
  // other shapes are opened in process with the CLI's own options and must fail with a StoreOpenError.
  const SPAWNED = ['identities: null', 'a file that is not JSON'];

  it('exit 2 with the same clear message as a corrupt file, and are never overwritten', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-h12-shape-'));
    const cases = Object.entries({ ...WRONG_SHAPES, 'a corrupt file': '{"version": 1, ', 'a file that is not JSON': 'not json' });
    const results = await Promise.all(
      cases.map(async ([name, text], i) => {
        const file = join(dir, `db-${i}.json`);
        writeFileSync(file, text);
        const args = ['--port', '0', '--host', '127.0.0.1', '--data', file, '--log-level', 'error'];
        // a process that accepted the file would keep serving: killed after 30 s, its code is null
        if (SPAWNED.includes(name)) return { name, file, text, ...(await runCli(args, { timeoutMs: 30_000 })) };
        const started = await startServer({ config: loadConfig({ argv: args, env: {} }), logger: createLogger('silent') }).then(
          async (server) => (await server.stop(), undefined),
          (err: Error) => err,
        );
        // what the CLI prints and its exit code for this error
        const cli = started instanceof StoreOpenError ? { code: 2, stderr: `paxos-sim: ${started.message}\n` } : { code: started ? 1 : null, stderr: String(started) };
        return { name, file, text, ...cli };
      }),
    );
    for (const r of results) {
      expect(r.code, r.name).toBe(2);
      expect(r.stderr.startsWith(`paxos-sim: cannot read the data file ${r.file}:`), `${r.name}: ${r.stderr}`).toBe(true);
      expect(r.stderr, r.name).toContain('(start with --reset to begin empty)');
      expect(r.stderr, r.name).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stderr.split('\n').filter(Boolean), r.name).toHaveLength(1); // one line, nothing else
      expect(readFileSync(r.file, 'utf8'), r.name).toBe(r.text);
    }
    expect(results.find((r) => r.name === 'identities: null')!.stderr).toContain('identities must be an object of records, found null');
    expect(results.find((r) => r.name === 'a record without _sim')!.stderr).toContain('identities["a"]._sim must be an object, found undefined');
    expect(results.find((r) => r.name === 'invalid stored rules')!.stderr).toContain('settings.rules');
  }, 60_000);
});

describe('SIGTERM', () => {
  it('lets every request in flight finish before exiting', async () => {
    const cli = await startCli(['--memory', '--log-level', 'info']);
    // Requests in flight: headers and half a body sent, the rest only after SIGTERM.
    const inFlight = Array.from({ length: 8 }, () => {
      const req = httpRequest(`${cli.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } });
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
      });
      req.write('grant_type=client_credentials&client_id=paxos-sim-client&');
      return { req, answer };
    });
    // and a load of complete requests
    const load = Array.from({ length: 40 }, () => fetch(`${cli.url}/_sim/health`).then((r) => r.status));
    // one more round trip, so the server has taken every connection above
    expect((await fetch(`${cli.url}/_sim/health`)).status).toBe(200);
    const exited = cli.stop('SIGTERM');
    for (let i = 0; i < 200 && !cli.output().includes('SIGTERM received'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cli.output()).toContain('SIGTERM received');
    for (const { req } of inFlight) req.end('client_secret=paxos-sim-secret');
    const answers = await Promise.all(inFlight.map((f) => f.answer));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toMatchObject({ token_type: 'bearer' });
    }
    expect(await Promise.all(load)).toEqual(Array(40).fill(200));
    expect(await exited).toBe(0);
  }, 30_000);
});
