import { PactV4, MatchersV3 } from '@pact-foundation/pact';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const { regex, like, fromProviderState, integer } = MatchersV3;
const dir = mkdtempSync(join(tmpdir(), 'pact-'));
const pact = new PactV4({ consumer: 'c', provider: 'p', dir, logLevel: 'warn' });
const form = 'grant_type=client_credentials&client_id=example-client-id&client_secret=example-client-secret&scope=a+b';
await pact.addInteraction()
  .given('state x', { ref_id: 'r1' })
  .uponReceiving('a token request')
  .withRequest('POST', '/oauth2/token', (b) => {
    b.headers({ 'content-type': 'application/x-www-form-urlencoded' });
    (b as any).interaction.withRequestBody(JSON.stringify({ grant_type: 'client_credentials', client_id: regex('^\\S+$', 'example-client-id'), client_secret: regex('^\\S+$', 'example-client-secret'), scope: 'a b' }), 'application/x-www-form-urlencoded');
  })
  .willRespondWith(200, (b) => b.jsonBody({ access_token: like('tok'), expires_in: integer(3599) }))
  .executeTest(async (mock) => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'other-id', client_secret: 'zzz', scope: 'a b' });
    const r = await fetch(mock.url + '/oauth2/token', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    console.log('token', r.status, await r.text());
  });
await pact.addInteraction()
  .given('identity exists', { ref_id: 'r1' })
  .uponReceiving('get with state')
  .withRequest('GET', fromProviderState('/v2/identity/identities/${id}', '/v2/identity/identities/abc'), (b) => {
    b.query({ since: fromProviderState('${since}', '2020-01-01T00:00:00Z') as never });
    b.headers({ authorization: regex('^Bearer \\S+$', 'Bearer tok') });
  })
  .willRespondWith(200, (b) => b.jsonBody({ id: like('abc') }))
  .executeTest(async (mock) => {
    for (let i = 0; i < 2; i++) {
      const r = await fetch(mock.url + '/v2/identity/identities/abc?since=2020-01-01T00:00:00Z', { headers: { authorization: 'Bearer xyz' } });
      console.log('get', r.status, await r.text());
    }
  });
for (const f of readdirSync(dir)) console.log(readFileSync(join(dir, f), 'utf8'));
