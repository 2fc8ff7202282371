// What ties the examples to `npm start`'s dev tenant and token proxy. A real page knows these values and
// writes them into its markup or code; here they change with the ports `npm start` (or the e2e run) picked.
import type { ResourceAccountOption } from '../../src/index.js';

/** The token proxy `npm start` runs for the dev tenant (127.0.0.1:4020 unless TPE_PROXY_PORT moved it). */
export const proxyUrl = import.meta.env.VITE_PROXY_URL ?? 'http://127.0.0.1:4020';

/** MSAL's redirect bridge: the demo's `/redirect.html`, registered on the dev tenant, on this page's origin. */
export const redirectUri = new URL('/redirect.html', location.origin).href;

const devTenantUrl = import.meta.env.VITE_DEV_TENANT_URL ?? 'http://127.0.0.1:4010';

/** The lines the agent answers and calls for; the dev tenant names them (an agent cannot read Graph's list). */
export async function loadResourceAccounts(): Promise<ResourceAccountOption[]> {
  const response = await fetch(`${devTenantUrl}/.dev/config`);
  if (!response.ok) throw new Error(`the dev tenant's /.dev/config answered ${response.status}`);
  const { resourceAccounts } = (await response.json()) as { resourceAccounts: ResourceAccountOption[] };
  return resourceAccounts;
}
