/**
 * @module test/support/sandbox
 * createTestSandbox(): the test harness. A fresh simulator per test (memory
 * store, frozen clock at T0, silent logs), in process (`app.request`, no
 * port; the default) or on a real port (`mode: 'port'`, port 0), handing out
 * raw HTTP helpers and the generated typed client, plus a check of any
 * response against our OpenAPI document.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../simulator/app.js';
import { startServer, type RunningServer } from '../../simulator/server.js';
import { createPaxosClient, type FetchLike, type PaxosClient, type PaxosClientOptions } from '../../src/index.js';
import { createClock, type Clock } from '../../simulator/clock.js';
import { ALL_SCOPES, DEFAULT_CLIENT, testConfig, type ClientConfig, type Config } from '../../simulator/config.js';
import { loadSpec } from '../../simulator/spec/spec.js';
import { createRequestValidator } from '../../simulator/http/validate.js';

import { T0 } from './time.js';

export { T0, T0_ISO } from './time.js';

/** A second client, of another entity, with its own identities (for isolation tests). */
export const OTHER_CLIENT: ClientConfig = { client_id: 'other-client', client_secret: 'other-secret', scopes: [...ALL_SCOPES] };
/** Clients that each hold exactly one scope, or none. */
export const READ_ONLY_CLIENT: ClientConfig = { client_id: 'read-only', client_secret: 'read-secret', scopes: ['identity:read_identity'] };
export const WRITE_ONLY_CLIENT: ClientConfig = { client_id: 'write-only', client_secret: 'write-secret', scopes: ['identity:write_identity'] };
export const EVENTS_ONLY_CLIENT: ClientConfig = { client_id: 'events-only', client_secret: 'events-secret', scopes: ['events:read_event'] };

export const TEST_CLIENTS: ClientConfig[] = [DEFAULT_CLIENT, OTHER_CLIENT, READ_ONLY_CLIENT, WRITE_ONLY_CLIENT, EVENTS_ONLY_CLIENT];
/** Two entities: the default client's team (with the one-scope keys) and OTHER_CLIENT's. */
export const TEST_ENTITIES = [
  { id: 'team-a', clients: [DEFAULT_CLIENT.client_id, READ_ONLY_CLIENT.client_id, WRITE_ONLY_CLIENT.client_id, EVENTS_ONLY_CLIENT.client_id] },
  { id: 'team-b', clients: [OTHER_CLIENT.client_id] },
];

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export type SandboxMode = 'in-process' | 'port';

export interface TestSandbox {
  mode: SandboxMode;
  sim: Simulator;
  /** on a real port: the running server (its URLs); undefined in process */
  server?: RunningServer;
  /** the server root: http://127.0.0.1:<port> on a real port, a placeholder origin in process */
  url: string;
  clock: Clock;
  config: Config;
  /** Raw request to the in-process app (path relative to the server root). */
  raw(path: string, init?: RequestInit): Promise<Response>;
  /** Request with JSON parsing; `json` sets the body and content type; `token` the bearer token. */
  request<T = any>(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<JsonResponse<T>>;
  /** An access token for `client` (default client) with the given scopes (default: all of the client's, requested by name). */
  token(scopes?: string[], client?: ClientConfig): Promise<string>;
  /** Request authenticated with a cached all-scopes token of the default client. */
  api<T = any>(method: string, path: string, json?: unknown): Promise<JsonResponse<T>>;
  /** The generated typed client as the default client (all its scopes). */
  client: PaxosClient;
  /** A further typed client on the same simulator (its own token cache). */
  newClient(extra?: Partial<PaxosClientOptions>): PaxosClient;
  /** Token requests made so far by the typed clients. */
  tokenRequests(): number;
  close(): Promise<void>;
}

/** Build a sandbox; `config` overrides the test config, `options` the simulator collaborators. */
export async function createTestSandbox(
  input: { mode?: SandboxMode; config?: Partial<Config>; options?: Partial<SimulatorOptions> } = {},
): Promise<TestSandbox> {
  const mode = input.mode ?? 'in-process';
  const config = testConfig({ clients: TEST_CLIENTS, entities: input.config?.clients ? undefined : TEST_ENTITIES, ...(mode === 'port' && { port: 0, host: '127.0.0.1' }), ...input.config });
  const clock = createClock({ wall: () => T0, initial: { frozen: true, frozenAtMs: T0, offsetMs: 0 } });
  let sim: Simulator;
  let url: string;
  let transport: FetchLike;
  let close: () => Promise<void>;
  let server: RunningServer | undefined;
  if (mode === 'port') {
    server = await startServer({ config, clock, ...input.options });
    sim = server.simulator;
    url = server.url;
    transport = (req, init) => fetch(req, init);
    const running = server;
    close = () => running.stop();
  } else {
    sim = await createSimulator({ config, clock, ...input.options });
    url = 'http://127.0.0.1';
    transport = (req, init) => sim.app.request(req, init);
    close = () => sim.close();
  }
  const raw = async (path: string, init?: RequestInit) => (mode === 'port' ? fetch(`${url}${path}`, init) : sim.app.request(`${url}${path}`, init));
  const request = async <T>(path: string, init: RequestInit & { json?: unknown; token?: string } = {}): Promise<JsonResponse<T>> => {
    const { json, token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    const res = await raw(path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, body: body as T, text };
  };
  const token = async (scopes?: string[], client: ClientConfig = DEFAULT_CLIENT) => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret });
    form.set('scope', (scopes ?? client.scopes).join(' '));
    const res = await request<{ access_token: string }>('/oauth2/token', { method: 'POST', body: form });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    return res.body.access_token;
  };
  let cached: string | undefined;
  const api = async <T>(method: string, path: string, json?: unknown) => {
    cached ??= await token();
    return request<T>(`/v2${path}`, { method, json, token: cached });
  };
  let tokenCalls = 0;
  const counting: FetchLike = (req, init) => {
    if (new URL(req.url).pathname === '/oauth2/token') tokenCalls++;
    return transport(req, init);
  };
  const clientOptions: PaxosClientOptions = {
    baseUrl: `${url}/v2`,
    tokenUrl: `${url}/oauth2/token`,
    clientId: DEFAULT_CLIENT.client_id,
    clientSecret: DEFAULT_CLIENT.client_secret,
    fetch: counting,
  };
  const newClient = (extra: Partial<PaxosClientOptions> = {}) => createPaxosClient({ ...clientOptions, ...extra });
  return { mode, sim, server, url, clock, config, raw, request, token, api, client: newClient(), newClient, tokenRequests: () => tokenCalls, close };
}

const validator = createRequestValidator();

/** The spec's verdict on a response of `operationId` (undefined when it conforms). */
export function specError(operationId: string, res: Pick<JsonResponse, 'status' | 'body'>): string | undefined {
  return validator.response(operationId, res.status, res.body);
}

/**
 * A typed client result (`sb.client.*`), after checking its body against the spec entry of the
 * operation it names; throws with the spec's verdict when it does not conform.
 * @example const identity = unwrap(conforming(await sb.client.getIdentity(id)));
 */
export function conforming<R extends { operationId: string; response: Response; data?: unknown; error?: unknown }>(result: R): R {
  const verdict = specError(result.operationId, { status: result.response.status, body: result.data ?? result.error });
  if (verdict) throw new Error(`${result.operationId} answered ${result.response.status} against the spec: ${verdict}`);
  return result;
}

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const problemAjv = new Ajv({ strict: false, allErrors: true });
addFormats(problemAjv);
problemAjv.addSchema(loadSpec().doc, 'spec');
const validateProblem = problemAjv.compile({ $ref: 'spec#/components/schemas/Problem' });

/**
 * For answers no operation documents (405, 413, 415, 500, unknown routes):
 * is the body a Problem whose status and title match? Returns error text or undefined.
 */
export function problemError(res: Pick<JsonResponse, 'status' | 'body'>): string | undefined {
  if (!validateProblem(res.body)) return problemAjv.errorsText(validateProblem.errors);
  const body = res.body as { status?: number; title?: string };
  if (body.status !== res.status) return `problem.status ${String(body.status)} differs from HTTP ${res.status}`;
  if (!body.title) return 'problem.title is missing';
  return undefined;
}
