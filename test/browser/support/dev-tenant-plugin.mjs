// Web Test Runner plugin: runs one dev tenant for the browser suites, tells pages where it is, and lets a
// test act as the person in front of a sign-in window (which no page script may touch cross-origin).
import { spawnDevTenant } from '../../../scripts/spawn-dev-tenant.mjs';
import { proxyEnvForDevTenant, spawnProxy } from '../../../scripts/spawn-proxy.mjs';
import { signInThroughDevTenant } from '../../../scripts/dev-tenant-sign-in.mjs';

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
      /** @type {import('../../../scripts/dev-tenant-sign-in.mjs').SignInAction} */
      const action = /** @type {any} */ (payload);
      if (!tenant) throw new Error('the dev tenant is not running');
      const launcher = /** @type {import('@web/test-runner-playwright').PlaywrightLauncher} */ (/** @type {unknown} */ (session.browser));
      await signInThroughDevTenant(launcher.getPage(session.id).context(), tenant.url, action);
      return true;
    },
  };
}
