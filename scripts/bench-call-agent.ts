// `npm run bench:call-agent`: what <tpe-call-agent> costs the demo page built for production, in real
// Chromium with real MSAL: the JavaScript fetched on first load and when going online (simulator path, and
// the real Calling SDK's lazy chunk from the build), the time from Go online to "ready" with a warm MSAL
// cache, and the first Go online after a page load with the idle-time prefetch of the calling code done or
// not yet done, on the simulator and on the real SDK (offline). Writes reports/bench-call-agent.json. See
// scripts/bench/call-agent-*.ts and scripts/bench/first-online*.ts for the parts.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { signInThroughDevTenant } from './dev-tenant-sign-in.mjs';
import { buildDemo, chunksOfPackage, dynamicEntry, gzipBytes, predictedFetches, previewDemo, type DemoBuild } from './bench/call-agent-build.js';
import { disableHttpCache, launchChromium, ScriptRecorder, type FetchedScript } from './bench/call-agent-browser.js';
import { IN_PAGE_HELPERS } from './bench/call-agent-in-page.js';
import { FIRST_ONLINE_IN_PAGE } from './bench/first-online-in-page.js';
import { compareFirstOnline, firstOnlineAfterLoad, MODES, modesOfSample, samplesByMode } from './bench/first-online.js';
import { REAL_SDK_MEASURES, realSdkRounds } from './bench/first-online-real-sdk.js';
import { CONSENT_READY_RECORDER, consentReadyMs, ProxyRequestCounter, summarizeConsentReady } from './bench/consent-ready.js';
import { byteSet, reportText, summarize, type CallAgentBenchReport, type FileBytes } from './bench/call-agent-report.js';
import { AGENT, provisionAgent, startProxyFor } from './bench/call-agent-services.js';
import { BrowserBenchRun } from './bench/browser-bench-run.js';
import { freePort } from './bench/children.js';
import { startDevTenant } from './bench/services.js';
import { setting } from './bench/settings.js';

const TARGET_MS = 300;
const SIMULATOR_MEASURES = 'click on Go online → status "ready"';
/** How the kinds of load of `timing.firstGoOnline` were obtained, for the report. */
const HOW = [
  'Each round loads the page three times, once per kind, in turn (the first kind moves on by one each round), so machine noise falls on all three; HTTP cache off, so every load fetches from the preview server on loopback (a first visit, or a cache that expired).',
  'prefetched: the page as it is; the bench waits until the calling chunks are in the page\'s resource timing (real SDK: until the SDK chunk has been evaluated) and for idle time, then clicks Go online.',
  'cold: the same page and the same waits, with the page\'s requestIdleCallback callbacks held back until the sample ends (the prefetch is their only user here), so nothing of the calling code is fetched before the click: the page as it was before the prefetch. The bench checks it: none of the calling chunks in resource timing at the click, all of them after.',
  'cold at ready: Go online clicked in the task in which the agent\'s <tpe-consent> said "ready" (after Lit\'s microtask updates), before any idle time: an agent quicker than the prefetch; the rest of the page may still be loading.',
  'real SDK: a page of its own on http://localhost (the SDK refuses other http origins), the proxy\'s settings answered with calling "sdk", the SDK kept off the network as the browser tests keep it (scripts/calling-sdk-offline.mjs) (Playwright routes: every request of that page passes through them, in all three kinds of load); the served SDK chunk carries two performance marks (evaluated; CallClient built), see scripts/bench/sdk-instrument.ts.',
  'Differences are cold minus prefetched, load by load within a round.',
];
const REPORT_PATH = 'reports/bench-call-agent.json';

const samples = setting('BENCH_SAMPLES', 20, 1, 200);
// Start-up and the build take some 15 s; a round of (a) three loads of well under a second each, a cycle of (b)
// less; a round of (c) three loads that each fetch and evaluate the 6.6 MB SDK chunk, a few seconds.
const limitMs = (90 + samples * 15) * 1000;

const bench = new BrowserBenchRun('bench:call-agent', limitMs);
const children = bench.children;

const progress = (message: string) => process.stderr.write(`${message}\n`);

/** Two distinct free loopback ports. */
async function twoPorts(): Promise<[number, number]> {
  const first = await freePort();
  let second = await freePort();
  while (second === first) second = await freePort();
  return [first, second];
}

function builtFile(demo: DemoBuild, name: string): FileBytes {
  const code = demo.chunks.get(name)!.code;
  return { file: name, raw: code.length, gzip: gzipBytes(code) };
}

/** A built file as a person reads it: the source module behind a lazy chunk, when it has one. */
function describe(demo: DemoBuild, file: string): string {
  const facade = demo.chunks.get(file)?.facadeModuleId;
  return facade ? `${file} (the dynamic import of ${relative(process.cwd(), facade)})` : file;
}

/** Where the fetched files and the build's static import graph disagree, in words. */
function compare(demo: DemoBuild, what: string, fetched: Array<Pick<FetchedScript, 'file'>>, predicted: Set<string>): string[] {
  const got = new Set(fetched.map((s) => s.file));
  const missing = [...predicted].filter((f) => !got.has(f));
  const extra = [...got].filter((f) => !predicted.has(f));
  const notes: string[] = [];
  if (missing.length) notes.push(`${what}: the page did not fetch ${missing.map((f) => describe(demo, f)).join(', ')}, which the static imports need`);
  if (extra.length) notes.push(`${what}: besides the static imports, the page fetched ${extra.map((f) => describe(demo, f)).join(', ')}`);
  return notes;
}

/** The agent signs in on a page that shows it signed out, through the dev tenant's window, until "ready". */
async function signIn(page: Page, context: BrowserContext, tenantUrl: string): Promise<void> {
  await page.evaluate(`__tpeBench.consentStatus(['signed-out'])`);
  await page.locator('#agent-sign-in').locator('[part="sign-in-button"]').click();
  await signInThroughDevTenant(context, tenantUrl, { upn: AGENT.upn, password: AGENT.password });
  await page.evaluate(`__tpeBench.consentStatus(['ready'])`);
}

async function run(): Promise<{ report: CallAgentBenchReport; ok: boolean }> {
  const [pagePort, proxyPort] = await twoPorts();
  const origin = `http://127.0.0.1:${pagePort}`;

  progress('starting the dev tenant and the token proxy …');
  const tenant = await startDevTenant(children);
  const proxy = await startProxyFor(children, tenant, proxyPort, [origin, `http://localhost:${pagePort}`]);
  await provisionAgent(tenant.url, proxy.url);

  progress('building the demo for production …');
  const outDir = (bench.outDir = await mkdtemp(join(tmpdir(), 'tpe-bench-call-agent-')));
  const demo = await buildDemo(outDir, { proxyUrl: proxy.url, devTenantUrl: tenant.url });
  bench.server = await previewDemo(outDir, pagePort);

  // The import graph of the build: the chunks behind the dynamic imports of going online.
  const session = dynamicEntry(demo, '/src/calling/call-agent-session.ts');
  const simulator = dynamicEntry(demo, '/src/simulator/index.ts');
  const sdkLoader = dynamicEntry(demo, '/src/calling/load-calling-sdk.ts');
  const simulatorPath = predictedFetches(demo, [session.fileName, simulator.fileName]);
  const productionPath = predictedFetches(demo, [session.fileName, sdkLoader.fileName, ...sdkLoader.dynamicImports]);
  const sdkChunks = chunksOfPackage(demo, '@azure/communication-calling');
  if (!sdkChunks.length) throw new Error('no chunk of the build holds @azure/communication-calling');

  progress('launching Chromium …');
  const browser = (bench.browser = await launchChromium());
  const context = await browser.newContext();
  const page = await context.newPage();
  await disableHttpCache(page);
  await page.addInitScript(IN_PAGE_HELPERS);
  await page.addInitScript(CONSENT_READY_RECORDER);
  await page.addInitScript(FIRST_ONLINE_IN_PAGE);
  // Bodies are read only where their bytes are reported: a read goes through the browser while the page runs.
  const recorder = new ScriptRecorder(page, new Set(['cold-load', 'warm-load', 'online']));
  const proxyRequests = new ProxyRequestCounter(page, proxy.url);
  const pageUrl = `${origin}/#agent`;
  // Requests from the page to Entra's endpoints, by phase and scope: going online with a warm MSAL cache makes none.
  const entraRequests: Record<string, { count: number; scopes: string[] }> = {};
  page.on('request', (request) => {
    if (!request.url().startsWith(tenant.url) || !/\/oauth2\/v2\.0\/(authorize|token)/.test(request.url())) return;
    const scope = new URLSearchParams(request.postData() ?? new URL(request.url()).search).get('scope') ?? '?';
    const seen = (entraRequests[recorder.phase] ??= { count: 0, scopes: [] });
    seen.count += 1;
    if (!seen.scopes.includes(scope)) seen.scopes.push(scope);
  });

  progress('first visit (signed out) and the agent signing in …');
  recorder.phase = 'cold-load';
  await page.goto(pageUrl, { waitUntil: 'networkidle' });
  await page.evaluate(`__tpeBench.consentStatus(['signed-out'])`);
  await recorder.settle();
  recorder.phase = 'sign-in';
  await signIn(page, context, tenant.url);
  // Signing in ends in "ready": the idle prefetch follows, and is let finish before the next load replaces the page.
  await page.evaluate(`__tpeFirstOnline.settled(${JSON.stringify([...simulatorPath.later])}, false)`);

  progress(`(a) ${samples} rounds of ${MODES.length} page loads (${MODES.join(', ')}), each signing in silently from MSAL's cache, then going online …`);
  const readyAfterLoad: number[] = [];
  const proxyRequestsPerLoad: Array<Record<string, number>> = [];
  const simulatorSamples = samplesByMode();
  const fromCache = new Set<string>();
  for (let i = 0; i < samples; i++) {
    for (const mode of modesOfSample(i)) {
      const first = i === 0 && mode === 'prefetched';
      await recorder.settle();
      recorder.phase = first ? 'warm-load' : 'reload';
      proxyRequests.take();
      const sample = await firstOnlineAfterLoad(page, {
        mode,
        end: 'ready',
        callingFiles: [...simulatorPath.later],
        waitForSdk: false,
        loaded: async () => {
          readyAfterLoad.push(await consentReadyMs(page));
          proxyRequestsPerLoad.push(proxyRequests.take());
          // An "at-ready" load is going online already; the others go online from here.
          if (mode === 'at-ready') return;
          // A "prefetched" load's phase ends once its calling code is there: the prefetch belongs to the load.
          if (mode === 'prefetched') await page.evaluate(`__tpeFirstOnline.settled(${JSON.stringify([...simulatorPath.later])}, false)`);
          await recorder.settle();
          recorder.phase = first ? 'online' : 'reload-online';
        },
      });
      simulatorSamples[mode].push(sample);
      if (first) await new Promise((resolve) => setTimeout(resolve, 300));
      await recorder.settle();
      for (const url of (await page.evaluate('__tpeBench.cachedScripts()')) as string[]) fromCache.add(url);
      recorder.phase = 'offline';
      // Not part of a sample: the next load starts from an agent that went offline, as one who closed the tab.
      await page.evaluate('__tpeBench.goOffline()');
    }
  }

  progress(`(b) ${samples} goOffline/goOnline cycles on one page …`);
  const cycles: number[] = [];
  for (let i = 0; i < samples; i++) {
    recorder.phase = 'offline';
    if (i > 0) await page.evaluate('__tpeBench.goOffline()');
    recorder.phase = 'cycle-online';
    cycles.push((await page.evaluate('__tpeBench.goOnline()')) as number);
  }
  await page.evaluate('__tpeBench.goOffline()');
  await recorder.settle();

  progress(`(c) ${samples} rounds of ${MODES.length} page loads on the real Calling SDK, offline, each going online until its CallClient …`);
  if (sdkLoader.dynamicImports.length !== 1) throw new Error(`load-calling-sdk imports ${sdkLoader.dynamicImports.length} chunks, not the one SDK chunk`);
  // The simulator's page is done with: it would only add its event streams to the machine's load.
  await page.close();
  // The real SDK is a guest here (offline, its own page): when it cannot be measured, the report says why and the rest stands.
  const realSdk = await realSdkRounds({
    context,
    pageUrl: `http://localhost:${pagePort}/#agent`,
    proxyUrl: proxy.url,
    initScripts: [IN_PAGE_HELPERS, CONSENT_READY_RECORDER, FIRST_ONLINE_IN_PAGE],
    signIn: (sdkPage) => signIn(sdkPage, context, tenant.url),
    demo,
    sdkChunk: sdkLoader.dynamicImports[0]!,
    callingFiles: [...productionPath.later],
    rounds: samples,
  }).catch((error: Error) => ({ unavailable: error.message.split('\n')[0]! }));

  const coldLoad = recorder.of('cold-load');
  const warmLoad = recorder.of('warm-load');
  const online = recorder.of('online');
  const firstLoadFetched = new Set([...coldLoad, ...warmLoad].map((s) => s.file));
  // Everything the simulator's page fetched (the real-SDK loads of (c) ran in a page of their own).
  const simulatorFetched = new Set(recorder.scripts.map((s) => s.file));
  const sdkInFirstLoad = sdkChunks.some((c) => simulatorPath.firstLoad.has(c.fileName) || firstLoadFetched.has(c.fileName));
  const sdkFetchedBySimulator = sdkChunks.some((c) => simulatorFetched.has(c.fileName));
  // What going online fetches when the prefetch has not run: the first "held" load's scripts after its click.
  const beforePrefetch = simulatorSamples.held[0]!.fetchedAfter
    .map((url) => new URL(url).pathname.replace(/^\//, ''))
    .filter((file) => demo.chunks.has(file))
    .map((file) => ({ file, body: demo.chunks.get(file)!.code }));

  const notes = [
    ...compare(demo, 'first load, signed out', coldLoad, simulatorPath.firstLoad),
    ...compare(demo, 'first load, signed in, with the idle prefetch', warmLoad, new Set([...simulatorPath.firstLoad, ...simulatorPath.later])),
    ...compare(demo, 'going online once the prefetch was done (simulator)', online, new Set()),
    ...compare(demo, 'going online before the prefetch (simulator)', beforePrefetch.map(({ file }) => ({ file })), simulatorPath.later),
    ...recorder.failures.map((f) => `a script request failed: ${f}`),
  ];
  if (fromCache.size) notes.push(`scripts came from the HTTP cache, not the server: ${[...fromCache].join(', ')}`);
  // "cold" holds the page's idle callbacks: fair only while the prefetch is the one code that asks for idle time.
  const otherIdleUsers = [...demo.chunks.values()].filter(
    (c) => c.code.includes('requestIdleCallback') && !c.moduleIds.some((id) => id.replace(/\\/g, '/').endsWith('/src/calling/call-agent-controller.ts')),
  );
  if (otherIdleUsers.length) notes.push(`besides the prefetch, ${otherIdleUsers.map((c) => c.fileName).join(', ')} use requestIdleCallback: "cold" loads held their callbacks too`);
  if ('offline' in realSdk) {
    const { aborted, configAnswered, socketsClosed } = realSdk.offline;
    notes.push(
      `real-SDK loads (c), kept offline: ${configAnswered} remote-configuration requests answered with {}, ${socketsClosed} websockets closed, requests failed at once to ${aborted.join(', ') || 'no host'}`,
    );
  } else {
    notes.push(`the real SDK's first Go online was not measured: ${realSdk.unavailable}`);
  }
  const entraWhile = (phases: string[]) =>
    Object.entries(entraRequests)
      .filter(([phase]) => phases.includes(phase))
      .map(([phase, { count, scopes }]) => `${count} in ${phase} (scope ${scopes.join(' | ')})`);
  const entraOnline = entraWhile(['online', 'reload-online', 'cycle-online']);
  if (entraOnline.length) notes.push(`going online asked Entra for tokens (MSAL's cache was not warm): ${entraOnline.join(', ')}`);
  const entraLoads = entraWhile(['warm-load', 'reload']);
  if (entraLoads.length) notes.push(`signed-in page loads asked Entra for tokens outside goOnline(): ${entraLoads.join(', ')}`);
  const cycleFetches = recorder.of('cycle-online');
  if (cycleFetches.length) notes.push(`goOffline/goOnline cycles fetched scripts again: ${[...new Set(cycleFetches.map((s) => s.file))].join(', ')}`);

  const sdkFiles = sdkChunks.map((c) => builtFile(demo, c.fileName));
  const simulatorComparison = compareFirstOnline(simulatorSamples, SIMULATOR_MEASURES);
  const report: CallAgentBenchReport = {
    generatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      chromium: browser.version(),
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      page: `${pageUrl} (vite preview of a production build)`,
      httpCache: 'disabled (every load fetches from the preview server on loopback)',
      gzip: 'gzip -9 of each fetched body, computed by the bench; vite preview serves uncompressed',
    },
    bytes: {
      firstLoadSignedOut: byteSet(coldLoad),
      firstLoadSignedIn: byteSet(warmLoad),
      goingOnlineSimulator: byteSet(beforePrefetch),
      production: {
        callingSdkChunks: sdkFiles,
        callingSdkGzip: sdkFiles.reduce((total, f) => total + f.gzip, 0),
        callingSdkInFirstLoad: sdkInFirstLoad,
        callingSdkFetchedBySimulatorPath: sdkFetchedBySimulator,
        goingOnlinePredicted: byteSet([...productionPath.later].map((file) => ({ file, body: demo.chunks.get(file)!.code }))),
      },
    },
    timing: {
      entraRequestsByPhase: entraRequests,
      consentReadyAfterLoad: summarizeConsentReady(readyAfterLoad, proxyRequestsPerLoad),
      firstGoOnlineAfterLoad: summarize(simulatorComparison.prefetched.valuesMs, TARGET_MS),
      repeatedCycles: summarize(cycles, TARGET_MS),
      firstGoOnline: { how: HOW, simulator: simulatorComparison, realSdk: 'samples' in realSdk ? compareFirstOnline(realSdk.samples, REAL_SDK_MEASURES) : realSdk },
    },
    notes,
  };
  return { report, ok: !sdkInFirstLoad && !sdkFetchedBySimulator };
}

try {
  const { report, ok } = await run();
  await mkdir('reports', { recursive: true });
  await writeFile(REPORT_PATH, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${reportText(report)}\nWritten to ${REPORT_PATH}.`);
  if (!ok) console.error('bench:call-agent: the Calling SDK chunk is in the first load or on the simulator path.');
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  // After a signal the browser is closed under the run's feet: that failure says nothing new.
  if (!bench.abandoned) console.error(`bench:call-agent failed: ${(error as Error).stack ?? (error as Error).message}`);
  process.exitCode = 1;
} finally {
  await bench.finish();
}
