/**
 * @module faults/webhook
 * Webhook faults, planned per drain of the outbox:
 *   drop          the attempt is not sent and counts as failed (the normal retry schedule follows);
 *   duplicate     the same notification is POSTed twice;
 *   out_of_order  the delivery is held back and sent right after the next
 *                 delivery to the same consumer (it waits for one).
 */
import type { FaultEngine } from './engine.js';
import { describeAction, type FaultRule } from './rules.js';

export interface PlannableJob {
  delivery: { id: string; consumer_id: string; event_id: string; client_id: string };
  consumer?: { id: string; name: string };
  event?: { type?: string };
}

export type WebhookFaultHook = Pick<FaultEngine, 'decideWebhook' | 'record'>;

/**
 * Decide the faults of this drain's jobs and put them in sending order.
 * `held` (kept by the caller between drains) holds out-of-order deliveries.
 */
export function planWebhookFaults<J extends PlannableJob>(jobs: J[], hook: WebhookFaultHook, held: Set<string>): Array<J & { fault?: FaultRule }> {
  const ready: Array<J & { fault?: FaultRule }> = [];
  const waiting: J[] = [];
  for (const job of jobs) {
    if (held.has(job.delivery.id)) {
      waiting.push(job);
      continue;
    }
    const fault = hook.decideWebhook({
      event_type: job.event?.type,
      client_id: job.delivery.client_id,
      consumer_id: job.delivery.consumer_id,
      consumer_name: job.consumer?.name,
    });
    if (fault) {
      hook.record({
        fault_id: fault.id,
        fault_name: fault.name,
        target: 'webhook',
        action: describeAction(fault.action),
        client_id: job.delivery.client_id,
        event_id: job.delivery.event_id,
        event_type: job.event?.type,
        delivery_id: job.delivery.id,
        consumer_id: job.delivery.consumer_id,
      });
    }
    if (fault?.action.kind === 'webhook' && fault.action.mode === 'out_of_order') {
      held.add(job.delivery.id);
      waiting.push(job);
      continue;
    }
    ready.push(fault ? { ...job, fault } : job);
  }
  // A held delivery goes out right after a later one to the same consumer.
  const lanes = new Set(ready.map((j) => j.delivery.consumer_id));
  for (const job of waiting) {
    if (!lanes.has(job.delivery.consumer_id)) continue;
    held.delete(job.delivery.id);
    ready.push(job);
  }
  return ready;
}
