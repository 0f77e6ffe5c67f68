/**
 * createPaxosClient() options: environments, explicit URLs, and validation at
 * construction. A recording fetch is injected (never a global mock).
 */
import { describe, expect, it } from 'vitest';
import { createPaxosClient, type FetchLike } from '../../src/index.js';

function recordingFetch() {
  const urls: string[] = [];
  const fetch: FetchLike = async (request) => {
    urls.push(request.url);
    if (request.url.endsWith('/oauth2/token')) {
      return Response.json({ access_token: 't', token_type: 'bearer', expires_in: 3599 });
    }
    return Response.json({ id: 'x' });
  };
  return { urls, fetch };
}

const creds = { clientId: 'id', clientSecret: 'secret' };

describe('createPaxosClient', () => {
  it.each([
    [undefined, 'https://oauth.sandbox.paxos.com/oauth2/token', 'https://api.sandbox.paxos.com/v2/identity/identities/x'],
    ['sandbox', 'https://oauth.sandbox.paxos.com/oauth2/token', 'https://api.sandbox.paxos.com/v2/identity/identities/x'],
    ['production', 'https://oauth.paxos.com/oauth2/token', 'https://api.paxos.com/v2/identity/identities/x'],
  ] as const)('environment %s talks to its hosts', async (environment, tokenUrl, apiUrl) => {
    const { urls, fetch } = recordingFetch();
    await createPaxosClient({ ...creds, environment, fetch }).getIdentity('x');
    expect(urls).toEqual([tokenUrl, apiUrl]);
  });

  it('lets explicit baseUrl and tokenUrl win over the environment', async () => {
    const { urls, fetch } = recordingFetch();
    const client = createPaxosClient({
      ...creds, environment: 'production', fetch,
      baseUrl: 'http://127.0.0.1:4010/v2/', tokenUrl: 'http://127.0.0.1:4010/oauth2/token',
    });
    await client.listEvents({ type: 'identity.approved' });
    expect(urls).toEqual(['http://127.0.0.1:4010/oauth2/token', 'http://127.0.0.1:4010/v2/events?type=identity.approved']);
  });

  it.each([
    [{ clientSecret: 's' }, /clientId is required/],
    [{ clientId: 'i', clientSecret: '  ' }, /clientSecret is required/],
    [{ ...creds, baseUrl: 'not a url' }, /baseUrl is not a valid URL/],
    [{ ...creds, tokenUrl: 'ftp://example.com/token' }, /tokenUrl must use http or https/],
    [{ ...creds, environment: 'staging' }, /environment must be "sandbox" or "production"/],
    [{ ...creds, timeoutMs: 0 }, /timeoutMs must be a positive number/],
    [{ ...creds, retry: { retries: -1 } }, /retry.retries/],
  ])('throws at construction for %j', (options, message) => {
    expect(() => createPaxosClient(options as Parameters<typeof createPaxosClient>[0])).toThrowError(message);
  });

  it('exposes the underlying openapi-fetch client as raw, authenticated', async () => {
    const seen: Array<string | null> = [];
    const client = createPaxosClient({
      ...creds,
      fetch: async (request) => {
        seen.push(request.headers.get('authorization'));
        return request.url.endsWith('/oauth2/token')
          ? Response.json({ access_token: 'tok', token_type: 'bearer', expires_in: 3599 })
          : Response.json({ events: [] });
      },
    });
    const { data } = await client.raw.GET('/events', { params: { query: { limit: 5 } } });
    expect(data).toEqual({ events: [] });
    expect(seen).toEqual([null, 'Bearer tok']);
  });
});
