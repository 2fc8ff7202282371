// `npm run bench:soak`: one agent's <tpe-call-agent> online on the simulator through a shift, compressed.
// ACS tokens live SOAK_ACS_TOKEN_SECONDS (default 75), so the element renews them every minute or so, while
// a seeded random schedule (SOAK_SEED) throws at it outages of a few seconds, lost registrations and calls
// rung by the far end, which the page answers and the far end hangs up a few seconds later, the network
// going away (the browser context offline for a few seconds), event streams stalled (a half-open connection,
// found by the heartbeat) and the page not running for seconds (a busy main thread, as after a sleep). Nobody
// touches the phone: it must recover by itself. At the end it prints rings sent / seen / connected, time in
// each status, stuck statuses, and the page's JS heap (after a forced GC, every minute) with its
// least-squares slope. A bench, not a test: it exits 0 whatever the figures say, and 1 only when the bench
// itself breaks.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { signInThroughDevTenant } from '../dev-tenant-sign-in.mjs';
import { buildDemo, previewDemo } from './call-agent-build.js';
import { launchChromium } from './call-agent-browser.js';
import { IN_PAGE_HELPERS } from './call-agent-in-page.js';
import { AGENT, provisionAgent, startProxyFor } from './call-agent-services.js';
import { BrowserBenchRun } from './browser-bench-run.js';
import { freePort } from './children.js';
import { startDevTenant } from './services.js';
import { setting } from './settings.js';
import { SOAK_IN_PAGE, type SoakPageLog } from './soak-in-page.js';
import { slope, soakTable, spells, stuck, timeByStatus, type SoakFigures } from './soak-report.js';
import { devCall } from './dev-call.js';

const minutes = setting('SOAK_MINUTES', 30, 1, 24 * 60);
const seed = setting('SOAK_SEED', 1, 0, 2 ** 32 - 1);
const acsTokenSeconds = setting('SOAK_ACS_TOKEN_SECONDS', 75, 30, 3600);
const SUPPORT_LINE_NUMBER = '+14255550100';
/** How long the far end lets a call ring before giving up. */
const RING_LIMIT_MS = 20_000;
// Start-up and the build take some 20 s; the shift, then a last ring and the last sample.
const limitMs = (minutes * 60 + 180) * 1000;

const bench = new BrowserBenchRun('bench:soak', limitMs);
const children = bench.children;

const progress = (message: string) => process.stderr.write(`${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: a small seeded generator, so a seed replays the same shift. */
function seededRandom(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Observation {
  callId: string;
  state: string;
  endReason?: { code: number; subCode: number };
}

async function run(): Promise<SoakFigures> {
  const pagePort = await freePort();
  let proxyPort = await freePort();
  while (proxyPort === pagePort) proxyPort = await freePort();
  const origin = `http://127.0.0.1:${pagePort}`;

  progress('starting the dev tenant and the token proxy …');
  const tenant = await startDevTenant(children);
  const proxy = await startProxyFor(children, tenant, proxyPort, [origin, `http://localhost:${pagePort}`]);
  await provisionAgent(tenant.url, proxy.url);
  const dev = (method: 'GET' | 'POST', path: string, body?: unknown) => devCall(tenant.url, method, path, body);

  progress('building the demo for production …');
  const outDir = (bench.outDir = await mkdtemp(join(tmpdir(), 'tpe-bench-soak-')));
  await buildDemo(outDir, { proxyUrl: proxy.url, devTenantUrl: tenant.url });
  bench.server = await previewDemo(outDir, pagePort);

  progress('launching Chromium and signing the agent in …');
  const browser = (bench.browser = await launchChromium());
  const context = await browser.newContext();
  await context.grantPermissions(['microphone', 'notifications'], { origin });
  const page = await context.newPage();
  await page.addInitScript(IN_PAGE_HELPERS);
  await page.addInitScript(SOAK_IN_PAGE);
  const notes: string[] = [];
  page.on('pageerror', (error) => notes.length < 20 && notes.push(`page error: ${error.message}`));
  await page.goto(`${origin}/#agent`, { waitUntil: 'networkidle' });
  await page.evaluate(`__tpeBench.consentStatus(['signed-out'])`);
  await page.locator('#agent-sign-in').locator('[part="sign-in-button"]').click();
  await signInThroughDevTenant(context, tenant.url, { upn: AGENT.upn, password: AGENT.password });
  await page.evaluate(`__tpeBench.consentStatus(['ready'])`);

  await dev('POST', '/.dev/lifetimes', { acsTokenSeconds });
  await page.evaluate('__tpeBench.goOnline()');

  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap: SoakFigures['heap'] = [];
  const renewals = new Map<string, number>();
  const started = Date.now();
  const pageStart = ((await page.evaluate('__tpeSoak.read()')) as SoakPageLog).now;
  const elapsedMin = () => (Date.now() - started) / 60_000;

  async function sample(): Promise<void> {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    heap.push({ minute: elapsedMin(), kb: used / 1024 });
    const agents = (await dev('GET', '/.dev/calling/agents')) as Array<{ agentId: string; oid: string; tokenRenewals: number }>;
    for (const a of agents) if (a.oid === AGENT.objectId) renewals.set(a.agentId, Math.max(renewals.get(a.agentId) ?? 0, a.tokenRenewals));
  }

  const endAt = started + minutes * 60_000;
  let sampling = true;
  const sampler = (async () => {
    for (let n = 0; sampling; n++) {
      const due = started + n * 60_000;
      if (due > Date.now()) await sleep(due - Date.now());
      if (!sampling) break;
      await sample();
    }
  })();

  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const disruptions = { outages: 0, outageSeconds: 0, forgets: 0, networkDrops: 0, networkSeconds: 0, stalls: 0, frozenPages: 0 };
  const rings = { sent: 0, connected: 0, farEndOutcomes: {} as Record<string, number> };

  async function ring(): Promise<void> {
    const from = `+1206555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
    let call: Observation;
    try {
      call = (await dev('POST', '/.dev/calls', { from, to: SUPPORT_LINE_NUMBER, displayName: 'Soak caller' })) as Observation;
    } catch (error) {
      notes.push(`the far end could not ring: ${(error as Error).message}`);
      return;
    }
    rings.sent += 1;
    const holdMs = between(2_000, 6_000);
    const ringUntil = Date.now() + RING_LIMIT_MS;
    let state = call.state;
    while (state !== 'Connected' && state !== 'Disconnected' && Date.now() < ringUntil) {
      await sleep(200);
      state = ((await dev('GET', `/.dev/calls/${call.callId}`)) as Observation).state;
    }
    if (state === 'Connected') {
      rings.connected += 1;
      await sleep(holdMs);
    }
    if (state !== 'Disconnected') await dev('POST', `/.dev/calls/${call.callId}/hangUp`, {}).catch(() => undefined);
    const end = (await dev('GET', `/.dev/calls/${call.callId}`)) as Observation;
    const outcome = `${state === 'Connected' ? 'connected, then ' : ''}${end.state} ${end.endReason ? `${end.endReason.code}/${end.endReason.subCode}` : ''}`.trim();
    rings.farEndOutcomes[outcome] = (rings.farEndOutcomes[outcome] ?? 0) + 1;
  }

  progress(`the shift: ${minutes} min, seed ${seed}, ACS tokens of ${acsTokenSeconds} s …`);
  while (true) {
    const gap = between(6_000, 25_000);
    if (Date.now() + gap >= endAt) break;
    await sleep(gap);
    const pick = random();
    const at = `+${elapsedMin().toFixed(1)} min`;
    if (pick < 0.5) {
      progress(`${at} the far end rings (agent ${await page.evaluate('__tpeSoak.status()')})`);
      await ring();
    } else if (pick < 0.6) {
      const seconds = Math.round(between(2, 8));
      progress(`${at} the network goes away for ${seconds} s`);
      await context.setOffline(true);
      await sleep(seconds * 1000);
      await context.setOffline(false);
      disruptions.networkDrops += 1;
      disruptions.networkSeconds += seconds;
    } else if (pick < 0.7) {
      progress(`${at} the event stream stalls (a half-open connection)`);
      await dev('POST', '/.dev/calling/stall-streams', {});
      disruptions.stalls += 1;
    } else if (pick < 0.75) {
      progress(`${at} the page does not run for 3 s (a busy main thread, as after a sleep)`);
      await page.evaluate('(() => { const until = Date.now() + 3000; while (Date.now() < until); })()');
      disruptions.frozenPages += 1;
    } else if (pick < 0.9) {
      const seconds = Math.round(between(2, 8));
      progress(`${at} an outage of ${seconds} s`);
      await dev('POST', '/.dev/calling/outage', { seconds });
      disruptions.outages += 1;
      disruptions.outageSeconds += seconds;
    } else {
      progress(`${at} the calling service forgets its registrations`);
      await dev('POST', '/.dev/calling/forget-registrations', {});
      disruptions.forgets += 1;
    }
  }
  if (endAt > Date.now()) await sleep(endAt - Date.now());
  sampling = false;
  await sampler;
  // The sampler's last minute may have just been taken; a sample seconds later adds nothing to the fit.
  if (elapsedMin() - (heap.at(-1)?.minute ?? 0) > 0.25) await sample();

  const log = (await page.evaluate('__tpeSoak.read()')) as SoakPageLog;
  const all = spells(log.statuses, 'ready', pageStart, log.now).map((s) => ({ ...s, fromMs: s.fromMs - pageStart }));
  if (log.acceptFailures.length) notes.push(`accept() failed ${log.acceptFailures.length}×: ${[...new Set(log.acceptFailures)].join('; ')}`);
  return {
    minutes,
    seed,
    acsTokenSeconds,
    disruptions,
    tokenRenewals: [...renewals.values()].reduce((t, n) => t + n, 0),
    registrations: renewals.size,
    rings: { sent: rings.sent, seen: log.ringsSeen, connected: rings.connected, missed: rings.sent - log.ringsSeen, farEndOutcomes: rings.farEndOutcomes },
    statuses: timeByStatus(all),
    stuck: stuck(all),
    heap,
    heapSlopeKbPerMin: slope(heap.map((h) => ({ x: h.minute, y: h.kb }))),
    notes,
  };
}

try {
  console.log(soakTable(await run()));
  process.exitCode = 0;
} catch (error) {
  if (!bench.abandoned) console.error(`bench:soak failed: ${(error as Error).stack ?? (error as Error).message}`);
  process.exitCode = 1;
} finally {
  await bench.finish();
}
