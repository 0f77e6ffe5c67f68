/**
 * Message pact: the thin webhook notification of every identity event type
 * (REFERENCE.md §6.1), consumed by the client's createWebhookHandler. Each
 * message is fed to the real handler, which fetches the full event from a
 * stand-in Paxos over HTTP and calls the typed callback.
 */
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaxosClient, createWebhookHandler, type WebhookHandlers } from '../../src/index.js';
import { rfc3339 } from '../consumer/matchers.js';
import { checkPactFile, temporaryPactDir, updateRequested } from '../consumer/pact-files.js';
import { CONSUMER, PROVIDERS } from '../consumer/participants.js';
import { messageState } from '../provider/states.js';
import { EXAMPLE_EVENT_ID, exampleEvent, IDENTITY_EVENT_TYPES, notificationDescription } from './event-types.js';
import { startStandInPaxos, type StandInPaxos } from './stand-in-paxos.js';

const { boolean, uuid } = MatchersV3;

const dir = temporaryPactDir();
const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDERS.webhooks, dir, logLevel: 'error' });
const API_KEY = { header: 'x-paxos-webhook-key', value: 'contract-test-key' };

let paxos: StandInPaxos;
beforeAll(async () => {
  paxos = await startStandInPaxos();
});
afterAll(async () => {
  await paxos.close();
});

describe('paxos-identity-webhooks pact', () => {
  for (const type of IDENTITY_EVENT_TYPES) {
    it(`createWebhookHandler processes the ${type} notification`, async () => {
      await pact
        .addAsynchronousInteraction()
        .given(messageState(type))
        .expectsToReceive(notificationDescription(type), (b) =>
          b.withJSONContent({
            id: uuid(EXAMPLE_EVENT_ID),
            type,
            source: 'com.paxos',
            time: rfc3339('2025-01-07T14:30:02Z'),
            object: 'event',
            is_test: boolean(false),
          }),
        )
        .executeTest(async (message) => {
          const notification = message.contents.content as { id: string };
          paxos.serve(exampleEvent(type, notification.id));
          const seen: string[] = [];
          const record = (event: { id?: string }, object: { identity_id?: string }) => void seen.push(`${event.id} ${object.identity_id}`);
          const handler = createWebhookHandler({
            client: createPaxosClient({ baseUrl: paxos.baseUrl, tokenUrl: paxos.tokenUrl, clientId: 'webhook-test', clientSecret: 'webhook-test-secret' }),
            apiKey: API_KEY,
            onEvent: { [type]: record } as WebhookHandlers,
          });
          const response = await handler(
            new Request('http://127.0.0.1/paxos/webhooks', {
              method: 'POST',
              headers: { 'content-type': 'application/json', [API_KEY.header]: API_KEY.value },
              body: JSON.stringify(message.contents.content),
            }),
          );
          expect(await response.json()).toEqual({ status: 'processed' });
          expect(seen).toEqual([`${notification.id} ${exampleEvent(type, notification.id).object?.identity_id}`]);
        });
    });
  }

  afterAll(() => {
    const check = checkPactFile({ provider: PROVIDERS.webhooks, generatedDir: dir, update: updateRequested(process.env) });
    expect(check.ok, check.message).toBe(true);
  });
});
