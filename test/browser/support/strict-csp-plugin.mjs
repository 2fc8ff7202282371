// Web Test Runner plugin: serves the pages under /test/browser/pages/csp/ with a strict Content Security
// Policy, the kind a bank's or a hospital's agent desktop sends. The runner's own test page uses inline
// scripts and cannot carry it, so a test opens one of these pages in a frame and reads what it reports.

export const STRICT_CSP_PAGES = '/test/browser/pages/csp/';

/**
 * No inline script or style, every script from this origin, and Trusted Types required for every DOM
 * sink that takes script. The one policy allowed is Lit's (`lit-html`, created once in lit-html.js):
 * neither MSAL, the Calling SDK nor the simulator create a policy of their own.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self' http://127.0.0.1:* http://localhost:*",
  "img-src 'self' data:",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function strictCspPlugin() {
  return {
    name: 'strict-csp',
    transform(context) {
      if (context.path.startsWith(STRICT_CSP_PAGES) && context.response.is('html')) {
        return { headers: { 'content-security-policy': STRICT_CSP } };
      }
      return undefined;
    },
  };
}
