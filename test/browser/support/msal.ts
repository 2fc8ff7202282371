import { PublicClientApplication } from '@azure/msal-browser';
import { msalConfiguration } from '../../../src/auth/msal-configuration.js';
import type { DevTenantConfig } from './dev-tenant-config.js';

export const REDIRECT_PAGE = '/test/browser/redirect.html';

/** Where the dev tenant runs and what it publishes; works on any page the test runner serves. */
export async function loadDevTenant(): Promise<{ url: string; proxyUrl: string; config: DevTenantConfig }> {
  const { url, proxyUrl } = (await (await fetch('/__dev-tenant.json')).json()) as { url: string; proxyUrl: string };
  const config = (await (await fetch(`${url}/.dev/config`)).json()) as DevTenantConfig;
  return { url, proxyUrl, config };
}

export async function createMsalFor(config: DevTenantConfig): Promise<PublicClientApplication> {
  const msal = new PublicClientApplication(msalConfiguration({ ...config.msal, redirectUri: new URL(REDIRECT_PAGE, location.origin).href }));
  await msal.initialize();
  return msal;
}
