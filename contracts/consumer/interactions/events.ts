/**
 * @module contracts/consumer/interactions/events
 * ListEvents (type, created_at.gte and limit filters) and GetEvent, for the
 * identity.approved event a provider state creates. The client reads the event
 * id, type, creation time and the object's identity id and statuses.
 */
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { expect, it } from 'vitest';
import { unwrap, type IdentitySummaryStatusChange } from '../../../src/index.js';
import { STATES } from '../../provider/states.js';
import { EXAMPLE_IDS } from '../bodies.js';
import { consumerClient } from '../client.js';
import { anyUuid, bearerToken, identityStatus, jsonContentType, rfc3339 } from '../matchers.js';
import { API_PREFIX } from '../participants.js';

const { eachLike, fromProviderState, like } = MatchersV3;

const EXAMPLE_SINCE = '2025-01-07T14:30:00Z';

const approvedEvent = () => ({
  id: anyUuid(EXAMPLE_IDS.event),
  type: 'identity.approved',
  object_type: like('identity_summary_status_change'),
  object: {
    identity_id: anyUuid(EXAMPLE_IDS.identity),
    old_summary_status: identityStatus('PENDING'),
    new_summary_status: 'APPROVED',
  },
  created_at: rfc3339('2025-01-07T14:30:02.648489333Z'),
});

export function eventInteractions(pact: PactV4): void {
  it('ListEvents: lists identity.approved events created since an instant', async () => {
    await pact
      .addInteraction()
      .given(STATES.approvedEventExists, { ref_id: 'contract-list-events' })
      .uponReceiving('a request to list identity.approved events since an instant')
      .withRequest('GET', `${API_PREFIX}/events`, (b) =>
        b.headers({ authorization: bearerToken() }).query({
          type: 'identity.approved',
          'created_at.gte': fromProviderState('${since}', EXAMPLE_SINCE),
          limit: '100',
        }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody({ events: eachLike(approvedEvent()) }))
      .executeTest(async (mock) => {
        const { events } = unwrap(await consumerClient(mock.url).listEvents({ type: 'identity.approved', 'created_at.gte': EXAMPLE_SINCE, limit: 100 }));
        expect(events?.[0]?.type).toBe('identity.approved');
        expect((events?.[0]?.object as IdentitySummaryStatusChange).new_summary_status).toBe('APPROVED');
      });
  });

  it('GetEvent: returns one event with its object', async () => {
    await pact
      .addInteraction()
      .given(STATES.approvedEventExists, { ref_id: 'contract-get-event' })
      .uponReceiving('a request to get an identity.approved event')
      .withRequest('GET', fromProviderState(`${API_PREFIX}/events/\${event_id}`, `${API_PREFIX}/events/${EXAMPLE_IDS.event}`), (b) =>
        b.headers({ authorization: bearerToken() }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': jsonContentType() }).jsonBody(approvedEvent()))
      .executeTest(async (mock) => {
        const event = unwrap(await consumerClient(mock.url).getEvent(EXAMPLE_IDS.event));
        expect(event.id).toBe(EXAMPLE_IDS.event);
        expect((event.object as IdentitySummaryStatusChange).identity_id).toBe(EXAMPLE_IDS.identity);
      });
  });
}
