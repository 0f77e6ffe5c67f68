/**
 * @module contracts/provider/state-handlers
 * One handler per provider state (./states.ts), built on the driver, so they
 * use the public Paxos API only and work against the simulator and Paxos's
 * sandbox alike. Handlers return the values interactions inject with
 * `fromProviderState`. Auth states only switch which token the request filter
 * sends. Failures are remembered so the report can show them: pact-js logs a
 * failing state handler and carries on with the interaction.
 */
import type { PaxosDriver } from './driver.js';
import { wholeSeconds } from './driver.js';
import { STATES } from './states.js';

/** Which token the request filter puts on API requests. */
export type AuthMode = 'full' | 'narrow' | 'invalid';

export interface AuthSwitch {
  mode: AuthMode;
}

export interface StateFailure {
  state: string;
  message: string;
}

type Params = Record<string, unknown> | undefined;
type Injected = Record<string, string>;
export type StateHandlerMap = Record<string, (params?: unknown) => Promise<Injected>>;

const text = (params: Params, key: string, fallback: string) => (typeof params?.[key] === 'string' ? (params[key] as string) : fallback);

/**
 * @example
 * const auth: AuthSwitch = { mode: 'full' };
 * new Verifier({ stateHandlers: createStateHandlers({ driver, auth, failures: [] }), beforeEach: async () => { auth.mode = 'full'; } })
 */
export function createStateHandlers(deps: { driver: PaxosDriver; auth: AuthSwitch; failures: StateFailure[] }): StateHandlerMap {
  const { driver, auth, failures } = deps;
  const { ids } = driver;

  const handlers: Record<string, (params: Params) => Promise<Injected>> = {
    [STATES.clientCredentialsValid]: async () => ({}),
    [STATES.noIdentityWithRefId]: async (p) => ({ ref_id: ids.refId(text(p, 'ref_id', 'contract-person')), cip_id: ids.ssn() }),
    [STATES.personExists]: async (p) => {
      const person = await driver.createPerson(text(p, 'ref_id', 'contract-person'));
      return { id: person.id, ref_id: person.ref_id, cip_id: ids.ssn() };
    },
    [STATES.personApproved]: async (p) => {
      const person = await driver.createPerson(text(p, 'ref_id', 'contract-approved'));
      await driver.approve(person.id);
      return { id: person.id, ref_id: person.ref_id };
    },
    [STATES.personsExist]: async (p) => {
      const count = Math.min(Math.max(Number(p?.count ?? 3) || 3, 2), 10);
      for (let i = 0; i < count; i++) await driver.createPerson('contract-list-person');
      return { page_cursor: await driver.secondPageCursor() };
    },
    [STATES.documentUploaded]: async (p) => {
      const person = await driver.createPerson(text(p, 'ref_id', 'contract-documents'));
      await driver.uploadDocument(person.id, text(p, 'name', 'proof-of-residency.pdf'));
      return { id: person.id, ref_id: person.ref_id };
    },
    [STATES.approvedEventExists]: async (p) => {
      const person = await driver.createPerson(text(p, 'ref_id', 'contract-event'));
      const since = wholeSeconds(person.created_at ?? new Date(0).toISOString());
      await driver.approve(person.id);
      const event = await driver.findEvent('identity.approved', person.id, since);
      return { id: person.id, ref_id: person.ref_id, event_id: event.id, since };
    },
    [STATES.accountExists]: async (p) => {
      const ref = text(p, 'ref_id', 'contract-account');
      const owner = await driver.createPerson(`${ref}-owner`);
      await driver.approve(owner.id);
      const member = await driver.createPerson(`${ref}-member`);
      await driver.approve(member.id);
      return { account_id: await driver.createAccount(owner.id, ref), member_id: member.id };
    },
    [STATES.dormantControlExists]: async (p) => {
      const person = await driver.createPerson(text(p, 'ref_id', 'contract-control'));
      await driver.approve(person.id);
      return { id: person.id, control_id: await driver.createDormantControl(person.id) };
    },
    [STATES.noIdentityWithId]: async () => ({ id: ids.uuid() }),
    [STATES.tokenInvalid]: async () => {
      auth.mode = 'invalid';
      return {};
    },
    [STATES.noEventsScope]: async () => {
      auth.mode = 'narrow';
      return {};
    },
  };

  return Object.fromEntries(
    Object.entries(handlers).map(([state, handler]) => [
      state,
      async (params?: unknown) => {
        try {
          return await handler(params as Params);
        } catch (err) {
          failures.push({ state, message: (err as Error).message });
          throw err;
        }
      },
    ]),
  );
}
