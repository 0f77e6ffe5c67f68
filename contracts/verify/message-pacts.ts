/**
 * @module contracts/verify/message-pacts
 * Verify the webhook message pact against the simulator's payload builder
 * (./message-provider.ts). Only the simulator can be asked to build a
 * notification, so the sandbox target skips this pact.
 */
import { join } from 'node:path';
import { pactFileName, PROVIDERS } from '../consumer/participants.js';
import type { RunIds } from '../provider/run-ids.js';
import { readInteractions, type HttpVerification } from './http-pacts.js';
import { createMessageProvider } from './message-provider.js';
import { interactionResults } from './results.js';
import { runPact } from './run-pact.js';

/** @example const result = await verifyMessagePacts({ pactsDir: 'contracts/pacts', ids }); */
export async function verifyMessagePacts(options: { pactsDir: string; ids: RunIds }): Promise<HttpVerification> {
  const file = join(options.pactsDir, pactFileName(PROVIDERS.webhooks));
  const provider = await createMessageProvider({ ids: options.ids });
  const stateFailures: HttpVerification['stateFailures'] = [];
  const stateHandlers = Object.fromEntries(
    Object.entries(provider.stateHandlers).map(([state, handler]) => [
      state,
      async () => {
        try {
          return await handler();
        } catch (err) {
          stateFailures.push({ state, message: (err as Error).message });
          throw err;
        }
      },
    ]),
  );
  try {
    const run = await runPact({ provider: PROVIDERS.webhooks, pactUrls: [file], messageProviders: provider.messageProviders, stateHandlers });
    return {
      interactions: interactionResults(PROVIDERS.webhooks, readInteractions(file), run),
      stateFailures,
      errors: run.crash ? [`${PROVIDERS.webhooks}: ${run.crash}`] : [],
    };
  } finally {
    await provider.close();
  }
}
