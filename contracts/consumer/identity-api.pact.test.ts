/**
 * Consumer pact: the typed client against the Paxos Identity and Events API.
 * One test file per pact file, so the finished pact can be compared with the
 * committed copy in afterAll; the interactions live in ./interactions/ per resource.
 */
import { PactV4 } from '@pact-foundation/pact';
import { afterAll, describe, expect } from 'vitest';
import { accountInteractions } from './interactions/accounts.js';
import { documentInteractions } from './interactions/documents.js';
import { errorInteractions } from './interactions/errors.js';
import { eventInteractions } from './interactions/events.js';
import { identityInteractions } from './interactions/identities.js';
import { checkPactFile, temporaryPactDir, updateRequested } from './pact-files.js';
import { CONSUMER, PROVIDERS } from './participants.js';

const dir = temporaryPactDir();
const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDERS.api, dir, logLevel: 'error' });

describe('paxos-identity-api pact', () => {
  describe('identities', () => identityInteractions(pact));
  describe('identity documents', () => documentInteractions(pact));
  describe('accounts and identity controls', () => accountInteractions(pact));
  describe('events', () => eventInteractions(pact));
  describe('errors', () => errorInteractions(pact));

  afterAll(() => {
    const check = checkPactFile({ provider: PROVIDERS.api, generatedDir: dir, update: updateRequested(process.env) });
    expect(check.ok, check.message).toBe(true);
  });
});
