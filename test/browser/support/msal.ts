import { PublicClientApplication } from '@azure/msal-browser';
import { msalConfiguration } from '../../../src/auth/msal-configuration.js';
import type { DevTenantConfig } from './dev-tenant-config.js';

export const REDIRECT_PAGE = '/test/browser/redirect.html';

export async function createMsalFor(config: DevTenantConfig): Promise<PublicClientApplication> {
  const msal = new PublicClientApplication(msalConfiguration({ ...config.msal, redirectUri: new URL(REDIRECT_PAGE, location.origin).href }));
  await msal.initialize();
  return msal;
}
