// (c) of `npm run bench:call-agent`: the first Go online after a load on the real Calling SDK, the chunk
// that is 1.7 MB gzip, where the idle-time prefetch matters. The demo page is the same build; its settings are
// answered with `calling: "sdk"` and the SDK is kept off the network (sdk-offline-routes.ts). It cannot reach
// ACS here, so a sample ends when the session has built its `new CallClient()` (the SDK evaluated, the token
// in hand): what Go online waits on before it talks to the service. Each load is left as it is; the next
// load replaces it.
//
// The SDK refuses to start on any http origin but localhost ("must be used through https, file:, or
// localhost"), and the bench's page is on 127.0.0.1: these loads run in a page of their own on
// http://localhost:<same port>, where the agent signs in once (MSAL's cache is kept per origin).
import type { BrowserContext, Page } from 'playwright-core';
import { disableHttpCache } from './call-agent-browser.js';
import type { DemoBuild } from './call-agent-build.js';
import { firstOnlineAfterLoad, modesOfSample, samplesByMode, type SamplesByMode } from './first-online.js';
import { instrumentSdkChunk } from './sdk-instrument.js';
import { realSdkOffline } from './sdk-offline-routes.js';

export const REAL_SDK_MEASURES = 'click on Go online → the session built its new CallClient() (SDK evaluated, first token in hand)';

export interface RealSdkRun {
  context: BrowserContext;
  /** The demo page on http://localhost (same server as the rest of the bench). */
  pageUrl: string;
  proxyUrl: string;
  /** The init scripts the bench's pages run (the in-page helpers). */
  initScripts: string[];
  /** Signs the agent in on this page, from its signed-out first load to "ready". */
  signIn: (page: Page) => Promise<void>;
  demo: DemoBuild;
  /** The chunk `import('@azure/communication-calling')` loads (it exports CallClient). */
  sdkChunk: string;
  /** The built files going online on the real SDK needs beyond the first load. */
  callingFiles: string[];
  rounds: number;
}

export async function realSdkRounds(run: RealSdkRun): Promise<{ samples: SamplesByMode; offline: Awaited<ReturnType<typeof realSdkOffline>> }> {
  await instrumentSdkChunk(run.demo.outDir, run.sdkChunk);
  const page = await run.context.newPage();
  try {
    await disableHttpCache(page);
    for (const script of run.initScripts) await page.addInitScript(script);
    const offline = await realSdkOffline(page, run.proxyUrl);
    await page.goto(run.pageUrl, { waitUntil: 'networkidle' });
    await run.signIn(page);
    await page.evaluate(`__tpeFirstOnline.settled(${JSON.stringify(run.callingFiles)}, true)`);
    const samples = samplesByMode();
    for (let i = 0; i < run.rounds; i++) {
      for (const mode of modesOfSample(i)) {
        samples[mode].push(await firstOnlineAfterLoad(page, { mode, end: 'call-client', callingFiles: run.callingFiles, waitForSdk: true }));
      }
    }
    return { samples, offline };
  } finally {
    await page.close();
  }
}
