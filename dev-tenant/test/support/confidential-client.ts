import { ConfidentialClientApplication } from '@azure/msal-node';
import { MSAL_AUTHORITY_HOST } from '../../src/settings.js';
import type { DevTenant } from '../../src/testing.js';

export function backendApp(tenant: DevTenant) {
  const app = tenant.ctx.fixture.confidentialApps?.[0];
  if (!app) throw new Error('the fixture has no confidential app');
  return app;
}

/**
 * The real msal-node confidential client, pointed at the dev tenant the way a backend would be pointed at a
 * sovereign cloud: a known authority and its metadata given, so it never asks Microsoft where to go.
 */
export async function backendMsal(tenant: DevTenant, secret = backendApp(tenant).clientSecret): Promise<ConfidentialClientApplication> {
  const { msal } = (await (await fetch(`${tenant.url}/.dev/config`)).json()) as { msal: { authority: string; authorityMetadata: string } };
  return new ConfidentialClientApplication({
    auth: {
      clientId: backendApp(tenant).appId,
      clientSecret: secret,
      authority: msal.authority,
      knownAuthorities: [MSAL_AUTHORITY_HOST],
      authorityMetadata: msal.authorityMetadata,
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${msal.authority}/v2.0/.well-known/openid-configuration`,
        metadata: [{ preferred_network: MSAL_AUTHORITY_HOST, preferred_cache: MSAL_AUTHORITY_HOST, aliases: [MSAL_AUTHORITY_HOST] }],
      }),
    },
  });
}

/** Admin consent for the backend's registered delegated permissions, through the dev control. */
export async function consentForBackend(tenant: DevTenant): Promise<void> {
  const response = await fetch(`${tenant.url}/.dev/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: backendApp(tenant).appId }),
  });
  if (response.status !== 204) throw new Error(`consent failed: ${response.status} ${await response.text()}`);
}
