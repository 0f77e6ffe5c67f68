/**
 * @module contracts/verify/message-provider
 * The provider side of the webhook pact: an in-process simulator, driven
 * through the public API with the typed client until a real event of each
 * identity type exists, then the simulator's own `buildWebhookPayload` (the
 * builder its dispatcher uses) turns that event into the notification.
 *
 * Two steps have no upstream API and use the in-process simulator directly:
 * opening enhanced due diligence (the simulator's `sim_edd_approve` ref_id
 * prefix) and letting a KYC refresh window expire (advancing its clock).
 */
import { createPaxosClient, unwrap, type Event, type IdentityEventType, type PaxosClient } from '../../src/index.js';
import { createSimulator, type Simulator } from '../../simulator/app.js';
import { testConfig } from '../../simulator/config.js';
import { buildWebhookPayload } from '../../simulator/webhooks/payload.js';
import { passthroughPersonBody } from '../consumer/bodies.js';
import { IDENTITY_EVENT_TYPES, notificationDescription } from '../messages/event-types.js';
import type { RunIds } from '../provider/run-ids.js';
import { FULL_SCOPES, messageState } from '../provider/states.js';

const DAY_MS = 86_400_000;

export interface MessageProvider {
  stateHandlers: Record<string, () => Promise<Record<string, string>>>;
  messageProviders: Record<string, () => Promise<unknown>>;
  close(): Promise<void>;
}

/** @example const provider = await createMessageProvider({ ids }); await runPact({ provider: 'paxos-identity-webhooks', ...provider }); */
export async function createMessageProvider(options: { ids: RunIds }): Promise<MessageProvider> {
  // A review delay far in the future keeps new persons PENDING until sandbox-status decides.
  const config = testConfig({ reviewDelayMs: 3_600_000, control: { enabled: false } });
  const sim = await createSimulator({ config });
  const client = createPaxosClient({
    baseUrl: 'http://simulator.internal/v2',
    tokenUrl: 'http://simulator.internal/oauth2/token',
    clientId: config.clients[0].client_id,
    clientSecret: config.clients[0].client_secret,
    fetch: (request) => sim.app.request(request),
    // the control events' states set and lift identity controls: beyond the typed client's default scopes
    scopes: [...FULL_SCOPES],
  });
  const events = new Map<IdentityEventType, Event>();

  const stateHandlers = Object.fromEntries(
    IDENTITY_EVENT_TYPES.map((type) => [
      messageState(type),
      async () => {
        const identityId = await produce(type, { client, sim, ids: options.ids, kycWindowMs: config.kyc.windowMs, reviewDelayMs: config.reviewDelayMs });
        events.set(type, await eventFor(client, type, identityId));
        return { identity_id: identityId };
      },
    ]),
  );
  const messageProviders = Object.fromEntries(
    IDENTITY_EVENT_TYPES.map((type) => [
      notificationDescription(type),
      async () => {
        const event = events.get(type);
        if (!event?.id || !event.created_at) throw new Error(`no ${type} event: its provider state did not run`);
        return buildWebhookPayload({ id: event.id, type: event.type, is_test: event.is_test, created_at: event.created_at });
      },
    ]),
  );
  return { stateHandlers, messageProviders, close: () => sim.close() };
}

interface Deps {
  client: PaxosClient;
  sim: Simulator;
  ids: RunIds;
  kycWindowMs: number;
  reviewDelayMs: number;
}

/** Drive the simulator until an event of `type` exists; returns the identity id it is about. */
async function produce(type: IdentityEventType, deps: Deps): Promise<string> {
  const { client, sim, ids } = deps;
  const create = async (refBase: string) => unwrap(await client.createIdentity(passthroughPersonBody({ ref_id: ids.refId(refBase), cip_id: ids.ssn() }))).id;
  const approve = async (id: string) => unwrap(await client.sandboxSetIdentityStatus(id, { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' }));
  const refreshDate = async (id: string, ms: number) => unwrap(await client.updateIdentity(id, { last_kyc_refresh_date: new Date(ms).toISOString() }));
  const now = () => sim.clock.nowMs();

  switch (type) {
    case 'identity.approved': {
      const id = await create('webhook-approved');
      await approve(id);
      return id;
    }
    case 'identity.denied': {
      const id = await create('webhook-denied');
      unwrap(await client.sandboxSetIdentityStatus(id, { sanctions_verification_status: 'DENIED' }));
      return id;
    }
    case 'identity.disabled': {
      const id = await create('webhook-disabled');
      await approve(id);
      unwrap(await client.updateIdentity(id, { set_user_disabled: true }));
      return id;
    }
    case 'identity.documents_required': {
      // SANDBOX: Paxos has no way to ask for EDD; the simulator's magic ref_id prefix does.
      const id = await create('sim_edd_approve-webhook');
      await sim.advance(deps.reviewDelayMs);
      return id;
    }
    case 'identity.kyc_refresh.started':
    case 'identity.kyc_refresh.completed':
    case 'identity.kyc_refresh.expired': {
      const id = await create(`webhook-${type.split('.').pop()}`);
      await approve(id);
      await refreshDate(id, now() - 400 * DAY_MS); // older than the yearly interval: a refresh starts
      if (type === 'identity.kyc_refresh.completed') await refreshDate(id, now());
      if (type === 'identity.kyc_refresh.expired') await sim.advance(deps.kycWindowMs + 1_000);
      return id;
    }
    case 'identity.control.created':
    case 'identity.control.deleted': {
      const id = await create(`webhook-control-${type.split('.').pop()}`);
      await approve(id);
      const control = unwrap(await client.createIdentityControl({ identity_id: id, type: 'DORMANT', reason_code: 'INACTIVITY' }));
      if (type === 'identity.control.deleted') unwrap(await client.deleteIdentityControl(control.id!));
      return id;
    }
    default: {
      const never: never = type;
      throw new Error(`no recipe for ${String(never)}`);
    }
  }
}

/** The event of `type` about `identityId`, read back through List Events. */
async function eventFor(client: PaxosClient, type: IdentityEventType, identityId: string): Promise<Event> {
  const { events } = unwrap(await client.listEvents({ type, limit: 100 }));
  const event = events?.find((e) => (e.object as { identity_id?: string } | undefined)?.identity_id === identityId);
  if (!event) throw new Error(`the simulator recorded no ${type} event for identity ${identityId}`);
  return event;
}
