// What `npm run bench:call-agent` runs inside the demo page, installed before the page's own scripts as
// `window.__tpeBench`. It is plain JavaScript in a string: a function passed to Playwright is serialized
// from its compiled source, and what tsx's compiler adds (name helpers) does not exist in the page.

/** The helpers the bench calls with `page.evaluate('__tpeBench.…')`. */
export const IN_PAGE_HELPERS = String.raw`(() => {
  const TIMEOUT_MS = 15000;
  // Statuses <tpe-consent> stays in until someone acts.
  const SETTLED = ['needs-consent', 'needs-admin-consent', 'needs-assignment', 'error'];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const agent = () => {
    const el = document.querySelector('tpe-call-agent');
    if (!el) throw new Error('the page has no <tpe-call-agent>');
    return el;
  };
  const failureOf = (el) => {
    const failure = el.agent && el.agent.failure;
    return failure ? failure.code + ': ' + failure.message : 'no failure recorded';
  };

  window.__tpeBench = {
    /** Waits until the agent's <tpe-consent> shows one of the given statuses (it restores a session silently). */
    async consentStatus(expected) {
      await customElements.whenDefined('tpe-consent');
      const el = document.getElementById('agent-sign-in');
      if (!el) throw new Error('the page has no <tpe-consent id="agent-sign-in">');
      const started = performance.now();
      while (!expected.includes(el.status) || !el.settings) {
        const failure = el.consent && el.consent.failure ? ' (' + el.consent.failure.code + ': ' + el.consent.failure.message + ')' : '';
        if (SETTLED.includes(el.status) && !expected.includes(el.status)) throw new Error('<tpe-consent> is "' + el.status + '"' + failure + ', not ' + expected.join(' or '));
        if (performance.now() - started > TIMEOUT_MS) throw new Error('<tpe-consent> stayed "' + el.status + '"' + failure + ', not ' + expected.join(' or '));
        await pause(10);
      }
      return el.status;
    },

    /** Time from calling goOnline() until the element's status is "ready", in ms (performance.now()). */
    async goOnline() {
      const el = agent();
      await customElements.whenDefined('tpe-call-agent');
      if (el.status !== 'offline') throw new Error('<tpe-call-agent> is "' + el.status + '", not offline');
      const started = performance.now();
      await el.goOnline();
      // The element copies its controller's status in its next (microtask) update.
      while (el.status !== 'ready') {
        if (el.status === 'error') throw new Error('going online failed: ' + failureOf(el));
        if (performance.now() - started > TIMEOUT_MS) throw new Error('<tpe-call-agent> stayed "' + el.status + '" for ' + TIMEOUT_MS + ' ms');
        await el.updateComplete;
        if (el.status !== 'ready') await tick();
      }
      return performance.now() - started;
    },

    /** Scripts this page load took from the HTTP cache (nothing transferred), which the bench disables. */
    cachedScripts() {
      return performance
        .getEntriesByType('resource')
        .filter((e) => /\.m?js(\?|$)/.test(e.name) && e.transferSize === 0 && e.decodedBodySize > 0)
        .map((e) => e.name);
    },

    async goOffline() {
      const el = agent();
      const started = performance.now();
      await el.goOffline();
      while (el.status !== 'offline') {
        if (performance.now() - started > TIMEOUT_MS) throw new Error('<tpe-call-agent> stayed "' + el.status + '" after goOffline()');
        await el.updateComplete;
        if (el.status !== 'offline') await tick();
      }
    },
  };
})();`;
