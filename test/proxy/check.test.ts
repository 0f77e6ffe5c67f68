/**
 * proxy/check: one exchange against our OpenAPI document, one table of
 * exchanges and the mismatch each must (or must not) produce.
 */
import { describe, expect, it } from 'vitest';
import { createExchangeChecker, type Exchange } from '../../simulator/proxy/check.js';

const checker = createExchangeChecker();
const ID = '3a0c9f1e-1111-4222-8333-444455556666';
const json = (v: unknown) => JSON.stringify(v);
const ex = (over: Partial<Exchange>): Exchange => ({ method: 'GET', path: '/v2/events', query: {}, status: 200, responseContentType: 'application/json', responseBody: json({ events: [] }), ...over });
const problem = (status: number, detail: string) => json({ type: 'about:blank', title: 'x', status, detail });

describe('createExchangeChecker', () => {
  it.each<[string, Partial<Exchange>, string[]]>([
    ['a conforming list', {}, []],
    ['an undocumented path', { path: '/v2/transfers' }, ['request: our contract has no operation for GET /v2/transfers']],
    ['an undocumented status', { status: 418, responseBody: problem(418, 'teapot') }, ['response: status 418 is not documented for ListEvents']],
    ['a body that is not JSON', { responseBody: '{"items": [' }, ['response: the body is not valid JSON (content-type application/json)']],
    ['a schema break', { responseBody: json({ events: 'none' }) }, ['response 200: events must be an array']],
    ['a field our contract lacks', { responseBody: json({ events: [], total_count: 3 }) }, ['response 200: unknown field total_count (not in our contract)']],
    [
      'a stricter target (our contract accepts, the target answers 400)',
      { method: 'GET', path: `/v2/identity/identities/${ID}`, status: 400, responseBody: problem(400, 'nope') },
      ['request: our contract accepts it but the target answered 400: nope'],
    ],
    [
      'a laxer target (our contract rejects, the target answers 200)',
      { query: { limit: 'abc' } },
      ['request: our contract rejects it (limit must be an integer) but the target answered 200'],
    ],
    ['both reject', { query: { limit: 'abc' }, status: 400, responseBody: problem(400, 'limit must be an integer') }, []],
  ])('%s', (_name, over, mismatches) => {
    expect(checker.check(ex(over)).mismatches).toEqual(mismatches);
  });

  it('names the operation and the provider', () => {
    expect(checker.check(ex({ method: 'POST', path: '/oauth2/token', status: 200, responseBody: json({ access_token: 't', token_type: 'bearer', expires_in: 3599, scope: 's' }) }))).toEqual({
      operation: 'getAccessToken',
      provider: 'paxos-oauth',
      mismatches: [],
    });
    expect(checker.check(ex({ path: `/v2/identity/identities/${ID}/documents`, responseBody: json({ items: [] }) })).operation).toBe('ListIdentityDocuments');
  });
});
