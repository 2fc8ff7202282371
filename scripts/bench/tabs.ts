// `npm run bench:tabs`: one agent's desktop open in five tabs of one browser, before and after one phone per
// origin (issue 13). For each mode (`tabs="independent"`, a phone per tab: the before; `tabs="shared"`, the
// default: the after), in one browser context, five tabs of the production demo's agent view are opened, signed
// in (each tab has its own MSAL session) and put online by pressing Go online in each tab where it shows. Once
// settled it counts the agent's online registrations at the dev tenant, each tab's open event streams to the
// calling service, its live microphone captures, then rings the support line from the far end and counts the
// tabs that ring and the ring tones made. Writes reports/bench-tabs.json. TABS_BENCH_TABS sets the number of tabs
// (5); TABS_BENCH_DEBUG=1 prints every failed request of a tab. A bench, not a test: it exits 0
// whatever the figures say, and 1 only when the bench itself breaks.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { devTenantWindow } from '../dev-tenant-sign-in.mjs';
import { buildDemo, previewDemo } from './call-agent-build.js';
import { launchChromium } from './call-agent-browser.js';
import { AGENT, provisionAgent, startProxyFor } from './call-agent-services.js';
import { BrowserBenchRun } from './browser-bench-run.js';
import { freePort } from './children.js';
import { startDevTenant } from './services.js';
import { setting } from './settings.js';
import { TABS_IN_PAGE, type TabFigures } from './tabs-in-page.js';
import { tabsTable, type TabsMode, type TabsModeFigures, type TabsReport } from './tabs-report.js';
import { devCall } from './dev-call.js';

const TABS = setting('TABS_BENCH_TABS', 5, 1, 12);
const REPORT_PATH = 'reports/bench-tabs.json';
const SUPPORT_LINE_NUMBER = '+14255550100';
/** Sets `tabs="independent"` on the demo's <tpe-call-agent> as the parser adds it. */
const INDEPENDENT_TABS = String.raw`new MutationObserver((records, observer) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.localName === 'tpe-call-agent') { node.setAttribute('tabs', 'independent'); observer.disconnect(); }
  }
}).observe(document, { childList: true, subtree: true });`;
const SETTLE_TIMEOUT_MS = 20_000;

const bench = new BrowserBenchRun('bench:tabs', 150_000);
const progress = (message: string) => process.stderr.write(`${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds for what it read, or the time is up; returns the last reading either way. */
async function settle<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = SETTLE_TIMEOUT_MS): Promise<{ value: T; settled: boolean }> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await sleep(200);
    value = await read();
  }
  return { value, settled: done(value) };
}

/** A reading that stays the same for `quietMs` (the last tab to react has reacted), within the time limit. */
async function steady<T>(read: () => Promise<T>, quietMs: number, timeoutMs = SETTLE_TIMEOUT_MS): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < until) {
    await sleep(200);
    const next = await read();
    if (JSON.stringify(next) !== JSON.stringify(value)) [value, since] = [next, Date.now()];
  }
  return value;
}

interface Tab {
  index: number;
  page: Page;
  /** Event-stream requests to the calling service this tab started and that have not finished. */
  streams: Set<Request>;
}

async function openTab(context: BrowserContext, origin: string, index: number, notes: string[]): Promise<Tab> {
  const page = await context.newPage();
  const streams = new Set<Request>();
  const isStream = (request: Request) => /\/calling\/agents\/[^/]+\/events(\?|$)/.test(new URL(request.url()).pathname + '?');
  page.on('request', (request) => isStream(request) && streams.add(request));
  page.on('requestfinished', (request) => streams.delete(request));
  page.on('requestfailed', (request) => {
    streams.delete(request);
    if (process.env.TABS_BENCH_DEBUG) progress(`tab ${index + 1}: ${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`);
  });
  page.on('pageerror', (error) => notes.length < 20 && notes.push(`page error: ${error.message}`));
  await page.addInitScript(TABS_IN_PAGE);
  await page.goto(`${origin}/#agent`, { waitUntil: 'networkidle' });
  return { index, page, streams };
}

const read = (tab: Tab) => tab.page.evaluate('__tpeTabs.read()') as Promise<TabFigures>;

type SignIn = TabsModeFigures['signIns'][number];

/**
 * Signs the agent in in this tab as a person would: Sign in, then the dev tenant's window. A tab opened after the
 * first may find the authority's session (its cookie) and sign in without a form, or silently on load.
 */
async function signIn(tab: Tab, context: BrowserContext, tenantUrl: string): Promise<SignIn> {
  const consent = () => tab.page.evaluate('__tpeTabs.consent()') as Promise<string>;
  const first = await settle(consent, (s) => s === 'signed-out' || s === 'ready');
  if (first.value === 'ready') return 'restored on load';
  if (!first.settled) throw new Error(`<tpe-consent> in tab ${tab.index + 1} stayed "${first.value}"`);
  let way: SignIn = 'without a form';
  await tab.page.locator('#agent-sign-in').locator('[part="sign-in-button"]').click();
  const signedIn = await settle(async () => {
    const status = await consent();
    if (status === 'ready') return status;
    const window = await devTenantWindow(context, tenantUrl, '/oauth2/v2.0/authorize', 200).catch(() => undefined);
    if (window && (await window.locator('#username').count().catch(() => 0))) {
      await window.fill('#username', AGENT.upn);
      await window.fill('#password', AGENT.password);
      await window.click('#sign-in');
      way = 'the form';
    }
    return status;
  }, (s) => s === 'ready');
  if (!signedIn.settled) throw new Error(`<tpe-consent> in tab ${tab.index + 1} stayed "${signedIn.value}" after signing in`);
  return way;
}

async function runMode(browser: Browser, mode: TabsMode, origin: string, tenantUrl: string): Promise<TabsModeFigures> {
  const dev = (method: 'GET' | 'POST', path: string, body?: unknown) => devCall(tenantUrl, method, path, body);
  const onlineRegistrations = async () =>
    ((await dev('GET', '/.dev/calling/agents')) as Array<{ oid: string; online: boolean }>).filter((a) => a.oid === AGENT.objectId && a.online).length;
  const notes: string[] = [];
  const context = await browser.newContext();
  try {
    await context.grantPermissions(['microphone', 'notifications'], { origin });
    // The before: the demo's own markup, with the attribute set on the element as the parser adds it (before it is
    // defined and connected, when it reads it). With the HTML routed through Playwright instead (route.fetch, then
    // fulfill with the attribute added), the page's requests to the proxy and the dev tenant failed (net::ERR_FAILED).
    if (mode === 'independent') await context.addInitScript(INDEPENDENT_TABS);
    progress(`${mode}: opening ${TABS} tabs and signing the agent in in each …`);
    const tabs: Tab[] = [];
    const signIns: SignIn[] = [];
    for (let i = 0; i < TABS; i++) {
      const tab = await openTab(context, origin, i, notes);
      signIns.push(await signIn(tab, context, tenantUrl));
      tabs.push(tab);
    }
    const attribute = await tabs[0]!.page.evaluate(`document.querySelector('tpe-call-agent').tabs`);
    if (attribute !== mode) throw new Error(`the element runs tabs="${attribute}", not "${mode}"`);

    progress(`${mode}: Go online in each tab where it shows …`);
    let goOnlinePressed = 0;
    for (const tab of tabs) {
      await tab.page.bringToFront();
      const button = tab.page.locator('tpe-call-agent').locator('[part="online-button"]');
      // In shared mode a tab that follows the phone already shows it online, with no Go online to press.
      if ((await read(tab)).status === 'offline' && (await button.count())) {
        await button.click();
        goOnlinePressed += 1;
        await settle(async () => (await read(tab)).status, (s) => s === 'ready' || s === 'error');
      }
    }
    const allReady = await settle(() => Promise.all(tabs.map(read)), (all) => all.every((t) => t.status === 'ready'));
    if (!allReady.settled) notes.push(`not every tab is ready: ${allReady.value.map((t) => t.status).join(', ')}`);
    const registrations = await steady(onlineRegistrations, 1500);
    const settled = await steady(() => Promise.all(tabs.map(read)), 1000);
    const eventStreamsPerTab = tabs.map((t) => t.streams.size);

    progress(`${mode}: the far end rings the support line …`);
    const call = (await dev('POST', '/.dev/calls', { from: '+12065550142', to: SUPPORT_LINE_NUMBER, displayName: 'Tabs bench caller' })) as { callId: string };
    await settle(() => Promise.all(tabs.map(read)), (all) => all.some((t) => t.ringing), 10_000);
    // Every tab that will ring (and sound) has done so once the readings stop changing.
    const ringing = await steady(() => Promise.all(tabs.map(read)), 1500, 10_000);
    await dev('POST', `/.dev/calls/${call.callId}/hangUp`, {}).catch(() => undefined);

    // The before's phones go offline, so that the after counts only its own registration.
    await Promise.all(tabs.map((t) => t.page.evaluate(`document.querySelector('tpe-call-agent').goOffline()`).catch(() => undefined)));
    return {
      mode,
      tabs: TABS,
      signIns,
      goOnlinePressed,
      registrations,
      eventStreams: eventStreamsPerTab.reduce((a, b) => a + b, 0),
      eventStreamsPerTab,
      micRequests: settled.reduce((n, t) => n + t.micRequests, 0),
      micLive: settled.reduce((n, t) => n + t.micLive, 0),
      tabsRinging: ringing.filter((t) => t.ringing).length,
      tabsSounding: ringing.filter((t) => t.oscillatorStarts > 0).length,
      oscillatorStarts: ringing.reduce((n, t) => n + t.oscillatorStarts, 0),
      owners: settled.filter((t) => t.owner).length,
      perTab: ringing,
      notes,
    };
  } finally {
    await context.close();
  }
}

async function run(): Promise<TabsReport> {
  const started = Date.now();
  const pagePort = await freePort();
  let proxyPort = await freePort();
  while (proxyPort === pagePort) proxyPort = await freePort();
  const origin = `http://127.0.0.1:${pagePort}`;

  progress('starting the dev tenant and the token proxy …');
  const tenant = await startDevTenant(bench.children);
  const proxy = await startProxyFor(bench.children, tenant, proxyPort, [origin, `http://localhost:${pagePort}`]);
  await provisionAgent(tenant.url, proxy.url);

  progress('building the demo for production …');
  const outDir = (bench.outDir = await mkdtemp(join(tmpdir(), 'tpe-bench-tabs-')));
  await buildDemo(outDir, { proxyUrl: proxy.url, devTenantUrl: tenant.url });
  bench.server = await previewDemo(outDir, pagePort);

  const browser = (bench.browser = await launchChromium());
  const figures: TabsModeFigures[] = [];
  for (const mode of ['independent', 'shared'] as const) {
    figures.push(await runMode(browser, mode, origin, tenant.url));
    const left = await settle(
      async () => ((await devCall(tenant.url, 'GET', '/.dev/calling/agents')) as Array<{ oid: string; online: boolean }>).filter((a) => a.oid === AGENT.objectId && a.online).length,
      (n) => n === 0,
    );
    if (!left.settled) figures.at(-1)!.notes.push(`${left.value} registration(s) still online after every tab went offline and closed`);
  }
  return { date: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), figures };
}

try {
  const report = await run();
  console.log(tabsTable(report));
  await mkdir('reports', { recursive: true });
  await writeFile(REPORT_PATH, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${report.seconds} s; written to ${REPORT_PATH}`);
  process.exitCode = 0;
} catch (error) {
  if (!bench.abandoned) console.error(`bench:tabs failed: ${(error as Error).stack ?? (error as Error).message}`);
  process.exitCode = 1;
} finally {
  await bench.finish();
}
