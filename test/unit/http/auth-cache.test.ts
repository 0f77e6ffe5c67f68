/**
 * The bearer middleware keeps what it derived from a token (http/auth.ts) only
 * while the configured clients stay the same list: a new configuration is
 * applied to a token already seen, and a deleted token stops working at once.
 */
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../simulator/app.js';
import { DEFAULT_CLIENT, testConfig, type ClientConfig } from '../../../simulator/config.js';
import { bearerAuth, type AuthEnv } from '../../../simulator/http/auth.js';
import { createErrorBoundary } from '../../../simulator/http/problem.js';
import { silentLogger } from '../../../simulator/logger.js';

describe('bearerAuth and the configured clients', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await createSimulator({ config: testConfig() });
  });
  afterEach(() => sim.close());

  it('re-derives a seen token when the client list changes, and refuses a token once it is deleted', async () => {
    const res = await sim.app.request('/oauth2/token', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret, scope: DEFAULT_CLIENT.scopes.join(' ') }),
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    let clients: readonly ClientConfig[] = [DEFAULT_CLIENT];
    const app = new Hono<AuthEnv>();
    app.use('*', bearerAuth({ store: sim.store, clock: sim.clock, entities: sim.ctx.entities, clients: () => clients }));
    app.get('/', (c) => c.json(c.get('auth')));
    app.onError(createErrorBoundary(silentLogger));
    const call = () => app.request('/', { headers: { authorization: `Bearer ${token}` } });

    const first = await call();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { scopes: string[] }).scopes).toEqual(DEFAULT_CLIENT.scopes);
    expect(((await (await call()).json()) as { scopes: string[] }).scopes).toEqual(DEFAULT_CLIENT.scopes);

    clients = [{ ...DEFAULT_CLIENT, scopes: ['identity:read_identity'] }];
    expect(((await (await call()).json()) as { scopes: string[] }).scopes).toEqual(['identity:read_identity']);

    clients = [];
    expect((await call()).status).toBe(401);

    clients = [DEFAULT_CLIENT];
    expect((await call()).status).toBe(200);
    await sim.store.transact((tx) => tx.tokens.delete(token));
    expect((await call()).status).toBe(401);
  });
});
