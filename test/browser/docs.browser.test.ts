/**
 * The API reference at /_sim/docs in a real headless Chromium: it renders
 * every operation of our OpenAPI document, and no request leaves loopback
 * (every request the page makes is intercepted; any other host is refused and
 * fails the test). The dashboard links to it and shows injected faults.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../simulator/spec/spec.js';
import { notice } from '../support/notice.js';
import { BROWSER_REQUIRED, HAVE_CHROMIUM, launchChromium, NO_CHROMIUM_NOTICE, screenshot, startBrowserSandbox, type Browser, type Sim } from './support.js';

let browser: Browser;
let sim: Sim;
const pages: Page[] = [];

// Without Chromium these tests skip, loudly (the notice is repeated in npm test's closing summary);
// with PAXOS_SIM_REQUIRE_BROWSER=1 (CI) dashboard.browser.test.ts fails on a missing Chromium.
const RUN = HAVE_CHROMIUM;
if (!RUN && !BROWSER_REQUIRED) notice(NO_CHROMIUM_NOTICE);

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium();
  sim = await startBrowserSandbox();
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
});
afterAll(async () => {
  await browser?.close();
  await sim?.server.stop();
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A page whose every request is checked: loopback goes through, anything else is aborted and remembered. */
async function guardedPage(): Promise<{ page: Page; requested: string[]; refused: string[] }> {
  const page = await browser.newPage();
  pages.push(page);
  const requested: string[] = [];
  const refused: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    requested.push(url);
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || LOOPBACK.has(hostname)) return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('request', (r: Request) => {
    const { protocol, hostname } = new URL(r.url());
    if (!(protocol === 'data:' || protocol === 'blob:' || LOOPBACK.has(hostname)) && !refused.includes(r.url())) refused.push(r.url());
  });
  return { page, requested, refused };
}

describe.runIf(RUN)('API reference at /_sim/docs', () => {
  it('renders every operation of our document, with nothing leaving loopback', async () => {
    const { page, requested, refused } = await guardedPage();
    await page.goto(`${sim.server.url}/_sim/docs`);
    const operations = [...loadSpec().operations.values()];
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBe(operations.length);
    const text = await page.locator('#swagger-ui').innerText();
    for (const op of operations) expect(text, op.operationId).toContain(op.path);
    expect(await page.title()).toContain('Paxos Identity API reference');
    await screenshot(page, 'api-reference');
    expect(requested.some((u) => u.endsWith('/_sim/docs/openapi.json'))).toBe(true);
    expect(requested.some((u) => u.endsWith('/_sim/docs/assets/swagger-ui-bundle.js'))).toBe(true);
    expect(refused).toEqual([]);
  });

  it('points "Try it out" at this simulator', async () => {
    const res = await fetch(`${sim.server.url}/_sim/docs/openapi.json`);
    const doc = (await res.json()) as { servers: Array<{ url: string }>; paths: Record<string, { servers?: Array<{ url: string }> }> };
    expect(doc.servers).toEqual([{ url: sim.server.baseUrl, description: 'This simulator' }]);
    expect(doc.paths['/oauth2/token'].servers).toEqual([{ url: sim.server.url, description: 'This simulator' }]);
    expect((await fetch(`${sim.server.url}/_sim/docs/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${sim.server.url}/_sim/docs/nope`)).status).toBe(404);
    expect((await fetch(`${sim.server.url}/_sim/docs/openapi.yaml`)).headers.get('content-type')).toContain('yaml');
    expect((await fetch(`${sim.server.url}/_sim/docs`, { method: 'POST' })).status).toBe(405);
  });

  it('is linked from the dashboard, which also shows injected faults', async () => {
    expect((await sim.control('POST', '/faults', { operation: 'ListIdentities', nth: 1, status: 503, retry_after: 3 })).status).toBe(201);
    expect((await sim.api('GET', '/identity/identities')).status).toBe(503);
    const { page, refused } = await guardedPage();
    await page.goto(`${sim.server.url}/_sim/`);
    const panel = page.locator('#faults');
    await panel.locator('li.injected').first().waitFor();
    expect(await panel.locator('li.injected').first().innerText()).toContain('status 503 (Retry-After: 3)');
    expect(await panel.locator('tr[data-fault-id="fault-1"]').innerText()).toContain('1 / 1');
    await page.locator('#docs-link').click();
    await page.waitForURL('**/_sim/docs');
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(refused).toEqual([]);
  });
});
