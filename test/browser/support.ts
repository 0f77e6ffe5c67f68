/**
 * @module test/browser/support
 * For the dashboard's browser tests: a real headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core) with a fresh profile, and a
 * simulator on a real port (the one test harness, createTestSandbox) with a
 * real webhook receiver, seeded through the public API the way a customer
 * would.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Faker, en, en_US } from '@faker-js/faker';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildPerson } from '../../fixtures/factories/index.js';
import { ALL_SCOPES, DEFAULT_CLIENT, testConfig, type ClientConfig } from '../../simulator/config.js';
import type { RunningServer } from '../../simulator/server.js';
import { createTestSandbox, type TestSandbox } from '../support/sandbox.js';

/** Where Chromium is: PAXOS_SIM_CHROMIUM when set, else Debian's /usr/bin/chromium. */
export const CHROMIUM = process.env.PAXOS_SIM_CHROMIUM || '/usr/bin/chromium';
/** PAXOS_SIM_REQUIRE_BROWSER=1 (set by .ci/run): a missing Chromium fails the run instead of skipping. */
export const BROWSER_REQUIRED = process.env.PAXOS_SIM_REQUIRE_BROWSER === '1';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM_NOTICE = `browser tests (test/browser/*.browser.test.ts) did NOT run: no Chromium at ${CHROMIUM}. Install Debian's "chromium" package (apt-get install chromium), or point PAXOS_SIM_CHROMIUM at a Chromium binary; set PAXOS_SIM_REQUIRE_BROWSER=1 to make them mandatory.`;
export const SCREENSHOTS = 'test-results/screenshots';
export const DOCS_IMAGE = 'docs/images/dashboard.png';
export const OTHER_CLIENT: ClientConfig = { client_id: 'acme-exchange', client_secret: 'acme-secret', scopes: [...ALL_SCOPES] };

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Launch Chromium; a missing binary is a failure with instructions (callers skip before calling when allowed). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium was not found at ${CHROMIUM}. The dashboard browser tests need a real browser: install Debian's "chromium" package (apt-get install chromium).`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'paxos-sim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Save a screenshot under test-results/screenshots/. With UPDATE_README_SCREENSHOT=1
 * the one marked `copyTo` also replaces the committed README image, so an
 * ordinary test run never changes a tracked file.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; copyTo?: string } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  if (options.copyTo && process.env.UPDATE_README_SCREENSHOT === '1') {
    mkdirSync(dirname(options.copyTo), { recursive: true });
    copyFileSync(path, options.copyTo);
  }
  return path;
}

export interface Sim {
  sb: TestSandbox;
  server: RunningServer;
  /** Create a person through POST /v2/identity/identities as `client`; returns its id. */
  createPerson(refId: string, client?: ClientConfig): Promise<string>;
  /** Call the Paxos API as `client`. */
  api(method: string, path: string, body?: unknown, client?: ClientConfig): Promise<Response>;
  /** Call the control API (/_sim…). */
  control(method: string, path: string, body?: unknown): Promise<Response>;
}

/**
 * A simulator on 127.0.0.1:0 (createTestSandbox, port mode: its clock frozen at T0) with two
 * OAuth clients of two entities (teams), so each team's events reach only its own consumers.
 */
export async function startBrowserSandbox(seed = 11): Promise<Sim> {
  const entities = [
    { id: 'team-sim', clients: [DEFAULT_CLIENT.client_id] },
    { id: 'team-acme', clients: [OTHER_CLIENT.client_id] },
  ];
  const sb = await createTestSandbox({ mode: 'port', config: { clients: [DEFAULT_CLIENT, OTHER_CLIENT], entities, webhooks: { ...testConfig().webhooks, pollMs: 50 } } });
  const server = sb.server!;
  const faker = new Faker({ locale: [en_US, en], seed });
  const tokens = new Map<string, Promise<string>>();
  const token = (client: ClientConfig) => {
    let value = tokens.get(client.client_id);
    if (!value) tokens.set(client.client_id, (value = sb.token(undefined, client)));
    return value;
  };
  const send = async (path: string, method: string, body: unknown, headers: Record<string, string>) =>
    sb.raw(path, { method, headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const api = async (method: string, path: string, body?: unknown, client: ClientConfig = DEFAULT_CLIENT) =>
    send(`/v2${path}`, method, body, { authorization: `Bearer ${await token(client)}` });
  const control = (method: string, path: string, body?: unknown) => send(`/_sim${path}`, method, body, {});
  return {
    sb,
    server,
    api,
    control,
    async createPerson(refId, client = DEFAULT_CLIENT) {
      const res = await api('POST', '/identity/identities', buildPerson(faker, { ref_id: refId }), client);
      if (!res.ok) throw new Error(`create identity failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    },
  };
}
