/**
 * @module webhooks
 * createWebhookHandler(): a fetch-style `(Request) => Promise<Response>` that
 * receives Paxos webhook deliveries (REFERENCE.md §6). Paxos sends a thin
 * payload `{id,type,source,time,object,is_test}`, authenticates with the API-key
 * header you configured, does not sign, and retries any non-2xx answer, so:
 * check the key → parse → (ignore test sends) → de-duplicate → fetch the full
 * event with Get Event → call the typed handler → 200, or 500 to be retried.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createMemoryDedupeStore, type DedupeStore } from './dedupe.js';
import type { PaxosClient } from './client.js';
import type {
  Event, IdentityControlEvent, IdentityDocumentsRequired, IdentityEventType, IdentityKycRefresh, IdentitySummaryStatusChange, WebhookEventNotification,
} from './types.js';

/** The object type each identity event carries (spec: `IdentityEventType` description). */
export type IdentityEventObject<T extends IdentityEventType> = T extends 'identity.approved' | 'identity.denied' | 'identity.disabled'
  ? IdentitySummaryStatusChange
  : T extends 'identity.documents_required'
    ? IdentityDocumentsRequired
    : T extends 'identity.control.created' | 'identity.control.deleted'
      ? IdentityControlEvent
      : IdentityKycRefresh;

/** One optional, typed callback per identity event type. */
export type WebhookHandlers = {
  [T in IdentityEventType]?: (event: Event & { type: T }, object: IdentityEventObject<T>) => unknown;
};

export interface WebhookHandlerOptions {
  client: Pick<PaxosClient, 'getEvent'>;
  /** The header name and value configured for the webhook in the Paxos Dashboard. */
  apiKey?: { header: string; value: string };
  onEvent: WebhookHandlers;
  /** Dashboard test sends (`is_test: true`): acknowledge and drop, or deliver. Default 'ignore'. */
  testEvents?: 'ignore' | 'deliver';
  /** Processed event ids. Default an in-memory store for this handler. */
  dedupe?: DedupeStore;
  /** Told about handler and Get Event failures (which are answered 500). */
  onError?: (error: unknown, notification: WebhookEventNotification) => void;
}

const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * @example
 * const handler = createWebhookHandler({
 *   client, apiKey: { header: 'x-webhook-key', value: secret }, testEvents: 'ignore',
 *   onEvent: { 'identity.approved': async (event, object) => activate(object.identity_id) },
 * });
 * // Hono: app.post('/paxos/webhooks', (c) => handler(c.req.raw))
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  const { client, apiKey, onEvent, testEvents = 'ignore', dedupe = createMemoryDedupeStore(), onError } = options;
  const inFlight = new Set<string>();

  return async function handleWebhook(request) {
    if (request.method !== 'POST') return json(405, { error: 'use POST' });
    if (apiKey && !sameSecret(request.headers.get(apiKey.header) ?? '', apiKey.value)) return json(401, { error: 'bad API key' });
    const notification = parseNotification(await request.text());
    if (!notification) return json(400, { error: 'not a Paxos webhook payload' });
    const { id, type } = notification;
    const isTest = notification.is_test === true;
    if (isTest && testEvents === 'ignore') return json(200, { status: 'ignored', reason: 'test event' });
    const handler = onEvent[type as IdentityEventType] as ((event: Event, object: unknown) => unknown) | undefined;
    if (!handler) return json(200, { status: 'ignored', reason: `no handler for ${type}` });
    if (await dedupe.has(id)) return json(200, { status: 'duplicate' });
    // A second delivery while the first is still running: let Paxos retry it later.
    if (inFlight.has(id)) return json(503, { error: 'delivery of this event in progress' });
    inFlight.add(id);
    try {
      const { data: event, error } = await client.getEvent(id, isTest ? { is_test: true } : {});
      if (!event) throw new Error(`Get Event ${id} failed: ${JSON.stringify(error)}`);
      await handler(event, event.object);
      await dedupe.add(id);
      return json(200, { status: 'processed' });
    } catch (err) {
      onError?.(err, notification);
      return json(500, { error: 'event not processed' });
    } finally {
      inFlight.delete(id);
    }
  };
}

/** Constant-time comparison that does not leak the expected length either. */
function sameSecret(actual: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(actual), digest(expected)) && expected.length > 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validate the thin payload (schema `WebhookEventNotification`). */
export function parseNotification(text: string): WebhookEventNotification | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const ok = typeof v.id === 'string' && UUID.test(v.id)
    && typeof v.type === 'string' && v.type.length > 0
    && v.source === 'com.paxos'
    && typeof v.time === 'string' && !Number.isNaN(Date.parse(v.time))
    && v.object === 'event'
    && (v.is_test === undefined || typeof v.is_test === 'boolean');
  return ok ? (v as WebhookEventNotification) : undefined;
}
