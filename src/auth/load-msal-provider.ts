import { sharedServices, type PageServices } from '../page-services.js';
import type { AuthProvider } from './auth-provider.js';
import type { MsalProviderOptions } from './msal-auth-provider.js';
import type { AuthoritySettings } from './msal-configuration.js';

/**
 * An MSAL provider from the page's applications, fetched only when an element has to create its own: a page that
 * hands `<tpe-consent>` an `authProvider` never downloads MSAL. The only door from the first load to MSAL.
 */
export async function loadMsalProvider(settings: AuthoritySettings, options: MsalProviderOptions, services: PageServices): Promise<AuthProvider> {
  const { MsalApplications } = await import('./msal-applications.js');
  const shared = sharedServices(services);
  shared.msal ??= new MsalApplications();
  return shared.msal.provider(settings, options);
}
