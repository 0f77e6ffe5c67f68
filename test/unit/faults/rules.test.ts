/**
 * The pure fault rules: parsing (one table of good and bad rules), matching on
 * operation, method and path, client; counting (the nth call, the next N
 * calls) and the seeded probability.
 */
import { describe, expect, it } from 'vitest';
import {
  countAndDecide,
  decideApi,
  decideWebhook,
  describeAction,
  initialState,
  parseFaultRule,
  parseFaultRules,
  pathMatches,
  seededRandom,
  type FaultRuleState,
} from '../../../simulator/faults/rules.js';

const parse = (raw: unknown) => {
  const r = parseFaultRule(raw, 'f');
  if (!r.ok) throw new Error(r.error);
  return r.rule;
};
const states = (...raws: unknown[]): FaultRuleState[] => raws.map((raw, i) => initialState({ ...parse(raw), id: `f${i + 1}` }));
const create = { operation: 'CreateIdentity', method: 'POST', path: '/v2/identity/identities', client_id: 'a' };
const get = { operation: 'GetIdentity', method: 'GET', path: '/v2/identity/identities/0d4b1a8e-9d4e-4d5b-8c52-4f3f3b8f1b2c', client_id: 'a' };

describe('parseFaultRule', () => {
  it.each([
    [{ operation: 'CreateIdentity', status: 503 }, { kind: 'status', status: 503 }],
    [{ operation: 'CreateIdentity', status: 429, retry_after: 2 }, { kind: 'status', status: 429, retryAfterSeconds: 2 }],
    [{ status: 500, detail: 'boom' }, { kind: 'status', status: 500, detail: 'boom' }],
    [{ method: 'get', path: '/v2/identity/identities/*', latency: '2s' }, { kind: 'latency', ms: 2000 }],
    [{ latency: 150 }, { kind: 'latency', ms: 150 }],
    [{ drop: 'reset' }, { kind: 'drop', mode: 'reset', hangMs: 30_000 }],
    [{ drop: 'hang', hang: '500ms' }, { kind: 'drop', mode: 'hang', hangMs: 500 }],
    [{ malformed: true }, { kind: 'malformed' }],
    [{ revoke_tokens: true, client_id: 'a' }, { kind: 'revoke_tokens' }],
    [{ webhook: 'duplicate', event_type: 'identity.approved' }, { kind: 'webhook', mode: 'duplicate' }],
  ])('accepts %j', (raw, action) => {
    expect(parse(raw).action).toMatchObject(action);
  });

  it('fills in defaults: id, phase, seed; nth alone fires once', () => {
    const rule = parse({ operation: 'CreateIdentity', nth: 3, status: 503, method: 'post' });
    expect(rule).toMatchObject({ id: 'f', phase: 'before', nth: 3, times: 1, seed: 1, target: 'api', match: { operation: 'CreateIdentity', method: 'POST' } });
    expect(parse({ status: 503, after: true, id: 'lost' })).toMatchObject({ id: 'lost', phase: 'after' });
    expect(parse({ webhook: 'drop' }).target).toBe('webhook');
  });

  it.each([
    [[], 'a fault must be an object'],
    [{ operation: 'CreateIdentity' }, 'exactly one action'],
    [{ status: 503, latency: '1s' }, 'exactly one action'],
    [{ status: 418 }, 'status must be one of'],
    [{ status: 503, retry_after: -1 }, 'retry_after must be a whole number'],
    [{ status: 503, detail: 5 }, 'detail must be a string'],
    [{ latency: 'soon' }, 'latency must be milliseconds or a duration'],
    [{ drop: 'slowly' }, 'drop must be "reset" or "hang"'],
    [{ drop: 'hang', hang: 'x' }, 'hang must be milliseconds'],
    [{ malformed: 'yes' }, 'malformed must be true'],
    [{ malformed: true, status: 500 }, 'give malformed or status, not both'],
    [{ revoke_tokens: 1 }, 'revoke_tokens must be true'],
    [{ webhook: 'lose' }, 'webhook must be'],
    [{ status: 503, colour: 'red' }, 'unknown fault field colour'],
    [{ status: 503, operation: '' }, 'operation must be a non-empty string'],
    [{ status: 503, path: 'v2/x' }, 'path must start with /'],
    [{ status: 503, event_type: 'identity.approved' }, 'event_type and consumer only apply to webhook faults'],
    [{ webhook: 'drop', operation: 'CreateIdentity' }, 'operation, method and path only apply to API faults'],
    [{ status: 503, nth: 0 }, 'nth must be a whole number ≥ 1'],
    [{ status: 503, times: 1.5 }, 'times must be a whole number ≥ 1'],
    [{ status: 503, probability: 0 }, 'probability must be a number above 0'],
    [{ status: 503, probability: 1.5 }, 'probability must be a number above 0'],
    [{ status: 503, nth: 2, probability: 0.5 }, 'give nth or probability, not both'],
    [{ status: 503, seed: 'x' }, 'seed must be a whole number'],
    [{ status: 503, after: 'yes' }, 'after must be true or false'],
    [{ latency: '1s', after: true }, 'after does not apply to latency'],
    [{ webhook: 'drop', after: true }, 'after does not apply to webhook faults'],
    [{ status: 503, name: 3 }, 'name must be a string'],
    [{ status: 503, id: 'has space' }, 'id must be letters'],
    [{ latency: '1s', retry_after: 1 }, 'retry_after only goes with status'],
    [{ status: 503, hang: '1s' }, 'hang only goes with drop'],
  ])('refuses %j', (raw, message) => {
    const r = parseFaultRule(raw, 'f');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });

  it('parses lists, numbering ids and refusing a repeated id', () => {
    const list = parseFaultRules([{ status: 503 }, { latency: 5 }], 4);
    expect(list.ok && list.rules.map((r) => r.id)).toEqual(['fault-4', 'fault-5']);
    expect(parseFaultRules(undefined)).toEqual({ ok: true, rules: [] });
    expect(parseFaultRules({})).toEqual({ ok: false, error: 'faults must be a list' });
    expect(parseFaultRules([{ id: 'x', status: 503 }, { id: 'x', status: 500 }])).toEqual({ ok: false, error: 'faults[1]: id "x" is used twice' });
    expect(parseFaultRules([{ status: 503 }, { status: 1 }])).toMatchObject({ ok: false, error: expect.stringMatching(/^faults\[1\]: status must be/) });
  });
});

describe('matching', () => {
  it.each([
    ['/v2/identity/identities/*', '/v2/identity/identities/abc', true],
    ['/v2/identity/identities/*', '/v2/identity/identities', false],
    ['/v2/identity/identities/*', '/v2/identity/identities/abc/documents', false],
    ['/v2/identity/identities/*', '/v2/identity/identities/', false],
    ['/v2/**', '/v2/events/1', true],
    ['/oauth2/token', '/oauth2/token', true],
  ])('path %s against %s: %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });

  it('matches on operation, method and path, and client; the first rule that fires wins', () => {
    const s = states({ operation: 'GetIdentity', status: 500 }, { method: 'POST', path: '/v2/identity/identities', client_id: 'b', status: 502 }, { client_id: 'a', status: 503 });
    expect(decideApi(s, get, 'before')?.rule.id).toBe('f1');
    expect(decideApi(s, create, 'before')?.rule.id).toBe('f3');
    expect(decideApi(s, { ...create, client_id: 'b' }, 'before')?.rule.id).toBe('f2');
    expect(decideApi(s, { ...create, client_id: 'c' }, 'before')).toBeUndefined();
  });

  it('keeps the phases apart', () => {
    const s = states({ operation: 'CreateIdentity', status: 503, after: true });
    expect(decideApi(s, create, 'before')).toBeUndefined();
    expect(decideApi(s, create, 'after')?.rule.id).toBe('f1');
  });

  it('matches webhook deliveries on event type, consumer (name or id) and client', () => {
    const s = states({ webhook: 'drop', event_type: 'identity.approved', consumer: 'crm' });
    const call = { event_type: 'identity.approved', client_id: 'a', consumer_id: 'c-1', consumer_name: 'crm' };
    expect(decideWebhook(s, call)?.rule.id).toBe('f1');
    expect(decideWebhook(s, { ...call, consumer_name: 'other' })).toBeUndefined();
    expect(decideWebhook(s, { ...call, consumer_name: undefined, consumer_id: 'crm' })?.rule.id).toBe('f1');
    expect(decideWebhook(s, { ...call, event_type: 'identity.denied' })).toBeUndefined();
    expect(decideApi(s, create, 'before')).toBeUndefined();
  });
});

describe('counting', () => {
  const fires = (raw: unknown, calls: number) => {
    const [s] = states(raw);
    return Array.from({ length: calls }, () => countAndDecide(s));
  };

  it('nth: only the nth matching call', () => {
    expect(fires({ status: 503, nth: 3 }, 5)).toEqual([false, false, true, false, false]);
  });
  it('nth with times: from the nth call, that many calls', () => {
    expect(fires({ status: 503, nth: 2, times: 2 }, 5)).toEqual([false, true, true, false, false]);
  });
  it('times alone: the next N calls', () => {
    expect(fires({ status: 503, times: 2 }, 4)).toEqual([true, true, false, false]);
  });
  it('neither: every call', () => {
    expect(fires({ status: 503 }, 3)).toEqual([true, true, true]);
  });
  it('probability: the same seed gives the same calls, another seed others', () => {
    const a = fires({ status: 503, probability: 0.3, seed: 42 }, 200);
    expect(fires({ status: 503, probability: 0.3, seed: 42 }, 200)).toEqual(a);
    expect(fires({ status: 503, probability: 0.3, seed: 7 }, 200)).not.toEqual(a);
    const rate = a.filter(Boolean).length / a.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.4);
    expect(fires({ status: 503, probability: 1 }, 5)).toEqual([true, true, true, true, true]);
  });
  it('probability with times stops after N firings', () => {
    expect(fires({ status: 503, probability: 1, times: 2 }, 4)).toEqual([true, true, false, false]);
  });
  it('a rule counts only calls it matches', () => {
    const s = states({ operation: 'CreateIdentity', nth: 2, status: 503 });
    expect(decideApi(s, create, 'before')).toBeUndefined();
    expect(decideApi(s, get, 'before')).toBeUndefined();
    expect(decideApi(s, create, 'before')?.rule.id).toBe('f1');
    expect(s[0]).toMatchObject({ seen: 2, fired: 1 });
  });
  it('seededRandom stays in [0, 1)', () => {
    const r = seededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('describeAction', () => {
  it.each([
    [{ status: 503, retry_after: 2 }, 'status 503 (Retry-After: 2)'],
    [{ status: 502, after: true }, 'status 502 after the operation ran'],
    [{ latency: '2s' }, 'latency 2000 ms'],
    [{ drop: 'reset' }, 'connection reset'],
    [{ drop: 'hang', hang: 100 }, 'connection held 100 ms, then closed'],
    [{ malformed: true }, 'malformed body'],
    [{ revoke_tokens: true }, 'tokens revoked'],
    [{ webhook: 'out_of_order' }, 'webhook out of order'],
  ])('%j reads "%s"', (raw, text) => {
    const rule = parse(raw);
    expect(describeAction(rule.action, rule.phase)).toBe(text);
  });
});
