import { ACS_FIRST_PARTY_APP_ID } from '../auth/classify-failure.js';
import type { ConsentSettings } from './consent-settings.js';

/** What an element offers while an administrator's consent is missing: a link to send one, or a command to run. */
export interface AdminConsentRemedy {
  /** The tenant-wide admin-consent link, for an administrator to open in their own browser. */
  link: string;
  /** When the ACS first-party app is missing from the tenant, the PowerShell that adds it (consent cannot help). */
  command?: string;
}

/** The remedy for one showing of "an administrator must approve": its link keeps one `state` for as long as it is shown. */
export function adminConsentRemedy(settings: ConsentSettings, tenantId: string | undefined, failureCode: string | undefined): AdminConsentRemedy {
  return {
    link: adminConsentUrl(settings, tenantId ?? 'organizations', crypto.randomUUID()),
    ...(failureCode === 'acs-app-missing' ? { command: `New-MgServicePrincipal -AppId ${ACS_FIRST_PARTY_APP_ID}` } : {}),
  };
}

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
