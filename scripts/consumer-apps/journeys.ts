// Each built app in Chromium as an agent uses it: sign in through the dev tenant's window, go online, a
// caller rings the support line, the agent answers and the far end sees the call connected. The plain app's
// second page, whose <tpe-consent> has the page's own authProvider, must load no chunk holding MSAL.
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { AGENT } from '../bench/call-agent-services.js';
import { signInThroughDevTenant } from '../dev-tenant-sign-in.mjs';
import { chunksWith, MSAL, CALLING_SDK, type BuiltApp } from './chunks.js';
import type { Ledger } from './ledger.js';
import type { Services } from './services.js';
import type { AppName } from './workspace.js';

/** The fixture's support line (README, "Fixture users") and the number the far end calls from. */
const SUPPORT_LINE = '+14255550100';
const CALLER = '+12065550199';
const WAIT_MS = 20_000;

/** The JavaScript files a page requested from the app's own origin, as the build names them. */
function recordScripts(page: Page, origin: string): string[] {
  const files: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === origin && url.pathname.endsWith('.js')) files.push(url.pathname.slice(1));
  });
  return files;
}

/** Uncaught errors and console errors: what a vendor sees in the devtools of their own page. */
function watchErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('pageerror', (error) => seen.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console.error: ${message.text()}`);
  });
  return seen;
}

async function devTenant<T>(services: Services, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${services.devTenantUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls the far end's view of a call until it reaches `state` (a bound on the wait, not a timing check). */
async function farEndReaches(services: Services, callId: string, state: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let last = '';
  while (Date.now() < deadline) {
    last = (await devTenant<{ state: string }>(services, `/.dev/calls/${callId}`)).state;
    if (last === state) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the far end saw the call ${last}, never ${state}`);
}

/** Runs `steps`, naming the one that failed; keeps a screenshot of the page there under reports/. */
async function journey(ledger: Ledger, name: string, page: Page, steps: (step: (what: string) => void) => Promise<void>): Promise<boolean> {
  let current = 'open the page';
  try {
    await steps((what) => (current = what));
    ledger.pass(name);
    return true;
  } catch (error) {
    const shot = `reports/consumer-apps/${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
    await mkdir('reports/consumer-apps', { recursive: true });
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    ledger.fail(name, `at "${current}": ${(error as Error).message.split('\n')[0]} (screenshot: ${shot})`);
    return false;
  }
}

export async function takeACall(ledger: Ledger, browser: Browser, services: Services, build: BuiltApp): Promise<void> {
  const app: AppName = build.app;
  const origin = services.apps.get(app)!;
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const scripts = recordScripts(page, origin);
  const errors = watchErrors(page);
  const consent = page.locator('tpe-consent');
  const phone = page.locator('tpe-call-agent');
  const part = (host: typeof consent, name: string) => host.locator(`[part~="${name}"]`);
  const output = (id: string, text: string) => page.locator(`#${id}`, { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();

  try {
    const connected = await journey(ledger, `${app}: the agent signs in, goes online and answers a call that connects`, page, async (step) => {
      await page.goto(`${origin}/?proxy=${encodeURIComponent(services.proxyUrl)}`);
      step('see the signed-out <tpe-consent>');
      await page.locator('tpe-consent[status="signed-out"]').waitFor();
      step('sign in through the dev tenant');
      await part(consent, 'sign-in-button').click();
      await signInThroughDevTenant(context, services.devTenantUrl, { upn: AGENT.upn, password: AGENT.password });
      await page.locator('tpe-consent[status="ready"]').waitFor();
      step("see the app's strings on the phone (an object set as a property)");
      await part(phone, 'online-button').filter({ hasText: 'Start taking calls' }).waitFor();
      step('go online');
      await part(phone, 'online-button').click();
      await page.locator('tpe-call-agent[status="ready"]').waitFor();
      step("see the app's own tpe-status-change handler say ready");
      await output('phone-status', 'ready');
      step('be rung by a caller');
      const call = await devTenant<{ callId: string }>(services, '/.dev/calls', { from: CALLER, to: SUPPORT_LINE });
      await page.locator('tpe-call-agent[ringing]').waitFor();
      step("see the app's own tpe-incoming-call handler show the caller");
      await output('caller', CALLER);
      step('answer');
      await part(phone, 'accept-button').click();
      await page.locator('tpe-call-agent[status="in-call"]').waitFor();
      step('the far end sees the call connected');
      await farEndReaches(services, call.callId, 'Connected');
      step('hang up');
      await part(phone, 'hang-up-button').click();
      await farEndReaches(services, call.callId, 'Disconnected');
      await page.locator('tpe-call-agent[status="ready"]').waitFor();
      step('go offline');
      await part(phone, 'offline-button').click();
      await page.locator('tpe-call-agent[status="offline"]').waitFor();
    });
    if (connected) {
      const msal = new Set(chunksWith(build, MSAL).map((c) => c.file));
      const sdk = new Set(chunksWith(build, [CALLING_SDK]).map((c) => c.file));
      // The other side of the own-authProvider check: the desk's <tpe-consent> makes its own provider, and
      // the recorder sees the MSAL chunk arrive. A recorder that saw nothing would pass that check falsely.
      ledger.expect(`${app}: the desk fetches MSAL when its <tpe-consent> makes its own provider`, scripts.some((f) => msal.has(f)) ? undefined : `no MSAL chunk among ${scripts.join(', ')}`);
      ledger.fact(`${app}: the journey fetched ${new Set(scripts).size} JS files; the Calling SDK chunk ${scripts.some((f) => sdk.has(f)) ? 'too' : 'not (calls ran on the simulator)'}`);
    }
    ledger.expect(`${app}: no uncaught error or console.error on the page`, errors.length ? errors.join('\n') : undefined);
  } finally {
    await context.close();
  }
}

export async function signInWithOwnProvider(ledger: Ledger, browser: Browser, services: Services, build: BuiltApp): Promise<void> {
  const origin = services.apps.get(build.app)!;
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const scripts = recordScripts(page, origin);
  const errors = watchErrors(page);
  const pageFile = 'own-sign-in.html';
  try {
    const settled = await journey(ledger, `${build.app}: ${pageFile} shows <tpe-consent> on the page's own authProvider`, page, async (step) => {
      await page.goto(`${origin}/${pageFile}?proxy=${encodeURIComponent(services.proxyUrl)}`);
      step("the page's provider is asked who is signed in");
      await page.locator('#identity', { hasText: 'asked, nobody signed in' }).waitFor();
      step('<tpe-consent> shows its sign-in button');
      await page.locator('tpe-consent[status="signed-out"] [part~="sign-in-button"]').waitFor();
    });
    if (settled) {
      // MSAL would have been fetched before the provider was asked: the element awaits it first.
      const msal = new Set(chunksWith(build, MSAL).map((c) => c.file));
      const loaded = [...new Set(scripts)];
      const withMsal = loaded.filter((f) => msal.has(f));
      const staticMsal = [...(build.pages.get(pageFile) ?? [])].filter((f) => msal.has(f));
      ledger.expect(
        `${build.app}: ${pageFile} (own authProvider) loads no chunk holding MSAL`,
        withMsal.length || staticMsal.length ? `it loaded ${withMsal.join(', ') || 'nothing of MSAL'}; its first load imports ${staticMsal.join(', ') || 'no MSAL'}` : undefined,
      );
      ledger.fact(`${build.app}: ${pageFile} fetched ${loaded.length} JS files (${loaded.join(', ')}), none holding MSAL: ${withMsal.length === 0}`);
    }
    ledger.expect(`${build.app}: no uncaught error or console.error on ${pageFile}`, errors.length ? errors.join('\n') : undefined);
  } finally {
    await context.close();
  }
}
