// What `npm run bench:soak` installs in the demo page before its own scripts, as `window.__tpeSoak`: the
// agent's side of the shift. Every ring is answered through the element's public API (`accept()`), and
// every status change of <tpe-call-agent> is logged with its time. Plain JavaScript in a string, for the
// reason given in call-agent-in-page.ts.

/** One status change of <tpe-call-agent>, `at` in ms of the page's `performance.now()`. */
export interface SoakStatusChange {
  at: number;
  status: string;
  reason?: string;
}

/** What the page saw and did, as `__tpeSoak.read()` returns it. */
export interface SoakPageLog {
  now: number;
  statuses: SoakStatusChange[];
  ringsSeen: number;
  accepted: number;
  acceptFailures: string[];
}

export const SOAK_IN_PAGE = String.raw`(() => {
  const ANSWER_AFTER_MS = 400;
  const log = { statuses: [], ringsSeen: 0, accepted: 0, acceptFailures: [] };
  const isAgent = (event) => event.composedPath()[0] && event.composedPath()[0].localName === 'tpe-call-agent';
  document.addEventListener('tpe-status-change', (event) => {
    if (!isAgent(event)) return;
    const reason = event.detail.reason;
    log.statuses.push({ at: performance.now(), status: event.detail.status, ...(reason ? { reason: String(reason.code || reason) } : {}) });
  });
  document.addEventListener('tpe-incoming-call', (event) => {
    if (!isAgent(event)) return;
    log.ringsSeen += 1;
    const el = event.composedPath()[0];
    // An agent takes a moment to reach for the button; the element rings meanwhile.
    setTimeout(() => {
      el.accept().then(
        () => { log.accepted += 1; },
        (error) => { log.acceptFailures.push(String(error && error.message || error)); },
      );
    }, ANSWER_AFTER_MS);
  });
  window.__tpeSoak = {
    read: () => ({ now: performance.now(), ...JSON.parse(JSON.stringify(log)) }),
    status: () => { const el = document.querySelector('tpe-call-agent'); return el ? el.status : 'absent'; },
  };
})();`;
