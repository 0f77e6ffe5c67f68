/**
 * @module proxy/server
 * `paxos-sim proxy --target <base URL>`: a validating, recording proxy.
 * Forwards /oauth2/token and /v2/... to the target (a real Paxos sandbox, or
 * any URL), checks each exchange against our OpenAPI document
 * (proxy/check.ts), prints the mismatches as they happen, keeps a drift report
 * in the format of `contracts:drift` up to date, and with `record` writes the
 * exchanges as a redacted fixture (proxy/recorder.ts).
 *
 * The report is two files, rewritten after every exchange:
 *   <report>.json  a verification result (contracts/verify/results.ts), so
 *                  `npm run contracts:drift a.json b.json` compares two runs;
 *   <report>.txt   the drift between our document and the target, rendered
 *                  as contracts:drift renders it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { compareResults, renderDrift } from '../../contracts/verify/drift-compare.js';
import type { InteractionResult, TargetResults } from '../../contracts/verify/results.js';
import { createExchangeChecker, type ExchangeChecker } from './check.js';
import { createRecorder, type Recorder } from './recorder.js';
import { Redactor } from './redact.js';

export interface ProxyOptions {
  /** base URL of the target, e.g. https://api.sandbox.paxos.com (no /v2) */
  target: string;
  /** base URL for /oauth2/token when the target has a separate OAuth host (Paxos: https://oauth.sandbox.paxos.com) */
  tokenTarget?: string;
  port?: number;
  host?: string;
  /** write the redacted recording into this folder */
  recordDir?: string;
  /** report path without extension (default .paxos-sim/proxy-report) */
  report?: string;
  /** one line per exchange and per mismatch (default: stdout) */
  print?: (line: string) => void;
  fetch?: typeof fetch;
  now?: () => Date;
}

export interface RunningProxy {
  url: string;
  port: number;
  /** the report as it stands */
  results(): TargetResults;
  /** the drift text as it stands */
  driftText(): string;
  reportPaths: { json: string; text: string };
  recordingPath?: string;
  stop(): Promise<void>;
}

const HOP_BY_HOP = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer'];
const STRIP_FROM_RESPONSE = ['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'];

const headerObject = (h: Headers) => Object.fromEntries([...h.entries()]);

/** Build the proxy's Hono app and its state (no port). */
export function createProxy(options: ProxyOptions & { checker?: ExchangeChecker }) {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const fetchFn = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const target = options.target.replace(/\/+$/, '');
  const tokenTarget = (options.tokenTarget ?? options.target).replace(/\/+$/, '');
  const checker = options.checker ?? createExchangeChecker();
  const redactor = new Redactor();
  const recorder: Recorder | undefined = options.recordDir ? createRecorder({ dir: options.recordDir, target, now, redactor }) : undefined;
  const reportBase = options.report ?? '.paxos-sim/proxy-report';
  const reportPaths = { json: `${reportBase}.json`, text: `${reportBase}.txt` };
  const startedAt = now();
  const interactions = new Map<string, InteractionResult>();

  const results = (): TargetResults => {
    const list = [...interactions.values()].map((i) => ({ ...i, mismatches: i.mismatches.map((m) => redactor.scrub(m)) }));
    return {
      target,
      baseUrl: `${target}/v2`,
      tokenUrl: `${tokenTarget}/oauth2/token`,
      startedAt: startedAt.toISOString(),
      durationMs: now().getTime() - startedAt.getTime(),
      ok: list.every((i) => i.status === 'passed'),
      interactions: list,
      stateFailures: [],
      errors: [],
    };
  };
  const driftText = () => {
    const observed = results();
    const contract: TargetResults = { ...observed, target: 'openapi', interactions: observed.interactions.map((i) => ({ ...i, status: 'passed', mismatches: [] })) };
    return renderDrift(compareResults(contract, observed));
  };
  const writeReport = () => {
    mkdirSync(dirname(reportPaths.json), { recursive: true });
    writeFileSync(reportPaths.json, `${JSON.stringify(results(), null, 2)}\n`);
    writeFileSync(reportPaths.text, driftText());
  };

  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const isToken = url.pathname === '/oauth2/token';
    if (!isToken && !url.pathname.startsWith('/v2/')) {
      return c.json({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'the proxy forwards /oauth2/token and /v2/... only' }, 404);
    }
    const requestHeaders = headerObject(c.req.raw.headers);
    const forwardHeaders = new Headers(c.req.raw.headers);
    for (const h of HOP_BY_HOP) forwardHeaders.delete(h);
    const body = ['GET', 'HEAD'].includes(c.req.method) ? undefined : await c.req.arrayBuffer();
    const upstream = `${isToken ? tokenTarget : target}${url.pathname}${url.search}`;
    let res: Response;
    try {
      res = await fetchFn(upstream, { method: c.req.method, headers: forwardHeaders, body: body && body.byteLength ? body : undefined, redirect: 'manual' });
    } catch (err) {
      print(`! ${c.req.method} ${url.pathname}: the target did not answer (${(err as Error).message})`);
      return c.json({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: `the proxy could not reach ${upstream}` }, 502);
    }
    const responseBuffer = await res.arrayBuffer();
    const decoder = new TextDecoder();
    const exchange = {
      method: c.req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      requestContentType: c.req.header('content-type'),
      requestBody: body ? decoder.decode(body) : undefined,
      status: res.status,
      responseContentType: res.headers.get('content-type') ?? undefined,
      responseBody: decoder.decode(responseBuffer),
      requestHeaders,
      responseHeaders: headerObject(res.headers),
    };
    const checked = checker.check(exchange);
    // Remember secrets and PII of this exchange before anything is written or printed.
    redactor.headers(requestHeaders);
    redactor.headers(exchange.responseHeaders);
    if (checked.operation === 'getAccessToken' && exchange.requestBody) redactor.form(exchange.requestBody);
    for (const text of [exchange.requestBody, exchange.responseBody]) {
      try {
        if (text) redactor.json(JSON.parse(text));
      } catch {
        /* not JSON */
      }
    }
    const description = `${checked.operation ?? `${exchange.method} ${exchange.path}`} → ${exchange.status}`;
    const key = `${checked.provider}|${description}`;
    const entry = interactions.get(key) ?? { provider: checked.provider, description, states: [], status: 'passed' as const, mismatches: [] };
    for (const m of checked.mismatches) if (!entry.mismatches.includes(m)) entry.mismatches.push(m);
    interactions.set(key, { ...entry, status: entry.mismatches.length ? 'failed' : 'passed' });
    print(`${checked.mismatches.length ? '✗' : '✓'} ${exchange.method} ${exchange.path} → ${exchange.status}${checked.operation ? ` (${checked.operation})` : ''}`);
    for (const m of checked.mismatches) print(`    ${redactor.scrub(m)}`);
    recorder?.add(exchange, checked.operation, checked.mismatches);
    writeReport();

    const headers = new Headers(res.headers);
    for (const h of STRIP_FROM_RESPONSE) headers.delete(h);
    return new Response(responseBuffer.byteLength ? responseBuffer : null, { status: res.status, headers });
  });

  return { app, results, driftText, reportPaths, recordingPath: recorder?.path, writeReport };
}

/**
 * @example
 * const proxy = await startProxy({ target: 'https://api.sandbox.paxos.com', tokenTarget: 'https://oauth.sandbox.paxos.com', port: 4020, recordDir: 'recordings' });
 * // point your client at proxy.url/v2 and proxy.url/oauth2/token
 * await proxy.stop();
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const proxy = createProxy(options);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: proxy.app.fetch, port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  proxy.writeReport();
  return {
    url: `http://${host}:${port}`,
    port,
    results: proxy.results,
    driftText: proxy.driftText,
    reportPaths: proxy.reportPaths,
    recordingPath: proxy.recordingPath,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
