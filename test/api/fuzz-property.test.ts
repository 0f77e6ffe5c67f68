/**
 * Property-based fuzz (fast-check) over every operation of our OpenAPI
 * document (the token endpoint and the /v2 surface) and every route of the
 * simulator's control API (/_sim/), on a real port: path parameters, query
 * parameters, bodies generated from the operation's schema (then mutated, or
 * replaced by arbitrary JSON or text), content types and credentials vary.
 * Property: no answer is a 5xx. Afterwards the server is healthy.
 *
 * Bounded: FUZZ_RUNS requests (default 300). The seed is printed; replay a run
 * with FUZZ_SEED=<seed> npx vitest run test/api/fuzz-property.test.ts
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../simulator/config.js';
import { loadSpec, resolveRef, type OpenApiOperation } from '../../simulator/spec/spec.js';
import { startServer, type RunningServer } from '../../simulator/server.js';
import { personBody } from '../support/bodies.js';
import { READ_ONLY_CLIENT, TEST_CLIENTS } from '../support/sandbox.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** A fixed default keeps CI deterministic; set FUZZ_SEED for other (or random: FUZZ_SEED=random) explorations. */
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20261130);

type Schema = Record<string, any>;
const spec = loadSpec();

const deref = (schema: Schema | undefined): Schema => resolveRef(spec.doc, schema ?? {});

/** An arbitrary for values of `schema` (valid-looking, with optional fields left out at random). */
function fromSchema(input: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(input);
  if (depth > 4) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.allOf) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf as Schema[]) {
      const p = deref(part);
      Object.assign(merged.properties, p.properties ?? {});
      merged.required.push(...(p.required ?? []));
    }
    return fromSchema(merged, depth);
  }
  const choices = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (choices) return fc.oneof(...choices.map((s) => fromSchema(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const record = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromSchema(s, depth + 1)])),
        { requiredKeys: (schema.required ?? []).filter((k: string) => k in props) },
      );
      return schema.additionalProperties ? fc.tuple(record, fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 })).map(([r, extra]) => ({ ...extra, ...r })) : record;
    }
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 3 });
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constantFrom(0, 1, 2 ** 53));
    case 'number':
      return fc.oneof(fc.double({ noNaN: true }), fc.integer());
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.format === 'date') return fc.constantFrom('1990-01-01', '1990-02-30', '2999-12-31', 'not-a-date');
      if (schema.format === 'date-time') return fc.constantFrom('2026-01-15T10:00:00Z', '+275760-09-13T00:00:00Z', 'yesterday');
      if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.string({ maxLength: 8 }));
      return fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('USA', 'US', '123-45-6789', 'PASSTHROUGH', '\r\nX: y', 'x'.repeat(300)));
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The /_sim/ routes (not in the Paxos spec), each with a body arbitrary. */
const durations = fc.oneof(fc.constantFrom('1s', '5m', '2h', 'PT1H', '99999999w', '-1s', '', '1e3s'), fc.string({ maxLength: 6 }));
const SIM_ROUTES: Array<{ method: string; path: string; body?: fc.Arbitrary<unknown> }> = [
  { method: 'GET', path: '/_sim/health' },
  { method: 'GET', path: '/_sim/clock' },
  { method: 'POST', path: '/_sim/clock/freeze' },
  { method: 'POST', path: '/_sim/clock/unfreeze' },
  { method: 'POST', path: '/_sim/clock/advance', body: fc.oneof(fc.record({ duration: durations }), fc.record({ ms: fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.double(), fc.constant(1e20)) })) },
  { method: 'POST', path: '/_sim/clock/set', body: fc.record({ now: fc.oneof(fc.constantFrom('2027-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '1969-01-01T00:00:00Z', 'x'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) }) },
  { method: 'GET', path: '/_sim/rules' },
  { method: 'PUT', path: '/_sim/rules', body: fc.record({ rules: fc.array(fc.record({ match: fc.dictionary(fc.constantFrom('ref_id_prefix', 'metadata', 'constructor', '__proto__'), fc.jsonValue({ maxDepth: 1 })), outcome: fc.constantFrom('APPROVED', 'DENIED', 'EDD', 'X'), delay: durations }, { requiredKeys: [] }), { maxLength: 2 }) }) },
  { method: 'POST', path: '/_sim/reset' },
  { method: 'GET', path: '/_sim/' },
  { method: 'GET', path: '/_sim/dashboard/app.js' },
  { method: 'GET', path: '/_sim/api/meta' },
  { method: 'GET', path: '/_sim/api/identities' },
  { method: 'GET', path: '/_sim/api/identities/{id}' },
  { method: 'POST', path: '/_sim/api/identities/{id}/{action}', body: fc.option(fc.record({ documents: fc.array(fc.constantFrom('PROOF_OF_FUNDS', 'X'), { maxLength: 2 }) }, { requiredKeys: [] }), { nil: undefined }) },
  { method: 'GET', path: '/_sim/webhooks/consumers' },
  { method: 'POST', path: '/_sim/webhooks/consumers', body: fc.record({ url: fc.constantFrom('http://127.0.0.1:9/hook', 'ftp://x', ''), name: fc.string({ maxLength: 5 }), auth: fc.record({ type: fc.constantFrom('api_key', 'oauth', 'x'), header: fc.constantFrom('X-Key', 'Content-Type', 'Bad Name'), value: fc.constantFrom('v', 'a\r\nb', '') }) }, { requiredKeys: ['url'] }) },
  { method: 'DELETE', path: '/_sim/webhooks/consumers/{id}' },
  { method: 'GET', path: '/_sim/webhooks/deliveries' },
  { method: 'GET', path: '/_sim/webhooks/deliveries/{id}' },
  { method: 'POST', path: '/_sim/webhooks/events/{id}/resend', body: fc.option(fc.record({ consumer_id: fc.string({ maxLength: 6 }) }), { nil: undefined }) },
  { method: 'POST', path: '/_sim/webhooks/test', body: fc.record({ type: fc.constantFrom('identity.approved', 'identity.created', 'x'), client_id: fc.constantFrom('paxos-sim-client', 'nobody', '') }, { requiredKeys: [] }) },
  { method: 'POST', path: '/_sim/webhooks/drain' },
  { method: 'PUT', path: '/_sim/uploads/{id}', body: fc.string({ maxLength: 50 }) },
];

interface Target {
  name: string;
  method: string;
  /** path on the server, with {name} placeholders */
  path: string;
  query: OpenApiOperation['parameters'];
  body?: fc.Arbitrary<unknown>;
  form?: boolean;
}

function specTargets(): Target[] {
  return [...spec.operations.values()].map((op) => {
    const content = op.requestBody?.content ?? {};
    const form = 'application/x-www-form-urlencoded' in content;
    const schema = (content['application/json'] ?? content['application/x-www-form-urlencoded'])?.schema;
    return {
      name: op.operationId,
      method: op.method,
      path: op.path === '/oauth2/token' ? op.path : `/v2${op.path}`,
      query: op.parameters.filter((p) => p.in === 'query'),
      body: schema ? fromSchema(schema) : undefined,
      form,
    };
  });
}

const TARGETS: Target[] = [...specTargets(), ...SIM_ROUTES.map((r) => ({ name: `${r.method} ${r.path}`, method: r.method, path: r.path, query: [], body: r.body }))];

let server: RunningServer;
const known: { identities: string[]; events: string[]; consumers: string[] } = { identities: [], events: [], consumers: [] };
const tokens: Record<string, string> = {};

async function refreshTokens(): Promise<void> {
  for (const client of [TEST_CLIENTS[0], READ_ONLY_CLIENT]) {
    // an omitted scope grants nothing (issue 9): each token asks for every scope its client holds
    const res = await fetch(server.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: client.scopes.join(' ') }) });
    tokens[client.client_id] = ((await res.json()) as { access_token: string }).access_token;
  }
}

beforeAll(async () => {
  server = await startServer({ config: { ...testConfig({ clients: TEST_CLIENTS }), port: 0, clock: { frozen: true, start: '2026-01-15T10:00:00Z' } } });
  await refreshTokens();
  const created = await fetch(`${server.baseUrl}/identity/identities`, { method: 'POST', headers: { authorization: `Bearer ${tokens[TEST_CLIENTS[0].client_id]}`, 'content-type': 'application/json' }, body: JSON.stringify(personBody(1)) });
  known.identities.push(((await created.json()) as { id: string }).id);
});
afterAll(() => server?.stop());

/** One fuzzed request to `target`: everything that varies, drawn by fast-check. */
const requestArb = (target: Target) => fc.record({
  target: fc.constant(target),
  generated: target.body ?? fc.constant(undefined),
  pathValue: fc.oneof(fc.constant('known'), fc.uuid(), fc.constantFrom('approve', 'deny', 'require-documents', 'disable', 'enable', 'x', '..', '%2e%2e', 'constructor')),
  query: fc.dictionary(fc.constantFrom('limit', 'page_cursor', 'order', 'created_at.gt', 'summary_status', 'type', 'x'), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('-1', '1000', 'DESC', '2026-01-15T10:00:00Z')), { maxKeys: 3 }),
  bodyMode: fc.constantFrom('schema', 'schema', 'mutated', 'json', 'text', 'none'),
  mutation: fc.tuple(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
  json: fc.jsonValue({ maxDepth: 3 }),
  text: fc.string({ maxLength: 40 }),
  contentType: fc.constantFrom('default', 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'none'),
  auth: fc.constantFrom('full', 'full', 'read-only', 'garbage', 'none', 'basic'),
  simHeader: fc.boolean(),
});

describe('property-based fuzz over every operation', () => {
  it(`answers ${RUNS} generated requests without a 5xx, and stays healthy (seed ${SEED})`, async () => {
    console.log(`fuzz-property: seed ${SEED}, ${RUNS} runs; replay with FUZZ_SEED=${SEED}`);
    const seen = new Map<string, Set<number>>();
    // Every target gets its share of the runs, each from a seed derived from SEED.
    const perTarget = Math.max(1, Math.ceil(RUNS / TARGETS.length));
    for (const [index, fuzzed] of TARGETS.entries()) {
    await fc.assert(
      fc.asyncProperty(requestArb(fuzzed), async (r) => {
        const { target } = r;
        const path = target.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
          if (name === 'action') return encodeURIComponent(r.pathValue === 'known' ? 'approve' : r.pathValue);
          if (r.pathValue !== 'known') return encodeURIComponent(r.pathValue);
          const pool = target.path.includes('/events') ? known.events : target.path.includes('/consumers') ? known.consumers : known.identities;
          return pool[0] ?? 'none';
        });
        const url = new URL(`${server.url}${path}`);
        for (const [k, v] of Object.entries(r.query)) url.searchParams.set(k, v);
        const headers: Record<string, string> = {};
        if (r.auth === 'full') headers.authorization = `Bearer ${tokens[TEST_CLIENTS[0].client_id]}`;
        if (r.auth === 'read-only') headers.authorization = `Bearer ${tokens[READ_ONLY_CLIENT.client_id]}`;
        if (r.auth === 'garbage') headers.authorization = 'Bearer \u00ff-not-a-token';
        if (r.auth === 'basic') headers.authorization = `Basic ${Buffer.from(`${TEST_CLIENTS[0].client_id}:${TEST_CLIENTS[0].client_secret}`).toString('base64')}`;
        if (r.simHeader) headers['x-paxos-sim'] = 'fuzz';
        let body: string | undefined;
        if (target.method !== 'GET') {
          let value: unknown = r.generated;
          if (r.bodyMode === 'mutated' && value && typeof value === 'object' && !Array.isArray(value)) value = { ...(value as object), [r.mutation[0]]: r.mutation[1] };
          if (r.bodyMode === 'json') value = r.json;
          if (r.bodyMode === 'text') body = r.text;
          else if (r.bodyMode !== 'none' && value !== undefined) {
            body = target.form && r.contentType === 'default' && typeof value === 'object' && value !== null
              ? new URLSearchParams(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
              : JSON.stringify(value);
          }
          if (target.name === 'GetAccessToken' && r.bodyMode === 'schema' && r.contentType === 'default') {
            body = new URLSearchParams({ grant_type: 'client_credentials', client_id: TEST_CLIENTS[0].client_id, client_secret: TEST_CLIENTS[0].client_secret }).toString();
          }
          const type = r.contentType === 'default' ? (target.form ? 'application/x-www-form-urlencoded' : 'application/json') : r.contentType;
          if (type !== 'none' && body !== undefined) headers['content-type'] = type;
        }
        const res = await fetch(url, { method: target.method, headers, body });
        const text = await res.text();
        if (!seen.has(target.name)) seen.set(target.name, new Set());
        seen.get(target.name)!.add(res.status);
        // remember ids handed out, so later requests reach existing records
        if (res.status < 300 && text.startsWith('{')) {
          const json = JSON.parse(text) as Record<string, any>;
          if (target.name === 'CreateIdentity' && json.id) known.identities.unshift(json.id);
          if (target.path === '/_sim/webhooks/consumers' && json.id) known.consumers.unshift(json.id);
          if (target.path === '/_sim/webhooks/test' && json.event?.id) known.events.unshift(json.event.id);
        }
        if (target.path === '/_sim/reset' && res.status === 200) {
          known.identities.length = 0;
          known.events.length = 0;
          known.consumers.length = 0;
          await refreshTokens();
        }
        expect(res.status, `${target.method} ${url.pathname}${url.search} ${headers['content-type'] ?? ''} ${body?.slice(0, 200) ?? ''} → ${text.slice(0, 300)}`).toBeLessThan(500);
      }),
      { seed: SEED + index, numRuns: perTarget, endOnFailure: true },
    );
    }
    // the fuzz reached every operation of the spec and every /_sim/ route
    expect(TARGETS.filter((t) => !seen.has(t.name)).map((t) => t.name)).toEqual([]);
    expect(spec.operations.size).toBeGreaterThanOrEqual(12);
    // and the server is healthy afterwards
    expect((await fetch(`${server.url}/_sim/health`)).status).toBe(200);
    await refreshTokens();
    const after = await fetch(`${server.baseUrl}/identity/identities`, { method: 'POST', headers: { authorization: `Bearer ${tokens[TEST_CLIENTS[0].client_id]}`, 'content-type': 'application/json' }, body: JSON.stringify(personBody(999)) });
    expect(after.status).toBe(200);
  }, 120_000);
});
