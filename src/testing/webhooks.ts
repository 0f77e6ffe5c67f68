/**
 * @module testing/webhooks
 * The webhooks handle of startSimulator(): register a consumer (through the
 * simulator's own control API, so the same validation applies), list what was
 * delivered, and deliver what is due now.
 */
import type { Simulator } from '../../simulator/app.js';
import type { ConsumerRecord, DeliveryRecord } from '../../simulator/store/shape.js';
import type { DrainReport } from '../../simulator/webhooks/dispatcher.js';
import type { IdentityEventType } from '../types.js';

export type { ConsumerRecord as WebhookConsumer, DrainReport };

export interface RegisterWebhookInput {
  /** Where to POST, e.g. `http://127.0.0.1:3000/paxos/webhooks`. */
  url: string;
  /** Event types to receive; default every type. */
  eventTypes?: IdentityEventType[];
  /** Send this header with every delivery (Paxos's API-key consumer auth). */
  apiKey?: { header: string; value: string };
  /** A unique name; default the URL. */
  name?: string;
  /** Only events of this OAuth client; default every client. */
  clientId?: string;
}

/** A delivery record plus the type of the event it carries. */
export type WebhookDelivery = DeliveryRecord & { event_type: string };

export interface SimulatorWebhooks {
  /** Add a consumer; rejects with the control API's Problem detail for bad input. The secret is redacted in the result. */
  register(input: RegisterWebhookInput): Promise<ConsumerRecord>;
  /** Every delivery so far (with its attempts), oldest first. */
  deliveries(filter?: { status?: DeliveryRecord['status']; eventType?: string; consumerId?: string }): WebhookDelivery[];
  /** Deliver every due webhook now and wait for the results. */
  drain(): Promise<DrainReport>;
}

/**
 * @example
 * const webhooks = createSimulatorWebhooks(simulator);
 * await webhooks.register({ url: 'http://127.0.0.1:3000/hooks', eventTypes: ['identity.approved'] });
 */
export function createSimulatorWebhooks(simulator: Simulator): SimulatorWebhooks {
  return {
    async register(input) {
      const body = {
        url: input.url,
        name: input.name,
        event_types: input.eventTypes,
        client_id: input.clientId,
        auth: input.apiKey ? { type: 'api_key', header: input.apiKey.header, value: input.apiKey.value } : undefined,
      };
      const response = await simulator.app.request('http://127.0.0.1/_sim/webhooks/consumers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as ConsumerRecord & { detail?: string };
      if (!response.ok) throw new Error(`webhooks.register(): ${json.detail ?? response.statusText}`);
      return json;
    },
    deliveries(filter = {}) {
      return simulator.store.read((db) =>
        db.deliveries
          .all()
          .map((d) => ({ ...d, event_type: db.events.get(d.event_id)?.type ?? '' }))
          .filter((d) => (!filter.status || d.status === filter.status) && (!filter.eventType || d.event_type === filter.eventType) && (!filter.consumerId || d.consumer_id === filter.consumerId))
          .sort((a, b) => a.seq - b.seq),
      );
    },
    drain: () => simulator.drain(),
  };
}
