/**
 * ListIdentities (REFERENCE.md §2.11, §7.3): every filter, both orders, limit
 * bounds, and keyset cursors that neither repeat nor lose rows when
 * identities are created between page requests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personBody, trustBody } from '../support/bodies.js';
import { createTestSandbox, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

async function list(query = '') {
  const res = await sb.api('GET', `/identity/identities${query ? `?${query}` : ''}`);
  expect(specError('ListIdentities', res)).toBeUndefined();
  return res;
}
const refs = (res: { body: { items: Array<{ ref_id?: string }> } }) => res.body.items.map((i) => i.ref_id);

async function createPeople(count: number, from = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < from + count; n++) ids.push((await sb.api('POST', '/identity/identities', personBody(n))).body.id);
  return ids;
}

/** Walk every page; fails on a repeated id. */
async function walk(query: string, between?: (page: number) => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await list(`${query}${cursor ? `&page_cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    for (const item of res.body.items) {
      expect(seen, `row ${item.ref_id} repeated`).not.toContain(item.ref_id);
      seen.push(item.ref_id);
    }
    cursor = res.body.next_page_cursor;
    if (!cursor) return seen;
    await between?.(page);
  }
  throw new Error('too many pages');
}

describe('ListIdentities: filters', () => {
  // A: person at 10:00:00, approved at 10:00:02 · B: person at 10:01:00, stays PENDING · C: trust at 10:02:00
  beforeEach(async () => {
    const a = (await sb.api('POST', '/identity/identities', { ...personBody(1), ref_id: 'A' })).body.id;
    await sb.sim.advance(60_000);
    await sb.api('POST', '/identity/identities', { ...personBody(2), ref_id: 'sim_pending-B' });
    await sb.sim.advance(60_000);
    await sb.api('POST', '/identity/identities', { ...trustBody(1, [{ identity_id: a, roles: ['TRUSTEE'] }]), ref_id: 'C' });
  });

  it('lists newest first by default and oldest first with order=ASC', async () => {
    expect(refs(await list())).toEqual(['C', 'sim_pending-B', 'A']);
    expect(refs(await list('order=DESC&order_by=CREATED_AT'))).toEqual(['C', 'sim_pending-B', 'A']);
    expect(refs(await list('order=ASC'))).toEqual(['A', 'sim_pending-B', 'C']);
  });

  it('filters by summary_status', async () => {
    expect(refs(await list('summary_status=APPROVED'))).toEqual(['A']);
    expect(refs(await list('summary_status=PENDING'))).toEqual(['C', 'sim_pending-B']);
    expect(refs(await list('summary_status=DENIED'))).toEqual([]);
  });

  it('filters by identity_type', async () => {
    expect(refs(await list('identity_type=INSTITUTION'))).toEqual(['C']);
    expect(refs(await list('identity_type=PERSON'))).toEqual(['sim_pending-B', 'A']);
  });

  it('filters by created_at with each operator', async () => {
    expect(refs(await list('created_at.gt=2026-01-15T10:00:30Z'))).toEqual(['C', 'sim_pending-B']);
    expect(refs(await list('created_at.gte=2026-01-15T10:01:30Z'))).toEqual(['C']);
    expect(refs(await list('created_at.lt=2026-01-15T10:01:30Z'))).toEqual(['sim_pending-B', 'A']);
    expect(refs(await list('created_at.lte=2026-01-15T10:00:30Z'))).toEqual(['A']);
    expect(refs(await list('created_at.gt=2026-01-15T10:00:30Z&created_at.lt=2026-01-15T10:01:30Z'))).toEqual(['sim_pending-B']);
    const b = (await list('identity_type=PERSON&summary_status=PENDING')).body.items[0];
    expect(refs(await list(`created_at.eq=${encodeURIComponent(b.created_at)}`))).toEqual(['sim_pending-B']);
    expect(refs(await list('created_at.gte=2026-01-15T11:01:30%2B01:00'))).toEqual(['C']);
  });

  it('filters by updated_at, which moves when the decision lands', async () => {
    expect(refs(await list('updated_at.lt=2026-01-15T10:00:30Z'))).toEqual(['A']);
    expect(refs(await list('updated_at.gte=2026-01-15T10:00:01Z&updated_at.lte=2026-01-15T10:00:03Z'))).toEqual(['A']);
    expect(refs(await list('updated_at.gt=2026-01-15T10:01:30Z'))).toEqual(['C']);
  });

  it('answers 400 naming the parameter for bad filter values', async () => {
    for (const [query, detail] of [
      ['summary_status=OK', /^summary_status must be one of /],
      ['identity_type=ROBOT', /^identity_type must be one of /],
      ['order=UP', /^order must be one of /],
      ['order_by=NAME', /^order_by must be one of /],
      ['created_at.gt=yesterday', /^created_at\.gt must be a/],
      ['updated_at.lt=2026-02-30T00:00:00Z', /^updated_at\.lt must be a/],
      ['colour=red', /^unknown query parameter colour$/],
    ] as const) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body.detail, query).toMatch(detail);
    }
  });
});

describe('ListIdentities: limit and cursors', () => {
  it('answers 400 for a limit outside 1..1000 or not an integer', async () => {
    for (const limit of ['0', '-1', '1001', 'abc', '1.5']) {
      const res = await list(`limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.body.detail, limit).toMatch(/^limit must be/);
    }
    // The bounds come from the spec (minimum/maximum of the parameter), the sentence names both.
    expect((await list('limit=1001')).body).toEqual({
      type: 'about:blank', title: 'Bad Request', status: 400, detail: 'limit must be between 1 and 1000',
      meta: { errors: [{ field: 'limit', message: 'limit must be between 1 and 1000' }] },
    });
    expect((await list('limit=1000')).status).toBe(200);
    expect((await list('limit=1')).status).toBe(200);
  });

  it('pages newest first with next_page_cursor and leaves it out on the last page', async () => {
    await createPeople(5);
    const first = await list('limit=2');
    expect(refs(first)).toEqual(['person-5', 'person-4']);
    expect(first.body.next_page_cursor).toEqual(expect.any(String));
    const second = await list(`limit=2&page_cursor=${first.body.next_page_cursor}`);
    expect(refs(second)).toEqual(['person-3', 'person-2']);
    const third = await list(`limit=2&page_cursor=${second.body.next_page_cursor}`);
    expect(refs(third)).toEqual(['person-1']);
    expect(third.body).not.toHaveProperty('next_page_cursor');
  });

  it('gives no cursor when the page holds exactly the remaining rows', async () => {
    await createPeople(2);
    const res = await list('limit=2');
    expect(res.body.items).toHaveLength(2);
    expect(res.body.next_page_cursor).toBeUndefined();
  });

  it('pages oldest first with order=ASC and keeps the filters across pages', async () => {
    await createPeople(5);
    expect(await walk('order=ASC&limit=2')).toEqual(['person-1', 'person-2', 'person-3', 'person-4', 'person-5']);
    expect(await walk('order=ASC&limit=2&identity_type=INSTITUTION')).toEqual([]);
  });

  it('answers 400 "page_cursor token cannot be parsed" for a garbage cursor', async () => {
    for (const cursor of ['garbage', 'eyJ0IjoxfQ', '%00%ff']) {
      const res = await list(`page_cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'page_cursor token cannot be parsed', meta: { errors: [{ field: expect.any(String), message: 'page_cursor token cannot be parsed' }] } });
    }
  });

  it('refuses a cursor issued for the other order', async () => {
    await createPeople(3);
    const { next_page_cursor } = (await list('limit=1&order=ASC')).body;
    expect((await list(`limit=1&order=DESC&page_cursor=${next_page_cursor}`)).status).toBe(400);
  });

  it('neither repeats nor loses a row when identities are created between pages (DESC)', async () => {
    await createPeople(5);
    let n = 100;
    const seen = await walk('limit=2', async () => {
      await createPeople(2, n);
      n += 2;
    });
    // rows that existed when paging started all appear once; newer ones sort before the cursor
    expect(seen).toEqual(['person-5', 'person-4', 'person-3', 'person-2', 'person-1']);
  });

  it('neither repeats nor loses a row when identities are created between pages (ASC)', async () => {
    await createPeople(5);
    let n = 100;
    const seen = await walk('order=ASC&limit=2', async () => {
      await sb.sim.advance(1_000);
      await createPeople(1, n++);
    });
    expect(seen.slice(0, 5)).toEqual(['person-1', 'person-2', 'person-3', 'person-4', 'person-5']);
    // new rows come after the cursor in ASC order, so the walk picks them up too
    expect(seen.slice(5)).toEqual(seen.slice(5).sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(5);
  });

  it('keeps creation order for many identities created while the clock is frozen', async () => {
    const count = 400;
    const ids = await createPeople(count);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await list(`order=ASC&limit=150${cursor ? `&page_cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.next_page_cursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  }, 30_000);
});

describe('ListIdentities: active-control filter (preview active_control_* and the dormancy guide control_type)', () => {
  // P1 DORMANT (INACTIVITY) · P2 SELL_ONLY via set_user_disabled (END_USER_REQUEST) · P3 DORMANT (OTHER)
  // · P4 SELL_ONLY (OTHER) via the controls API · P5 no control · P6 DORMANT, then removed
  const ids: Record<string, string> = {};
  beforeEach(async () => {
    for (let n = 1; n <= 6; n++) {
      ids[`P${n}`] = (await sb.api('POST', '/identity/identities', { ...personBody(n), ref_id: `P${n}` })).body.id;
      await sb.sim.advance(1_000);
    }
    await sb.sim.advance(10_000);
    const control = async (ref: string, type: string, reason_code: string) => {
      const res = await sb.api('POST', '/identity/controls', { identity_id: ids[ref], type, reason_code });
      expect(res.status, `${ref} ${type}`).toBe(200);
      return res.body.id as string;
    };
    await control('P1', 'DORMANT', 'INACTIVITY');
    expect((await sb.api('PUT', `/identity/identities/${ids.P2}`, { set_user_disabled: true })).status).toBe(200);
    await control('P3', 'DORMANT', 'OTHER');
    await control('P4', 'SELL_ONLY', 'OTHER');
    const gone = await control('P6', 'DORMANT', 'INACTIVITY');
    expect((await sb.api('DELETE', `/identity/controls?control_id=${gone}`)).status).toBe(200);
  });

  it('filters by control type under both spellings, the same way', async () => {
    expect(refs(await list('control_type=DORMANT'))).toEqual(['P3', 'P1']);
    expect(refs(await list('active_control_type=DORMANT'))).toEqual(['P3', 'P1']);
    expect(refs(await list('active_control_type=DORMANT&control_type=DORMANT'))).toEqual(['P3', 'P1']);
    expect(refs(await list('control_type=SELL_ONLY'))).toEqual(['P4', 'P2']);
    expect(refs(await list('active_control_type=CLOSED'))).toEqual([]);
    const item = (await list('control_type=DORMANT&order=ASC')).body.items[0];
    expect(item.status).toBe('DISABLED');
    expect(item.status_details.active_controls).toEqual([expect.objectContaining({ type: 'DORMANT', reason_code: 'INACTIVITY' })]);
  });

  it('filters by reason code alone and together with the type (one control must match both)', async () => {
    expect(refs(await list('active_control_reason_code=OTHER'))).toEqual(['P4', 'P3']);
    expect(refs(await list('active_control_reason_code=END_USER_REQUEST'))).toEqual(['P2']);
    expect(refs(await list('control_type=DORMANT&active_control_reason_code=INACTIVITY'))).toEqual(['P1']);
    expect(refs(await list('active_control_type=SELL_ONLY&active_control_reason_code=OTHER'))).toEqual(['P4']);
    expect(refs(await list('active_control_type=SELL_ONLY&active_control_reason_code=INACTIVITY'))).toEqual([]);
  });

  it('combines with the other filters and pages with cursors that keep the filter', async () => {
    expect(refs(await list('control_type=DORMANT&summary_status=DISABLED&identity_type=PERSON'))).toEqual(['P3', 'P1']);
    expect(refs(await list('control_type=DORMANT&summary_status=APPROVED'))).toEqual([]);
    const first = await list('active_control_reason_code=OTHER&control_type=SELL_ONLY&limit=1');
    expect(refs(first)).toEqual(['P4']);
    expect(first.body.next_page_cursor).toBeUndefined();
    const page1 = await list('control_type=DORMANT&limit=1');
    expect(refs(page1)).toEqual(['P3']);
    const page2 = await list(`control_type=DORMANT&limit=1&page_cursor=${encodeURIComponent(page1.body.next_page_cursor)}`);
    expect(refs(page2)).toEqual(['P1']);
    expect(page2.body.next_page_cursor).toBeUndefined();
    expect(await walk('active_control_type=SELL_ONLY&limit=1&order=ASC')).toEqual(['P2', 'P4']);
    expect(await walk('limit=2&order=ASC&active_control_reason_code=INACTIVITY')).toEqual(['P1']);
  });

  it('follows controls as they come and go', async () => {
    expect((await sb.api('PUT', `/identity/identities/${ids.P2}`, { set_user_disabled: false })).status).toBe(200);
    expect(refs(await list('control_type=SELL_ONLY'))).toEqual(['P4']);
    expect((await sb.api('POST', '/identity/controls', { identity_id: ids.P5, type: 'DORMANT', reason_code: 'INACTIVITY' })).status).toBe(200);
    expect(refs(await list('control_type=DORMANT'))).toEqual(['P5', 'P3', 'P1']);
  });

  it('answers 400 for an unknown control type or reason code, and for two spellings that differ', async () => {
    for (const [query, detail] of [
      ['control_type=SLEEPING', /^control_type must be one of /],
      ['active_control_type=dormant', /^active_control_type must be one of /],
      ['active_control_reason_code=BORED', /^active_control_reason_code must be one of /],
      ['active_control_type=DORMANT&control_type=SELL_ONLY', /^active_control_type and control_type name the same filter and must not differ$/],
    ] as const) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400 });
      expect(res.body.detail, query).toMatch(detail);
    }
  });
});
