// What `npm run bench:call-agent` runs in the demo page to time the first Go online after a load, with the
// idle-time prefetch of the calling code done ("prefetched") or not yet done ("cold"). Installed before the
// page's own scripts as `window.__tpeFirstOnline`; plain JavaScript in a string, like call-agent-in-page.ts.
//
// How the load goes is chosen before the load, in sessionStorage (it survives the reload; the demo never reads it):
// - "prefetched": nothing changes; the bench waits until the calling code is fetched, then clicks Go online.
// - "held": the page's requestIdleCallback callbacks are held back until the sample is over. The prefetch is the
//   only user of idle time on this page, so the settled page is the page as it was before the prefetch existed.
// - "at-ready": Go online is clicked in the very task in which the agent's <tpe-consent> says "ready", before any
//   idle time: an agent quicker than the prefetch. The page may still be loading other things then.

/** The sessionStorage key holding the next load's mode. */
export const FIRST_ONLINE_MODE_KEY = 'tpe-bench:first-online-mode';

/** The sessionStorage key holding where an "at-ready" load's sample ends: "ready" (simulator) or "call-client". */
export const FIRST_ONLINE_END_KEY = 'tpe-bench:first-online-end';

export type FirstOnlineEnd = 'ready' | 'call-client';

export type FirstOnlineMode = 'prefetched' | 'held' | 'at-ready';

/** Performance marks the instrumented Calling SDK chunk sets (sdk-instrument.ts). */
export const SDK_EVALUATED_MARK = 'tpe-bench:sdk-evaluated';
export const CALL_CLIENT_MARK = 'tpe-bench:call-client-built';

export interface FirstOnlineSample {
  /** Click on Go online to the end point (status "ready", or the session's `new CallClient()`), ms. */
  ms: number;
  /** The real SDK only: click to the end of the SDK module's evaluation, ms (negative: evaluated before the click). */
  sdkEvaluatedMs?: number;
  /** Script URLs the page had fetched (resource timing) before the click, and after it. */
  fetchedBefore: string[];
  fetchedAfter: string[];
}

export const FIRST_ONLINE_IN_PAGE = String.raw`(() => {
  const TIMEOUT_MS = 30000;
  const mode = sessionStorage.getItem(${JSON.stringify(FIRST_ONLINE_MODE_KEY)}) || 'prefetched';
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // The bench's own waits for idle time use the browser's, even while the page's are held.
  const nativeIdle = window.requestIdleCallback.bind(window);
  const idle = () => new Promise((resolve) => nativeIdle(resolve, { timeout: 1000 }));
  const scripts = () => performance.getEntriesByType('resource').filter((e) => /\.m?js(\?|$)/.test(e.name));
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0];

  const held = [];
  if (mode === 'held') {
    window.requestIdleCallback = (callback, options) => (held.push([callback, options]), 0);
  }
  const release = () => {
    window.requestIdleCallback = nativeIdle;
    for (const [callback, options] of held.splice(0)) nativeIdle(callback, options);
  };

  const agentOf = () => {
    const el = document.querySelector('tpe-call-agent');
    if (!el) throw new Error('the page has no <tpe-call-agent>');
    return el;
  };

  async function until(what, done) {
    const started = performance.now();
    while (!done()) {
      if (performance.now() - started > TIMEOUT_MS) throw new Error('waited ' + TIMEOUT_MS + ' ms for ' + what);
      await pause(5);
    }
  }

  const failed = (el) => {
    if (el.status !== 'error') return;
    const failure = el.agent && el.agent.failure;
    throw new Error('going online failed: ' + (failure ? failure.code + ': ' + failure.message : 'no failure recorded'));
  };

  async function reached(el, end) {
    // A real SDK that cannot reach ACS may fail its agent after the CallClient is built: that is past the end point.
    if (end === 'call-client') return until('the session to build a CallClient', () => mark(${JSON.stringify(CALL_CLIENT_MARK)}) || failed(el));
    while (el.status !== 'ready') {
      failed(el);
      await el.updateComplete;
      if (el.status !== 'ready') await tick();
    }
  }

  /** Clicks the Go online button as a person would, and times it to the end point. */
  async function clickGoOnline(end) {
    const el = agentOf();
    const button = el.shadowRoot && el.shadowRoot.querySelector('[part~="online-button"]');
    if (!button || button.disabled) throw new Error('<tpe-call-agent> offers no Go online button (status "' + el.status + '")');
    const fetchedBefore = scripts().map((e) => e.name);
    const started = performance.now();
    button.click();
    let timeout;
    await Promise.race([
      reached(el, end),
      new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error('going online took over ' + TIMEOUT_MS + ' ms (status "' + el.status + '")')), TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timeout));
    const endedAt = end === 'call-client' ? mark(${JSON.stringify(CALL_CLIENT_MARK)}).startTime : performance.now();
    const evaluated = mark(${JSON.stringify(SDK_EVALUATED_MARK)});
    const sample = {
      ms: endedAt - started,
      fetchedBefore,
      fetchedAfter: scripts().map((e) => e.name).filter((name) => !fetchedBefore.includes(name)),
    };
    if (evaluated) sample.sdkEvaluatedMs = evaluated.startTime - started;
    return sample;
  }

  let atReady;
  if (mode === 'at-ready') {
    // Bubbling at the document: the phone's own listener on the <tpe-consent> has run (it asked for idle time).
    // The awaits below are microtasks (Lit's updates), so the click still comes before any idle callback.
    document.addEventListener('tpe-status-change', (event) => {
      const el = event.composedPath()[0];
      if (atReady || !el || el.id !== 'agent-sign-in' || event.detail.status !== 'ready') return;
      atReady = (async () => {
        await el.updateComplete;
        await agentOf().updateComplete;
        return clickGoOnline(sessionStorage.getItem(${JSON.stringify(FIRST_ONLINE_END_KEY)}) || 'ready');
      })();
      atReady.catch(() => undefined);
    });
  }

  window.__tpeFirstOnline = {
    mode,
    /** Waits until these scripts are in the page's resource timing (and the SDK evaluated, if asked), then for idle time. */
    async settled(files, sdkEvaluated) {
      await until('the calling code to be fetched (' + files.join(', ') + ')', () => files.every((file) => scripts().some((e) => e.name.endsWith('/' + file))));
      if (sdkEvaluated) await until('the Calling SDK to be evaluated', () => mark(${JSON.stringify(SDK_EVALUATED_MARK)}));
      await idle();
    },
    /** A settled page ("prefetched" or "held"): the bench's own idle wait, then the click. */
    async goOnlineNow(end) {
      if (mode === 'at-ready') throw new Error('this load clicked Go online when the consent was ready');
      await idle();
      try {
        return await clickGoOnline(end);
      } finally {
        release();
      }
    },
    /** The "at-ready" load: the sample its click took. */
    async atReady() {
      await until('the agent consent to be ready', () => atReady);
      return atReady;
    },
  };
})();`;
