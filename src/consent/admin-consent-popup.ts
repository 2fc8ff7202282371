import type { ConsentSettings } from './consent-settings.js';

/** The tenant-wide admin-consent URL for the client app, on the same authority MSAL signs in with. */
export function adminConsentUrl(settings: ConsentSettings, tenantId: string, state: string): string {
  let base = `${settings.authority.replace(/\/[^/]*$/, '')}/${tenantId}`;
  if (settings.authorityMetadata) {
    // The dev tenant's authority name is never contacted; its metadata says where the authority really is.
    const { authorization_endpoint } = JSON.parse(settings.authorityMetadata) as { authorization_endpoint: string };
    base = authorization_endpoint.replace(/\/oauth2\/v2\.0\/authorize$/, '');
  }
  const url = new URL(`${base}/adminconsent`);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', settings.adminConsentRedirectUri);
  url.searchParams.set('state', state);
  return url.href;
}

export interface AdminConsentResult {
  granted: boolean;
  error?: string;
}

const POLL_MS = 100;

/**
 * Opens the admin-consent page in a popup (call it from a click) and resolves once the popup is back on this
 * origin with Entra's answer, or closed. The return page must be a plain same-origin page, not MSAL's bridge.
 */
export function openAdminConsent(url: string, signal?: AbortSignal): Promise<AdminConsentResult> {
  const popup = window.open(url, 'tpe-admin-consent', 'popup,width=520,height=720');
  if (!popup) return Promise.resolve({ granted: false, error: 'The browser blocked the admin-consent window. Allow pop-ups for this site.' });
  const state = new URL(url).searchParams.get('state');
  return new Promise((resolve) => {
    const finish = (result: AdminConsentResult) => {
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!popup.closed) popup.close();
      resolve(result);
    };
    const onAbort = () => finish({ granted: false, error: 'Cancelled.' });
    signal?.addEventListener('abort', onAbort);
    const timer = setInterval(() => {
      if (popup.closed) return finish({ granted: false, error: 'The admin-consent window was closed before consent was given.' });
      let query: URLSearchParams;
      try {
        if (popup.location.origin !== location.origin) return;
        query = new URLSearchParams(popup.location.search);
      } catch {
        return; // Still on the authority's origin.
      }
      if (query.get('state') !== state) return;
      if (query.get('admin_consent')?.toLowerCase() === 'true') return finish({ granted: true });
      finish({ granted: false, error: (query.get('error_description') ?? query.get('error') ?? 'Consent was not granted.').split(' Trace ID')[0] });
    }, POLL_MS);
  });
}
