// `npm run bench:call-agent`: what <tpe-call-agent> costs the demo page built for production, in real
// Chromium with real MSAL: the JavaScript fetched on first load and when going online (simulator path, and
// the real Calling SDK's lazy chunk from the build), and the time from goOnline() to "ready" with a warm
// MSAL cache. Writes reports/bench-call-agent.json. See scripts/bench/call-agent-*.ts for the parts.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { signInThroughDevTenant } from './dev-tenant-sign-in.mjs';
import { buildDemo, chunksOfPackage, dynamicEntry, gzipBytes, predictedFetches, previewDemo, type DemoBuild } from './bench/call-agent-build.js';
import { disableHttpCache, launchChromium, ScriptRecorder, type FetchedScript } from './bench/call-agent-browser.js';
import { IN_PAGE_HELPERS } from './bench/call-agent-in-page.js';
import { CONSENT_READY_RECORDER, consentReadyMs, ProxyRequestCounter, summarizeConsentReady } from './bench/consent-ready.js';
import { byteSet, reportText, summarize, type CallAgentBenchReport, type FileBytes } from './bench/call-agent-report.js';
import { AGENT, provisionAgent, startProxyFor } from './bench/call-agent-services.js';
import { BrowserBenchRun } from './bench/browser-bench-run.js';
import { freePort } from './bench/children.js';
import { startDevTenant } from './bench/services.js';
import { setting } from './bench/settings.js';

const TARGET_MS = 300;
const REPORT_PATH = 'reports/bench-call-agent.json';

const samples = setting('BENCH_SAMPLES', 20, 1, 200);
// Start-up and the build take some 15 s, each sample (a reload, or a cycle) well under a second.
const limitMs = (90 + samples * 3) * 1000;

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
function compare(demo: DemoBuild, what: string, fetched: FetchedScript[], predicted: Set<string>): string[] {
  const got = new Set(fetched.map((s) => s.file));
  const missing = [...predicted].filter((f) => !got.has(f));
  const extra = [...got].filter((f) => !predicted.has(f));
  const notes: string[] = [];
  if (missing.length) notes.push(`${what}: the page did not fetch ${missing.map((f) => describe(demo, f)).join(', ')}, which the static imports need`);
  if (extra.length) notes.push(`${what}: besides the static imports, the page fetched ${extra.map((f) => describe(demo, f)).join(', ')}`);
  return notes;
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

  progress('launching Chromium …');
  const browser = (bench.browser = await launchChromium());
  const context = await browser.newContext();
  const page = await context.newPage();
  await disableHttpCache(page);
  await page.addInitScript(IN_PAGE_HELPERS);
  await page.addInitScript(CONSENT_READY_RECORDER);
  const recorder = new ScriptRecorder(page);
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
  await page.locator('#agent-sign-in').locator('[part="sign-in-button"]').click();
  await signInThroughDevTenant(context, tenant.url, { upn: AGENT.upn, password: AGENT.password });
  await page.evaluate(`__tpeBench.consentStatus(['ready'])`);

  progress(`(a) ${samples} page loads, each signing in silently from MSAL's cache, then going online …`);
  const firstAfterLoad: number[] = [];
  const readyAfterLoad: number[] = [];
  const proxyRequestsPerLoad: Array<Record<string, number>> = [];
  const fromCache = new Set<string>();
  for (let i = 0; i < samples; i++) {
    await recorder.settle();
    recorder.phase = i === 0 ? 'warm-load' : 'reload';
    proxyRequests.take();
    await page.reload({ waitUntil: 'networkidle' });
    await page.evaluate(`__tpeBench.consentStatus(['ready'])`);
    readyAfterLoad.push(await consentReadyMs(page));
    proxyRequestsPerLoad.push(proxyRequests.take());
    await recorder.settle();
    recorder.phase = i === 0 ? 'online' : 'reload-online';
    firstAfterLoad.push((await page.evaluate('__tpeBench.goOnline()')) as number);
    if (i === 0) await new Promise((resolve) => setTimeout(resolve, 300));
    await recorder.settle();
    for (const url of (await page.evaluate('__tpeBench.cachedScripts()')) as string[]) fromCache.add(url);
    recorder.phase = 'offline';
    // Not part of a sample: the next load starts from an agent that went offline, as one who closed the tab.
    if (i < samples - 1) await page.evaluate('__tpeBench.goOffline()');
  }

  progress(`(b) ${samples} goOffline/goOnline cycles on one page …`);
  const cycles: number[] = [];
  for (let i = 0; i < samples; i++) {
    recorder.phase = 'offline';
    await page.evaluate('__tpeBench.goOffline()');
    recorder.phase = 'cycle-online';
    cycles.push((await page.evaluate('__tpeBench.goOnline()')) as number);
  }
  await page.evaluate('__tpeBench.goOffline()');
  await recorder.settle();

  // The import graph of the build: the chunks behind the dynamic imports of going online.
  const session = dynamicEntry(demo, '/src/calling/call-agent-session.ts');
  const simulator = dynamicEntry(demo, '/src/simulator/index.ts');
  const sdkLoader = dynamicEntry(demo, '/src/calling/load-calling-sdk.ts');
  const simulatorPath = predictedFetches(demo, [session.fileName, simulator.fileName]);
  const productionPath = predictedFetches(demo, [session.fileName, sdkLoader.fileName, ...sdkLoader.dynamicImports]);
  const sdkChunks = chunksOfPackage(demo, '@azure/communication-calling');
  if (!sdkChunks.length) throw new Error('no chunk of the build holds @azure/communication-calling');

  const coldLoad = recorder.of('cold-load');
  const warmLoad = recorder.of('warm-load');
  const online = recorder.of('online');
  const firstLoadFetched = new Set([...coldLoad, ...warmLoad].map((s) => s.file));
  const onlineFetched = new Set([...recorder.of('online'), ...recorder.of('reload-online'), ...recorder.of('cycle-online')].map((s) => s.file));
  const sdkInFirstLoad = sdkChunks.some((c) => simulatorPath.firstLoad.has(c.fileName) || firstLoadFetched.has(c.fileName));
  const sdkFetchedBySimulator = sdkChunks.some((c) => onlineFetched.has(c.fileName));

  const notes = [
    ...compare(demo, 'first load, signed out', coldLoad, simulatorPath.firstLoad),
    ...compare(demo, 'first load, signed in', warmLoad, simulatorPath.firstLoad),
    ...compare(demo, 'going online (simulator)', online, simulatorPath.later),
    ...recorder.failures.map((f) => `a script request failed: ${f}`),
  ];
  if (fromCache.size) notes.push(`scripts came from the HTTP cache, not the server: ${[...fromCache].join(', ')}`);
  const laterLoads = new Set(recorder.of('reload-online').map((s) => s.file));
  if (samples > 1 && [...laterLoads].sort().join() !== [...new Set(online.map((s) => s.file))].sort().join()) {
    notes.push(`later page loads fetched ${[...laterLoads].join(', ') || 'nothing'} when going online, not what the first did`);
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
      goingOnlineSimulator: byteSet(online),
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
      firstGoOnlineAfterLoad: summarize(firstAfterLoad, TARGET_MS),
      repeatedCycles: summarize(cycles, TARGET_MS),
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
