// Web Test Runner plugin: runs one dev tenant for the browser suites, tells pages where it is, and lets a
// test act as the person in front of a sign-in window (which no page script may touch cross-origin).
import { spawnDevTenant } from '../../../scripts/spawn-dev-tenant.mjs';
import { proxyEnvForDevTenant, spawnProxy } from '../../../scripts/spawn-proxy.mjs';

const SIGN_IN_TIMEOUT_MS = 15_000;

/**
 * Finds the window of this test's browser context that shows the dev tenant, waiting for it to open.
 * @param {import('playwright').BrowserContext} context
 * @param {string} url
 * @param {string} pathPart
 */
async function devTenantWindow(context, url, pathPart) {
  const deadline = Date.now() + SIGN_IN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const page of context.pages()) {
      if (page.url().startsWith(url) && page.url().includes(pathPart)) return page;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no dev tenant window showing ${pathPart} opened within ${SIGN_IN_TIMEOUT_MS} ms`);
}

/**
 * @param {{ pageOrigins: string[] }} options the test pages' origins, which the proxy lets in (CORS)
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function devTenantPlugin({ pageOrigins }) {
  /** @type {Awaited<ReturnType<typeof spawnDevTenant>> | undefined} */
  let tenant;
  /** @type {Awaited<ReturnType<typeof spawnProxy>> | undefined} */
  let proxy;
  return {
    name: 'dev-tenant',
    async serverStart() {
      tenant = await spawnDevTenant();
      // Generous limits: the suites sign in and out many times from one address.
      const extra = { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_CALLER: '100000' };
      proxy = await spawnProxy(await proxyEnvForDevTenant(tenant, { corsOrigins: pageOrigins, extra }));
    },
    async serverStop() {
      await Promise.all([proxy?.stop(), tenant?.stop()]);
    },
    serve(context) {
      if (context.path === '/__dev-tenant.json') return { body: JSON.stringify({ url: tenant?.url, proxyUrl: proxy?.url }), type: 'json' };
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'dev-tenant-sign-in') return undefined;
      /** @type {{ upn: string, password?: string, consentForOrg?: boolean, cancel?: boolean, path?: string }} */
      const action = /** @type {any} */ (payload);
      const { upn, password, consentForOrg = false, cancel = false, path = '/oauth2/v2.0/authorize' } = action;
      if (!tenant) throw new Error('the dev tenant is not running');
      const launcher = /** @type {import('@web/test-runner-playwright').PlaywrightLauncher} */ (/** @type {unknown} */ (session.browser));
      const window = await devTenantWindow(launcher.getPage(session.id).context(), tenant.url, path);
      await window.waitForSelector('form');
      if (consentForOrg) await window.check('input[name=consent_for_org]');
      if (cancel) {
        await window.click('#cancel');
      } else if (password !== undefined) {
        await window.fill('#username', upn);
        await window.fill('#password', password);
        await window.click('#sign-in');
      } else {
        await window.click(`button[data-upn="${upn}"]`);
      }
      return true;
    },
  };
}
