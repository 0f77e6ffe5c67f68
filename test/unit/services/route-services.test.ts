/**
 * The services taken out of the routes, called directly (no HTTP): ctx.commit,
 * the token service's typed outcomes, and the webhook-consumer service's
 * DomainErrors.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from '../../../simulator/app.js';
import { createClock } from '../../../simulator/clock.js';
import { testConfig } from '../../../simulator/config.js';
import { entityDirectory } from '../../../simulator/domain/entities.js';
import { DomainError } from '../../../simulator/domain/errors.js';
import { sequentialIds } from '../../../simulator/ids.js';
import { issueToken, type TokenDeps } from '../../../simulator/services/tokens.js';
import { addConsumer, deleteConsumer, resendEvent, type WebhookConsumerDeps } from '../../../simulator/services/webhook-consumers.js';
import { createStore } from '../../../simulator/store/lowdb-store.js';
import { StoreWriteError } from '../../../simulator/store/store.js';
import { T0 } from '../../support/time.js';

describe('ctx.commit', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await createSimulator({ config: testConfig({ clock: { ...testConfig().clock, frozen: true } }) });
  });
  afterEach(() => sim.close());

  it('runs the transaction, then the due jobs, then wakes the dispatcher, and returns the result', async () => {
    const order: string[] = [];
    vi.spyOn(sim.scheduler, 'runDue').mockImplementation(async () => void order.push('runDue') as never);
    vi.spyOn(sim.dispatcher, 'kick').mockImplementation(() => void order.push('kick'));
    const result = await sim.ctx.commit((tx) => {
      order.push('tx');
      tx.setSetting('clock', sim.clock.state());
      return 42;
    });
    expect(result).toBe(42);
    expect(order).toEqual(['tx', 'runDue', 'kick']);
  });

  it('runs nothing after a transaction that throws', async () => {
    const runDue = vi.spyOn(sim.scheduler, 'runDue');
    const kick = vi.spyOn(sim.dispatcher, 'kick');
    await expect(
      sim.ctx.commit(() => {
        throw new DomainError('invalid', 'no');
      }),
    ).rejects.toThrow('no');
    expect(runDue).not.toHaveBeenCalled();
    expect(kick).not.toHaveBeenCalled();
  });

  it('keeps the change when the due jobs cannot be saved yet (StoreWriteError), and still wakes the dispatcher', async () => {
    vi.spyOn(sim.scheduler, 'runDue').mockRejectedValue(new StoreWriteError(Object.assign(new Error('disk full'), { code: 'ENOSPC' })));
    const kick = vi.spyOn(sim.dispatcher, 'kick');
    await expect(sim.ctx.commit(() => 'saved')).resolves.toBe('saved');
    expect(kick).toHaveBeenCalledOnce();
  });

  it('passes on any other error of the due jobs', async () => {
    vi.spyOn(sim.scheduler, 'runDue').mockRejectedValue(new Error('bug'));
    await expect(sim.ctx.commit(() => 'x')).rejects.toThrow('bug');
  });
});

describe('issueToken', () => {
  let deps: TokenDeps;
  beforeEach(async () => {
    const clock = createClock({ wall: () => T0 });
    clock.freeze();
    deps = {
      store: await createStore({ storage: 'memory' }),
      clock,
      ids: sequentialIds(),
      clients: [{ client_id: 'c1', client_secret: 's1', scopes: ['identity:read_identity', 'identity:write_identity'] }] as TokenDeps['clients'],
      tokenTtlSeconds: 60,
    };
  });
  const tokens = () => deps.store.read((db) => db.tokens.all());

  it.each([
    ['no client id', {}, { kind: 'client_required' }],
    ['an unknown client', { clientId: 'nobody', clientSecret: 's1' }, { kind: 'client_rejected' }],
    ['a wrong secret', { clientId: 'c1', clientSecret: 'nope' }, { kind: 'client_rejected' }],
    ['no secret', { clientId: 'c1' }, { kind: 'client_rejected' }],
    ['a scope the client lacks', { clientId: 'c1', clientSecret: 's1', scope: 'identity:read_identity funding:write' }, { kind: 'scope_not_granted', missing: ['funding:write'] }],
  ])('refuses %s and stores no token', async (_label, request, outcome) => {
    expect(await issueToken(deps, request)).toEqual(outcome);
    expect(tokens()).toHaveLength(0);
  });

  it('issues and stores a token with the requested scopes (deduplicated), dropping expired tokens', async () => {
    const first = await issueToken(deps, { clientId: 'c1', clientSecret: 's1', scope: 'identity:read_identity' });
    expect(first.kind).toBe('issued');
    deps.clock.advanceBy(61_000);
    const second = await issueToken(deps, { clientId: 'c1', clientSecret: 's1', scope: 'identity:read_identity identity:read_identity' });
    if (second.kind !== 'issued') throw new Error(`not issued: ${second.kind}`);
    expect(second.token).toMatchObject({ expires_in: 60, scopes: ['identity:read_identity'] });
    expect(tokens()).toEqual([{ token: second.token.access_token, client_id: 'c1', scopes: ['identity:read_identity'], expires_at: new Date(T0 + 61_000 + 60_000).toISOString() }]);
  });

  it('grants nothing for an omitted scope by default, and everything with omittedScope all', async () => {
    const none = await issueToken(deps, { clientId: 'c1', clientSecret: 's1' });
    expect(none).toMatchObject({ kind: 'issued', token: { scopes: [] } });
    const all = await issueToken({ ...deps, omittedScope: 'all' }, { clientId: 'c1', clientSecret: 's1', scope: '  ' });
    expect(all).toMatchObject({ kind: 'issued', token: { scopes: ['identity:read_identity', 'identity:write_identity'] } });
  });
});

describe('webhook-consumer service', () => {
  let deps: WebhookConsumerDeps;
  beforeEach(async () => {
    const clock = createClock({ wall: () => T0 });
    clock.freeze();
    deps = {
      store: await createStore({ storage: 'memory' }),
      clock,
      ids: sequentialIds(),
      kick: vi.fn(),
      entities: entityDirectory([{ id: 'team-a', clients: ['client-a'] }], ['client-a']),
    };
  });

  const domainError = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  };

  it('refuses a second consumer with the same name as a conflict naming the first', async () => {
    const first = await addConsumer(deps, { name: 'hook', url: 'http://127.0.0.1:9/a', auth: { type: 'api_key', header: 'X-Key', value: 'secret' } } as never);
    expect(first.auth).toMatchObject({ value: '<redacted>' });
    const err = await domainError(addConsumer(deps, { name: 'hook', url: 'http://127.0.0.1:9/b' } as never));
    expect(err).toMatchObject({ kind: 'conflict', existing: { consumer_id: first.id } });
    expect(deps.store.read((db) => db.consumers.count())).toBe(1);
  });

  it('refuses an unknown entity as invalid', async () => {
    expect(await domainError(addConsumer(deps, { url: 'http://127.0.0.1:9/a', entity_id: 'team-z' } as never))).toMatchObject({ kind: 'invalid' });
  });

  it('says not_found for an unknown consumer or event, and wakes no dispatcher', async () => {
    expect(await domainError(deleteConsumer(deps, 'nope'))).toMatchObject({ kind: 'not_found', message: 'webhook consumer nope does not exist' });
    expect(await domainError(resendEvent(deps, 'nope', undefined))).toMatchObject({ kind: 'not_found', message: 'event nope does not exist' });
    expect(deps.kick).not.toHaveBeenCalled();
  });
});
