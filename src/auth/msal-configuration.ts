import { BrowserCacheLocation, type Configuration } from '@azure/msal-browser';

/** Where a page signs people in: Entra in production, the dev tenant locally. Nothing here is secret. */
export interface AuthoritySettings {
  clientId: string;
  /** e.g. `https://login.microsoftonline.com/<tenant id>`; the dev tenant uses an `https://` name it never contacts. */
  authority: string;
  /** Hosts MSAL may trust without asking Microsoft's instance discovery (the dev tenant's authority host). */
  knownAuthorities?: string[];
  /** The authority's OpenID configuration as JSON, so MSAL needs no discovery request (dev tenant). */
  authorityMetadata?: string;
  /** A same-origin page that runs MSAL's redirect bridge. */
  redirectUri: string;
  postLogoutRedirectUri?: string;
  /**
   * Where MSAL keeps tokens. Session storage by default: tokens leave with the tab. `localStorage` keeps a
   * sign-in across tabs and restarts, and only a page that chose it should get it.
   */
  cacheLocation?: 'sessionStorage' | 'localStorage' | 'memoryStorage';
}

export function msalConfiguration(settings: AuthoritySettings): Configuration {
  return {
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      knownAuthorities: settings.knownAuthorities ?? [],
      ...(settings.authorityMetadata ? { authorityMetadata: settings.authorityMetadata } : {}),
      redirectUri: settings.redirectUri,
      postLogoutRedirectUri: settings.postLogoutRedirectUri ?? settings.redirectUri,
    },
    cache: {
      cacheLocation: settings.cacheLocation ?? BrowserCacheLocation.SessionStorage,
    },
  };
}
