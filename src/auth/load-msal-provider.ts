import type { AuthProvider } from './auth-provider.js';
import type { MsalProviderOptions } from './msal-auth-provider.js';
import type { AuthoritySettings } from './msal-configuration.js';

/**
 * The page's shared MSAL provider, fetched only when an element has to create its own: a page that hands
 * `<tpe-consent>` an `authProvider` never downloads MSAL. The only door from the first load to MSAL.
 */
export async function loadMsalProvider(settings: AuthoritySettings, options: MsalProviderOptions): Promise<AuthProvider> {
  const { sharedMsalProvider } = await import('./msal-auth-provider.js');
  return sharedMsalProvider(settings, options);
}
