// Web Test Runner plugin: lets a browser test take its page's network away for real, through Playwright:
//   page-offline {ms}   the browser context goes offline for ms, then online again: the page gets the real
//                       `offline` and `online` events, and every request it makes meanwhile fails.
// The way back is part of the command: while offline, the page could not ask for it.

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function pageControlPlugin() {
  return {
    name: 'page-control',
    async executeCommand({ command, payload, session }) {
      if (command !== 'page-offline') return undefined;
      const launcher = /** @type {import('@web/test-runner-playwright').PlaywrightLauncher} */ (/** @type {unknown} */ (session.browser));
      const context = launcher.getPage(session.id).context();
      const ms = Number(/** @type {{ ms?: number }} */ (payload ?? {}).ms ?? 1000);
      await context.setOffline(true);
      try {
        await new Promise((resolve) => setTimeout(resolve, ms));
      } finally {
        await context.setOffline(false);
      }
      return true;
    },
  };
}
