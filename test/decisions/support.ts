/**
 * Test support for the decision behaviour tests: an in-process simulator on a
 * clock fixed at T0 (time moves only through advance), an HTTP helper that
 * talks to `app.request` with a bearer token per client, and small,
 * deterministic create-identity bodies.
 */
import type { Simulator, SimulatorOptions } from '../../simulator/app.js';
import { createClock } from '../../simulator/clock.js';
import { DEFAULT_CLIENT, type Config } from '../../simulator/config.js';
import { sequentialIds } from '../../simulator/ids.js';
import type { CreateIdentityRequest, Event, Identity } from '../../src/types.js';
import { createTestSandbox } from '../support/sandbox.js';

import { T0 } from '../support/time.js';

export { T0 };
export const REVIEW_DELAY_MS = 2000;
export const DAY = 86_400_000;

export const OTHER_CLIENT = { client_id: 'other-client', client_secret: 'other-secret', scopes: [...DEFAULT_CLIENT.scopes] };
export const NO_EVENTS_CLIENT = { client_id: 'no-events', client_secret: 'no-events-secret', scopes: ['identity:read_identity', 'identity:write_identity'] };

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export interface Api {
  get<T = any>(path: string): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown): Promise<Reply<T>>;
  put<T = any>(path: string, body?: unknown): Promise<Reply<T>>;
}

/** Two entities: the default client's team (with NO_EVENTS_CLIENT) and OTHER_CLIENT's. */
export const ENTITIES = [
  { id: 'team-a', clients: [DEFAULT_CLIENT.client_id, NO_EVENTS_CLIENT.client_id] },
  { id: 'team-b', clients: [OTHER_CLIENT.client_id] },
];

/** A simulator with three API clients of two entities on a clock that stands at T0 until advanced. */
export async function startDecisionSandbox(overrides: Partial<Config> = {}, options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  // The one harness, in process; this suite's clock runs on a wall that stands still at T0 (so it is
  // not reported as frozen), and ids are sequential.
  const sb = await createTestSandbox({
    config: { clients: [DEFAULT_CLIENT, OTHER_CLIENT, NO_EVENTS_CLIENT], entities: overrides.clients ? undefined : ENTITIES, ...overrides },
    options: { clock: createClock({ wall: () => T0 }), ids: sequentialIds(), ...options },
  });
  return sb.sim;
}

async function call<T>(sim: Simulator, method: string, path: string, token: string | undefined, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await sim.app.request(`http://sim.test${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function fetchToken(sim: Simulator, client: { client_id: string; client_secret: string; scopes?: string[] }): Promise<string> {
  const scopes = client.scopes ?? sim.ctx.config.clients.find((c) => c.client_id === client.client_id)?.scopes ?? [];
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: scopes.join(' ') });
  const res = await sim.app.request('http://sim.test/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * HTTP helper for one API client; paths under /v2 carry its token, which is
 * fetched again when it has expired (tests move the clock by days). Control
 * paths need none.
 */
export async function apiFor(sim: Simulator, client: { client_id: string; client_secret: string } = DEFAULT_CLIENT): Promise<Api> {
  let token = await fetchToken(sim, client);
  let tokenExpiry = sim.clock.nowMs() + sim.ctx.config.tokenTtlSeconds * 1000;
  const send = async <T>(method: string, path: string, body?: unknown): Promise<Reply<T>> => {
    if (!path.startsWith('/v2/')) return call<T>(sim, method, path, undefined, body);
    if (sim.clock.nowMs() >= tokenExpiry) {
      token = await fetchToken(sim, client);
      tokenExpiry = sim.clock.nowMs() + sim.ctx.config.tokenTtlSeconds * 1000;
    }
    return call<T>(sim, method, path, token, body);
  };
  return {
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
  };
}

let counter = 0;
const nextSsn = () => {
  counter++;
  return `${String(100 + (counter % 800)).padStart(3, '0')}-${String(10 + (counter % 89)).padStart(2, '0')}-${String(1000 + counter).slice(-4)}`;
};

export type PersonInput = {
  ref_id?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  verifier?: 'PASSTHROUGH' | 'PAXOS';
  passthrough_status?: 'APPROVED' | 'DENIED';
  metadata?: Record<string, string>;
  last_kyc_refresh_date?: string;
};

/** A complete person create request (REFERENCE.md §2.8); PASSTHROUGH APPROVED unless told otherwise. */
export function personBody(input: PersonInput = {}): CreateIdentityRequest {
  const verifier = input.verifier ?? 'PASSTHROUGH';
  const body: CreateIdentityRequest = {
    ref_id: input.ref_id ?? `person-${++counter}`,
    person_details: {
      first_name: input.first_name ?? 'Ada',
      last_name: input.last_name ?? 'Lovelace',
      date_of_birth: '1990-04-01',
      email: input.email ?? `ada${counter}@example.com`,
      address: { address1: '1 Main St', city: 'New York', province: 'NY', zip_code: '10001', country: 'USA' },
      nationality: 'USA',
      cip_id: nextSsn(),
      cip_id_type: 'SSN',
      cip_id_country: 'USA',
      verifier_type: verifier,
      ...(verifier === 'PASSTHROUGH' && {
        passthrough_verifier_type: 'PERSONA',
        passthrough_verified_at: '2026-01-10T09:00:00Z',
        passthrough_verification_id: `idv_${counter}`,
        passthrough_verification_status: input.passthrough_status ?? 'APPROVED',
        passthrough_verification_fields: ['FULL_LEGAL_NAME', 'ADDRESS', 'DATE_OF_BIRTH', 'CIP_ID'],
      }),
    },
    customer_due_diligence: {
      estimated_yearly_income: 'INCOME_50K_TO_100K',
      expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K',
      source_of_wealth: 'EMPLOYMENT_INCOME',
      employment_status: 'FULL_TIME',
      employment_industry_sector: 'INFORMATION',
    },
  };
  if (input.metadata) body.metadata = input.metadata;
  return body;
}

/** A private, non-regulated corporation with the given members (as BENEFICIAL_OWNER). */
export function institutionBody(memberIds: string[], input: { ref_id?: string; name?: string } = {}): CreateIdentityRequest {
  counter++;
  return {
    ref_id: input.ref_id ?? `institution-${counter}`,
    institution_details: {
      name: input.name ?? `Acme ${counter} Inc.`,
      business_address: { address1: '2 Market St', city: 'San Francisco', province: 'CA', zip_code: '94105', country: 'USA' },
      incorporation_address: { address1: '2 Market St', city: 'Wilmington', province: 'DE', zip_code: '19801', country: 'USA' },
      email: `compliance${counter}@acme.example`,
      institution_type: 'CORPORATION',
      institution_sub_type: 'INFORMATION',
      cip_id: `12-${String(1000000 + counter).slice(-7)}`,
      cip_id_type: 'EIN',
      cip_id_country: 'USA',
      govt_registration_date: '2010-05-01T00:00:00Z',
      regulation_status: 'NON_REGULATED',
      trading_type: 'PRIVATE',
      business_description: 'Software',
    },
    institution_members: memberIds.map((identity_id) => ({ identity_id, roles: ['BENEFICIAL_OWNER'] })),
  };
}

/** Create an identity; fails the test on anything but 200. */
export async function create(api: Api, body: CreateIdentityRequest): Promise<Identity> {
  const res = await api.post<Identity>('/v2/identity/identities', body);
  if (res.status !== 200) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function getIdentity(api: Api, id: string, query = ''): Promise<Identity> {
  const res = await api.get<Identity>(`/v2/identity/identities/${id}${query}`);
  if (res.status !== 200) throw new Error(`get failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function events(api: Api, query = ''): Promise<Event[]> {
  const res = await api.get<{ events: Event[] }>(`/v2/events${query}`);
  if (res.status !== 200) throw new Error(`list events failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.events;
}

/** Events about one identity, as `type` strings in order. */
export async function eventTypesOf(api: Api, identityId: string): Promise<string[]> {
  return (await events(api)).filter((e) => (e.object as { identity_id?: string }).identity_id === identityId).map((e) => e.type ?? '');
}

/** An approved person (the default outcome, after the review delay). */
export async function approvedPerson(sim: Simulator, api: Api, input: PersonInput = {}): Promise<Identity> {
  const created = await create(api, personBody(input));
  await sim.advance(REVIEW_DELAY_MS);
  const got = await getIdentity(api, created.id);
  if (got.status !== 'APPROVED') throw new Error(`expected APPROVED, got ${got.status}`);
  return got;
}
