import { Hono } from 'hono';
import { createPaxosClient, createWebhookHandler, type PaxosClientOptions } from '../../src/index.js';

/** A Hono app that receives Paxos webhooks and records approvals and document requests. */
export function webhookApp(options: PaxosClientOptions, apiKey: string, log: string[]): Hono {
  const handler = createWebhookHandler({
    client: createPaxosClient(options),
    apiKey: { header: 'x-paxos-webhook-key', value: apiKey },
    testEvents: 'ignore',
    onEvent: {
      'identity.approved': (_event, object) => void log.push(`approved ${object.identity_id}`),
      'identity.denied': (_event, object) => void log.push(`denied ${object.identity_id}`),
      'identity.documents_required': (_event, object) =>
        void log.push(`documents ${object.identity_id}: ${object.required_documents.join(', ')}`),
    },
  });

  const app = new Hono();
  app.post('/paxos/webhooks', (c) => handler(c.req.raw));
  return app;
}
