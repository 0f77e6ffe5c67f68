/**
 * The dashboard at /_sim/ in a real headless Chromium, against a simulator on
 * a real port whose webhooks go to a real receiver. Identities are seeded
 * through the public API; the page must follow every change live (no reload).
 * Screenshots go to test-results/screenshots/ (detail view also to docs/images/).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startReceiver, type Receiver } from '../webhooks/support.js';
import { notice } from '../support/notice.js';
import { BROWSER_REQUIRED, DOCS_IMAGE, HAVE_CHROMIUM, launchChromium, NO_CHROMIUM_NOTICE, OTHER_CLIENT, screenshot, startBrowserSandbox, type Browser, type Sim } from './support.js';

const XSS = 'sim_pending-<img src=x onerror=alert(1)>';

let browser: Browser;
let receiver: Receiver;
let sim: Sim;
const ids: Record<string, string> = {};
const pages: Page[] = [];

// Without Chromium these tests skip, loudly (the notice is repeated in npm test's closing summary);
// with PAXOS_SIM_REQUIRE_BROWSER=1 (CI) a missing Chromium is a failing test instead.
const RUN = HAVE_CHROMIUM;
if (!RUN && !BROWSER_REQUIRED) notice(NO_CHROMIUM_NOTICE);

describe.runIf(BROWSER_REQUIRED)('browser requirement (PAXOS_SIM_REQUIRE_BROWSER=1)', () => {
  it('finds Chromium', () => {
    expect(HAVE_CHROMIUM, NO_CHROMIUM_NOTICE).toBe(true);
  });
});

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium();
  receiver = await startReceiver();
  receiver.on('/hooks', (_req, res) => res.writeHead(200).end('ok'));
  receiver.on('/flaky', (_req, res) => res.writeHead(503).end('try later'));
  sim = await startBrowserSandbox();
  // Phase 1: consumers, registered through the control API
  for (const body of [
    // only the default client's events: acme-exchange's have no consumer (nothing to re-send)
    { name: 'ops-receiver', url: `${receiver.url}/hooks`, client_id: 'paxos-sim-client' },
    { name: 'flaky-receiver', url: `${receiver.url}/flaky`, event_types: ['identity.denied'] },
  ]) {
    const res = await sim.control('POST', '/webhooks/consumers', body);
    expect(res.status, await res.clone().text()).toBe(201);
  }
  // Phase 2: identities, through the public API as customers create them
  ids.alice = await sim.createPerson('sim_pending-alice');
  ids.bob = await sim.createPerson('sim_deny_sanctions-bob');
  ids.admin = await sim.createPerson('sim_pending-admin');
  ids.keyboard = await sim.createPerson('sim_pending-keyboard');
  ids.docs = await sim.createPerson('sim_pending-docs');
  ids.xss = await sim.createPerson(XSS);
  ids.other = await sim.createPerson('sim_pending-acme', OTHER_CLIENT);
  expect((await sim.api('PUT', `/identity/identities/${ids.admin}/sandbox-status`, { admin_disabled: { disabled: true } })).status).toBe(200);
  expect((await sim.api('GET', `/identity/identities/${ids.alice}?include_details=true`)).status).toBe(200);
  // Phase 3: the review delay passes, so bob is denied (and the flaky consumer fails)
  expect((await sim.control('POST', '/clock/advance', { duration: '5s' })).status).toBe(200);
  await sim.server.simulator.drain();
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await sim?.server.stop();
  await receiver?.close();
});

async function open(path = '/', viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage(viewport);
  pages.push(page);
  page.setDefaultTimeout(10_000);
  await page.goto(`${sim.server.controlUrl}${path}`);
  await page.locator('#live.live-live').waitFor();
  return page;
}

const row = (page: Page, id: string) => page.locator(`a.identity-link[data-identity-id="${id}"]`);
const detailBadge = (page: Page) => page.locator('.detail-head .badge');

describe.runIf(RUN)('dashboard list', () => {
  it('shows every client’s identities, grouped, with their status badges', async () => {
    const page = await open('/');
    await row(page, ids.bob).waitFor();
    expect(await page.locator('section.client-group').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.clientId))).toEqual(['acme-exchange', 'paxos-sim-client']);
    expect.soft(await row(page, ids.alice).locator('.badge').textContent()).toBe('PENDING');
    expect.soft(await row(page, ids.bob).locator('.badge').textContent()).toBe('DENIED');
    expect.soft(await row(page, ids.admin).locator('.badge').textContent()).toBe('DISABLED');
    expect.soft(await page.locator('section[data-client-id="acme-exchange"] a.identity-link').count()).toBe(1);
    await screenshot(page, 'list');

    await page.selectOption('#filter-status', 'DENIED');
    await page.waitForFunction(() => document.querySelectorAll('a.identity-link').length === 1);
    expect(await row(page, ids.bob).count()).toBe(1);
    await page.selectOption('#filter-status', '');
    await page.fill('#filter-q', 'keyboard');
    await page.waitForFunction(() => document.querySelectorAll('a.identity-link').length === 1);
    expect(await row(page, ids.keyboard).count()).toBe(1);
  });

  it('says how many it shows, and that more match when the server answered the newest ones only', async () => {
    const page = await open('/');
    await row(page, ids.bob).waitFor();
    expect(await page.locator('#list-count').textContent()).toBe(`${await page.locator('a.identity-link').count()} shown`);
    // the same page, its list requests asking the real server for 2 rows at most
    await page.route('**/_sim/api/identities*', (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      return route.continue({ url: url.toString() });
    });
    await page.fill('#filter-q', 'sim_pending');
    await page.waitForFunction(() => document.querySelector('#list-count')?.textContent?.startsWith('newest 2 shown'));
    expect(await page.locator('#list-count').textContent()).toBe('newest 2 shown; more match, narrow the filters');
    expect(await page.locator('a.identity-link').count()).toBe(2);
  });

  it('says it is loading, not "No identities match", until the first list arrives', async () => {
    const page = await browser.newPage();
    pages.push(page);
    page.setDefaultTimeout(10_000);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_sim/api/identities?*', async (route) => {
      await held;
      await route.continue();
    });
    await page.route('**/_sim/api/identities', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${sim.server.controlUrl}/`);
    const list = page.locator('#identity-list');
    await list.locator('p.loading').waitFor();
    expect(await list.textContent()).toBe('Loading identities…');
    expect(await list.getAttribute('aria-busy')).toBe('true');
    expect(await page.getByText('No identities match').count()).toBe(0);
    release();
    await row(page, ids.bob).waitFor();
    expect(await list.getAttribute('aria-busy')).toBeNull();
    expect(await list.locator('p.loading').count()).toBe(0);
  });

  it('shows a ref_id with markup as text and injects no element', async () => {
    let dialogs = 0;
    const page = await open('/');
    page.on('dialog', (d) => void (dialogs++, d.dismiss()));
    await row(page, ids.xss).waitFor();
    expect(await row(page, ids.xss).locator('.ref-id').textContent()).toBe(XSS);
    await row(page, ids.xss).click();
    await page.locator('.detail-head dd', { hasText: XSS }).waitFor();
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toBe(0);
  });
});

describe.runIf(RUN)('dashboard detail and actions', () => {
  it('approves an identity and shows the new status and its webhook without reloading', async () => {
    const page = await open(`/#/identity/${ids.alice}`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    expect(await detailBadge(page).textContent()).toBe('PENDING');
    expect(await page.locator('tr[data-requirement="SCREENING_CHECK"]').count()).toBe(1);

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.detail-head .badge[data-status="APPROVED"]').waitFor();
    await row(page, ids.alice).locator('.badge[data-status="APPROVED"]').waitFor();
    await page.locator('li[data-event-type="identity.approved"] tr.attempt[data-status-code="200"]').waitFor();
    expect.soft(await page.locator('#notice').textContent()).toContain('Approved');
    expect.soft(await page.locator('li.tl-transition').first().textContent()).toContain('Status PENDING → APPROVED');
    expect.soft(await page.locator('li.tl-request code').allTextContents()).toContain(`GET /v2/identity/identities/${ids.alice}`);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(receiver.to('/hooks').some((r) => JSON.parse(r.body).type === 'identity.approved')).toBe(true);
    await screenshot(page, 'detail', { fullPage: true, copyTo: DOCS_IMAGE });
  });

  it('shows an identity’s account and balance, and marks it dormant and back with the control action', async () => {
    const id = await sim.createPerson('sim_approve-dora');
    expect((await sim.control('POST', '/clock/advance', { duration: '3s' })).status).toBe(200);
    const account = await sim.api('POST', '/identity/accounts', { create_profile: true, account: { identity_id: id, ref_id: 'browser-dora' } });
    expect(account.status).toBe(200);
    const body = (await account.json()) as { id: string; profile_id: string };
    expect((await sim.api('POST', `/sandbox/profiles/${body.profile_id}/deposit`, { asset: 'USD', amount: '750' })).status).toBe(200);
    const page = await open(`/#/identity/${id}`);
    await page.locator(`tr[data-account-id="${body.id}"] [data-asset="USD"]`).waitFor();
    expect(await page.locator(`tr[data-account-id="${body.id}"] [data-asset="USD"]`).textContent()).toBe('USD 750');
    await page.getByRole('button', { name: 'Mark dormant' }).click();
    await page.locator('.detail-head .badge[data-status="DISABLED"]').waitFor();
    await page.locator('table.controls-table tbody tr').first().waitFor();
    expect(await page.locator('table.controls-table tbody tr').first().textContent()).toContain('INACTIVITY');
    await page.getByRole('button', { name: 'Remove DORMANT control' }).click();
    await page.locator('.detail-head .badge[data-status="APPROVED"]').waitFor();
    expect(await page.locator('#notice').textContent()).toContain('DORMANT control removed');
  });

  it('shows a failing webhook’s attempts and retry schedule, and re-sends the event', async () => {
    const page = await open(`/#/identity/${ids.bob}`);
    const denied = page.locator('li[data-event-type="identity.denied"]');
    await denied.locator('.delivery[data-delivery-status="pending"] tr.attempt[data-status-code="503"]').waitFor();
    expect(await denied.locator('.next-retry').textContent()).toMatch(/^Next attempt 2026-01-15 10:00:\d\d UTC \(in \d+ s\)$/);
    await denied.locator('tr.attempt[data-status-code="200"]').waitFor();
    expect(await denied.locator('.delivery').count()).toBe(2);

    await denied.getByRole('button', { name: 'Re-send webhook' }).click();
    await page.waitForFunction(() => document.querySelectorAll('li[data-event-type="identity.denied"] .delivery').length === 4);
    expect(await page.locator('#notice').textContent()).toContain('Re-sent identity.denied: 2 new deliveries queued.');
  });

  it('shows the Problem detail when the API refuses an action', async () => {
    const page = await open(`/#/identity/${ids.admin}`);
    expect(await detailBadge(page).textContent()).toBe('DISABLED');
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.locator('#notice.notice-error').waitFor();
    const notice = await page.locator('#notice').textContent();
    expect(notice).toContain('Forbidden (403)');
    expect(notice).toContain('identity was disabled by Paxos and cannot be re-enabled by the client');
    expect(await detailBadge(page).textContent()).toBe('DISABLED');
  });

  it('asks before Approve or Deny overrides a decision, and changes nothing when told no', async () => {
    const page = await open(`/#/identity/${ids.bob}`);
    expect(await detailBadge(page).textContent()).toBe('DENIED');
    const messages: string[] = [];
    let answer: 'dismiss' | 'accept' = 'dismiss';
    page.on('dialog', (d) => {
      messages.push(`${d.type()}: ${d.message()}`);
      void (answer === 'accept' ? d.accept() : d.dismiss());
    });

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('#notice', { hasText: 'nothing changed' }).waitFor();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^confirm: .* is already DENIED\. Approve anyway\? This overrides the decision\.$/);
    expect(await detailBadge(page).textContent()).toBe('DENIED');
    const still = await sim.api('GET', `/identity/identities/${ids.bob}`);
    expect(((await still.json()) as { status: string }).status).toBe('DENIED');

    answer = 'accept';
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.detail-head .badge[data-status="APPROVED"]').waitFor();
    expect(messages).toHaveLength(2);
    expect(messages[1]).toContain('is already DENIED. Approve anyway?');
    // Deny on the now approved identity asks as well
    answer = 'dismiss';
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.locator('#notice', { hasText: 'stays APPROVED' }).waitFor();
    expect(messages[2]).toContain('is already APPROVED. Deny anyway?');
    expect(await detailBadge(page).textContent()).toBe('APPROVED');
  });

  it('offers "Re-send webhook" only for events a consumer would receive', async () => {
    // acme-exchange's events match no consumer (acme-exchange is another entity; ops-receiver belongs to
    // paxos-sim-client's entity, and flaky-receiver, registered without one, to the first entity, paxos-sim-client's)
    const page = await open(`/#/identity/${ids.other}`);
    await page.getByRole('button', { name: 'Approve' }).click();
    const approved = page.locator('li[data-event-type="identity.approved"]');
    await approved.waitFor();
    expect(await approved.textContent()).toContain('No webhook consumer was subscribed.');
    expect(await approved.getByRole('button', { name: 'Re-send webhook' }).count()).toBe(0);
    // the default client's approved event (alice, approved above) has a consumer, so it offers the re-send
    await page.goto(`${sim.server.controlUrl}/#/identity/${ids.alice}`);
    await page.locator('li[data-event-type="identity.approved"] button[data-action="resend"]').waitFor();
  });

  it('opens Enhanced Due Diligence with the chosen documents', async () => {
    const page = await open(`/#/identity/${ids.docs}`);
    await page.getByText('Require documents…').click();
    await page.getByRole('checkbox', { name: 'PROOF_OF_RESIDENCY' }).uncheck();
    await page.getByRole('checkbox', { name: 'TAX_IDENTIFICATION' }).check();
    await page.getByRole('button', { name: 'Request documents' }).click();
    const edd = page.locator('tr[data-requirement="ENHANCED_DUE_DILIGENCE"]');
    await edd.waitFor();
    expect(await edd.textContent()).toContain('edd_documentation_required Documents required: TAX_IDENTIFICATION, PROOF_OF_FUNDS.');
    await page.locator('li[data-event-type="identity.documents_required"] tr.attempt[data-status-code="200"]').waitFor();
    expect(await detailBadge(page).textContent()).toBe('PENDING');
  });

  it('wraps codes only at underscores and dots, never mid-word', async () => {
    const page = await open(`/#/identity/${ids.docs}`);
    const code = page.locator('tr[data-requirement="ENHANCED_DUE_DILIGENCE"] th code');
    await code.waitFor();
    expect(await code.textContent()).toBe('ENHANCED_DUE_DILIGENCE');
    expect(await code.locator('wbr').count()).toBe(2);
    // squeeze it to ten characters: it must take several lines, each part whole on one line
    const layout = await code.evaluate((el) => {
      el.style.display = 'inline-block';
      el.style.width = '10ch';
      const parts = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => {
        const range = document.createRange();
        range.selectNodeContents(n);
        return { text: n.textContent, lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
      });
      return { height: el.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(el).lineHeight) || 0, parts };
    });
    expect(layout.parts).toEqual([
      { text: 'ENHANCED_', lines: 1 },
      { text: 'DUE_', lines: 1 },
      { text: 'DILIGENCE', lines: 1 },
    ]);
    expect(layout.height).toBeGreaterThan(layout.lineHeight * 1.5);
    const event = page.locator('li[data-event-type="identity.documents_required"] .tl-title code');
    expect(await event.textContent()).toBe('identity.documents_required');
    expect(await event.locator('wbr').count()).toBe(2);
  });

  it('can be driven by keyboard alone: Tab to an identity, Enter, Tab to Approve, Space', async () => {
    const page = await open('/');
    await row(page, ids.keyboard).waitFor();
    const focused = () => page.evaluate(() => ({ key: (document.activeElement as HTMLElement | null)?.dataset.focusKey ?? '', visible: document.activeElement?.matches(':focus-visible') ?? false }));
    const tabUntil = async (key: string, max: number) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()).key === key) return i + 1;
      }
      throw new Error(`${key} was not reached in ${max} Tab presses (focus is on ${(await focused()).key || 'an element without a focus key'})`);
    };
    await tabUntil(`identity:${ids.keyboard}`, 40);
    await page.keyboard.press('Enter');
    await page.locator(`.detail[data-identity-id="${ids.keyboard}"]`).waitFor();
    expect(await tabUntil('action:approve', 3)).toBe(1); // the first stop after the heading
    expect((await focused()).visible).toBe(true);
    await page.keyboard.press('Space');
    await page.locator('.detail-head .badge[data-status="APPROVED"]').waitFor();
    expect(await page.locator('#notice').textContent()).toContain('Approved');
    expect((await focused()).key).toBe('action:approve');
  });

  it('advances the simulator clock by the chosen duration', async () => {
    const page = await open('/');
    const before = await page.locator('#clock-now').getAttribute('datetime');
    await page.fill('#clock-duration', '2h');
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await page.waitForFunction((prev) => document.getElementById('clock-now')?.getAttribute('datetime') !== prev, before);
    const after = await page.locator('#clock-now').getAttribute('datetime');
    expect(Date.parse(after!) - Date.parse(before!)).toBe(2 * 3_600_000);
    expect(await page.locator('#notice').textContent()).toContain('Clock advanced by 2h');
  });
});

describe.runIf(RUN)('dashboard layout', () => {
  it('renders a single column on a 375 px wide screen without horizontal scrolling', async () => {
    const page = await open(`/#/identity/${ids.bob}`, { width: 375, height: 700 });
    await page.locator('.detail-head').waitFor();
    const list = (await page.locator('.list-pane').boundingBox())!;
    const detail = (await page.locator('.detail-pane').boundingBox())!;
    expect.soft(Math.abs(list.x - detail.x)).toBeLessThan(1);
    expect.soft(detail.y).toBeGreaterThanOrEqual(list.y + list.height - 1);
    expect.soft(list.width).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'narrow', { fullPage: true });
  });
});
