/**
 * A small seeded fuzz over the write operations: random JSON values and
 * mutations of valid bodies must always answer 2xx or a 4xx Problem that
 * conforms to the spec, never a 500. Bounded: 300 requests, one sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSON_CDD, personBody, trustBody } from '../support/bodies.js';
import { createTestSandbox, problemError, specError, type TestSandbox } from '../support/sandbox.js';

/** mulberry32: a tiny seeded PRNG, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20260115;
const REQUESTS = 300;
const KEYS = ['ref_id', 'person_details', 'institution_details', 'first_name', 'address', 'country', 'cip_id', 'roles', 'members', 'identity_id', 'name', 'document_types', 'disabled', 'metadata', 'tax_details', '__proto__', 'constructor'];
const STRINGS = ['', ' ', 'XXX', 'usa', 'USA', '1990-02-30', '2999-01-01', '123-45-6789', 'PASSTHROUGH', 'APPROVED', 'TRUSTEE', 'a.pdf', 'x'.repeat(300), 'é∂ƒ©', '<script>', '../../etc/passwd', '%00', '{"a":1}'];

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  switch (Math.floor(rand() * (depth > 2 ? 5 : 7))) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53, 260]);
    case 3:
    case 4:
      return pick(STRINGS);
    case 5:
      return Array.from({ length: Math.floor(rand() * 3) }, () => randomValue(rand, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(KEYS), randomValue(rand, depth + 1)]));
  }
}

/** Replace, delete or add one value somewhere inside a valid body. */
function mutate(rand: () => number, body: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, Array.isArray(node) ? Number(k) : k]);
  };
  walk(copy, []);
  const path = paths[Math.floor(rand() * paths.length)];
  if (path.length === 0) return randomValue(rand);
  let parent: any = copy;
  for (const part of path.slice(0, -1)) parent = parent[part];
  const last = path.at(-1)!;
  const roll = rand();
  if (roll < 0.6) parent[last] = randomValue(rand);
  else if (roll < 0.8) delete parent[last];
  else if (parent && typeof parent === 'object') parent[KEYS[Math.floor(rand() * KEYS.length)]] = randomValue(rand);
  return copy;
}

let sb: TestSandbox;
let person: string;
let trust: string;
beforeAll(async () => {
  sb = await createTestSandbox();
  person = (await sb.api('POST', '/identity/identities', personBody(1))).body.id;
  trust = (await sb.api('POST', '/identity/identities', trustBody(1, [{ identity_id: person, roles: ['TRUSTEE'] }]))).body.id;
});
afterAll(() => sb?.close());

describe('fuzz: write operations', () => {
  it(`answers ${REQUESTS} random bodies with 2xx or a 4xx Problem (seed ${SEED})`, async () => {
    const rand = prng(SEED);
    let n = 100;
    const targets = [
      { operationId: 'CreateIdentity', method: 'POST', path: () => '/identity/identities', valid: () => ({ ...personBody(n++), customer_due_diligence: { ...PERSON_CDD } }) },
      { operationId: 'CreateIdentity', method: 'POST', path: () => '/identity/identities', valid: () => trustBody(n++, [{ identity_id: person, roles: ['TRUSTEE'] }]) },
      { operationId: 'UpdateIdentity', method: 'PUT', path: () => `/identity/identities/${rand() < 0.5 ? person : trust}`, valid: () => ({ person_details: { first_name: 'Augusta', address: { city: 'Boston' } }, metadata: { a: 'b' }, set_user_disabled: false }) },
      { operationId: 'SandboxSetIdentityStatus', method: 'PUT', path: () => `/identity/identities/${rand() < 0.5 ? person : trust}/sandbox-status`, valid: () => ({ sanctions_verification_status: 'PENDING', admin_disabled: { disabled: false } }) },
      { operationId: 'DocumentUpload', method: 'PUT', path: () => `/identity/identities/${person}/documents`, valid: () => ({ name: `doc-${n++}.pdf`, document_types: ['PROOF_OF_FUNDS'] }) },
      { operationId: 'AddInstitutionMembers', method: 'POST', path: () => '/identity/institution-members', valid: () => ({ institution_id: trust, members: [{ identity_id: person, roles: ['GRANTOR'] }] }) },
    ];
    const seen = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const target = targets[Math.floor(rand() * targets.length)];
      const body = rand() < 0.25 ? randomValue(rand) : mutate(rand, target.valid());
      const res = await sb.api(target.method, target.path(), body);
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      const context = `#${i} ${target.operationId} ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status < 300 || (res.status >= 400 && res.status < 500), context).toBe(true);
      if (res.status >= 400) {
        expect(problemError(res), context).toBeUndefined();
        expect(specError(target.operationId, res), context).toBeUndefined();
      }
    }
    // the mix must reach both the success path and validation, or the fuzz proves little
    expect(seen.get(200) ?? 0).toBeGreaterThan(10);
    expect(seen.get(400) ?? 0).toBeGreaterThan(50);
  });
});
