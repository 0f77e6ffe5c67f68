/**
 * The simulator clock and its control endpoints (/_sim/clock*): advancing
 * fires due jobs in time order, each at its own instant; the clock never moves
 * backwards; freeze and unfreeze.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/app.js';
import { createClock } from '../../simulator/clock.js';
import { apiFor, create, DAY, events, getIdentity, personBody, startDecisionSandbox, T0, type Api } from './support.js';

let sim: Simulator;
let api: Api;

afterEach(async () => {
  await sim.close();
});

async function setUp(options: Parameters<typeof startDecisionSandbox>[1] = {}): Promise<void> {
  sim = await startDecisionSandbox(
    {
      rules: [
        { match: { ref_id_prefix: 'slow' }, outcome: 'APPROVED', delay: '30s' },
        { match: { ref_id_prefix: 'fast' }, outcome: 'DENIED', delay: '10s' },
        { match: { ref_id_prefix: 'mid' }, outcome: 'APPROVED', delay: '20s' },
      ],
    },
    options,
  );
  api = await apiFor(sim);
}

describe('POST /_sim/clock/advance', () => {
  it('fires due jobs in time order, each at its own instant', async () => {
    await setUp();
    const slow = await create(api, personBody({ ref_id: 'slow-1' }));
    const fast = await create(api, personBody({ ref_id: 'fast-1' }));
    const mid = await create(api, personBody({ ref_id: 'mid-1' }));
    const res = await api.post('/_sim/clock/advance', { duration: '1m' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ now: new Date(T0 + 60_000).toISOString(), fired_jobs: 3 });
    const got = (await events(api)).map((e) => [e.type, (e.object as { identity_id: string }).identity_id, Date.parse(e.created_at!) - T0]);
    expect(got).toEqual([
      ['identity.denied', fast.id, 10_000],
      ['identity.approved', mid.id, 20_000],
      ['identity.approved', slow.id, 30_000],
    ]);
  });

  it('accepts ms, and fires nothing that is not yet due', async () => {
    await setUp();
    await create(api, personBody({ ref_id: 'fast-2' }));
    const early = await api.post('/_sim/clock/advance', { ms: 9_999 });
    expect(early.body).toMatchObject({ fired_jobs: 0, pending_jobs: 1 });
    expect(await events(api)).toEqual([]);
    const due = await api.post('/_sim/clock/advance', { ms: 1 });
    expect(due.body).toMatchObject({ fired_jobs: 1 });
    expect((await events(api)).map((e) => e.type)).toEqual(['identity.denied']);
  });

  it('also fires jobs that fall due from jobs fired in the same advance', async () => {
    await setUp();
    await create(api, personBody({ ref_id: 'slow-2' }));
    await api.post('/_sim/clock/advance', { duration: '366d' });
    const got = (await events(api)).map((e) => [e.type, Date.parse(e.created_at!) - T0]);
    expect(got).toEqual([
      ['identity.approved', 30_000],
      ['identity.kyc_refresh.started', 30_000 + 365 * DAY],
    ]);
  });

  it.each([
    ['a negative ms', { ms: -1 }],
    ['a negative duration', { duration: '-5s' }],
    ['a duration that is not one', { duration: 'soon' }],
    ['neither duration nor ms', {}],
  ])('answers 400 for %s and does not move', async (_name, body) => {
    await setUp();
    const res = await api.post('/_sim/clock/advance', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
    expect((await api.get('/_sim/clock')).body.now).toBe(new Date(T0).toISOString());
  });
});

describe('POST /_sim/clock/set', () => {
  it('moves forward to an instant, firing what falls due on the way', async () => {
    await setUp();
    await create(api, personBody({ ref_id: 'fast-3' }));
    const res = await api.post('/_sim/clock/set', { now: '2026-01-15T10:05:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ now: '2026-01-15T10:05:00.000Z', fired_jobs: 1 });
    expect(Date.parse((await events(api))[0].created_at!)).toBe(T0 + 10_000);
  });

  it('refuses to move backwards with 400 and leaves the state unchanged', async () => {
    await setUp();
    await create(api, personBody({ ref_id: 'fast-4' }));
    await api.post('/_sim/clock/advance', { duration: '5s' });
    const before = (await api.get('/_sim/clock')).body;
    const res = await api.post('/_sim/clock/set', { now: '2026-01-15T09:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('backwards');
    expect((await api.get('/_sim/clock')).body).toEqual(before);
    expect(await events(api)).toEqual([]);
  });

  it('answers 400 for a value that is not a date-time', async () => {
    await setUp();
    expect((await api.post('/_sim/clock/set', { now: 'tomorrow' })).status).toBe(400);
    expect((await api.post('/_sim/clock/set', {})).status).toBe(400);
  });
});

describe('freeze and unfreeze', () => {
  it('stops time while frozen and resumes from the frozen instant', async () => {
    let wall = T0;
    await setUp({ clock: createClock({ wall: () => wall }) });
    wall += 1000;
    expect((await api.get('/_sim/clock')).body).toMatchObject({ now: new Date(T0 + 1000).toISOString(), frozen: false });
    expect((await api.post('/_sim/clock/freeze')).body).toMatchObject({ now: new Date(T0 + 1000).toISOString(), frozen: true });
    wall += 60_000;
    expect((await api.get('/_sim/clock')).body.now).toBe(new Date(T0 + 1000).toISOString());
    await api.post('/_sim/clock/advance', { duration: '2s' });
    expect((await api.get('/_sim/clock')).body.now).toBe(new Date(T0 + 3000).toISOString());
    expect((await api.post('/_sim/clock/unfreeze')).body).toMatchObject({ now: new Date(T0 + 3000).toISOString(), frozen: false });
    wall += 500;
    expect((await api.get('/_sim/clock')).body.now).toBe(new Date(T0 + 3500).toISOString());
  });

  it('lists the pending jobs with their due times', async () => {
    await setUp();
    const slow = await create(api, personBody({ ref_id: 'slow-5' }));
    const clock = await api.get('/_sim/clock');
    expect(clock.body).toMatchObject({ pending_jobs: 1, jobs: [{ kind: 'decide', identity_id: slow.id, due_at: new Date(T0 + 30_000).toISOString() }] });
  });

  it('answers 405 for a wrong method on a clock path', async () => {
    await setUp();
    expect((await api.get('/_sim/clock/advance')).status).toBe(405);
  });
});

describe('runDue (after every commit, and on the real-time loop)', () => {
  it('fires nothing before a job is due, and the job once the clock has reached its due time', async () => {
    let wall = T0;
    await setUp({ clock: createClock({ wall: () => wall }) });
    const fast = await create(api, personBody({ ref_id: 'fast-7' }));
    expect(await sim.scheduler.runDue()).toBe(0);
    expect(sim.scheduler.pending()).toHaveLength(1);
    wall += 9_999;
    expect(await sim.scheduler.runDue()).toBe(0);
    expect((await getIdentity(api, fast.id)).status).toBe('PENDING');
    wall += 1;
    expect(await sim.scheduler.runDue()).toBe(1);
    expect(sim.scheduler.pending()).toHaveLength(0);
    expect((await getIdentity(api, fast.id)).status).toBe('DENIED');
  });

  it('waits its turn behind a clock move already asked for', async () => {
    await setUp();
    await create(api, personBody({ ref_id: 'fast-8' }));
    const order: string[] = [];
    const moving = sim.scheduler.advanceBy(60_000).then((r) => (order.push('advance'), r));
    const due = sim.scheduler.runDue().then((n) => (order.push('runDue'), n));
    expect(await moving).toMatchObject({ fired: 1 });
    expect(await due).toBe(0);
    expect(order).toEqual(['advance', 'runDue']);
  });
});
