import type { AzureKeyCredential, KeyCredential, TokenCredential } from '@azure/core-auth';
import { azureIdentity, communicationCommon } from './azure-sdk.js';
import type { ProxyConfig } from '../config.js';

/**
 * The one secret: the ACS access key from the connection string, or, with only an endpoint, a managed
 * identity through @azure/identity (loaded only then, so key-based deployments never pay for it).
 */
export async function acsCredential(config: ProxyConfig['acs']): Promise<KeyCredential | TokenCredential> {
  if (config.connectionString) {
    const { credential } = communicationCommon.parseConnectionString(config.connectionString);
    return credential as AzureKeyCredential;
  }
  const { DefaultAzureCredential } = azureIdentity();
  return new DefaultAzureCredential(identityOptions(config.identityAuthorityHost));
}

/** Where Microsoft's own clouds sign in; MSAL knows these and may ask them to validate an authority. */
const MICROSOFT_AUTHORITY_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn']);

/**
 * Any other authority host (Azure Stack, the dev tenant) is unknown to Microsoft's instance discovery, which
 * would refuse it: MSAL is told to trust the host it was given instead, as @azure/identity documents for
 * private clouds.
 */
export function identityOptions(authorityHost: string | undefined): { authorityHost?: string; disableInstanceDiscovery?: boolean } {
  if (!authorityHost || MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase())) return {};
  return { authorityHost, disableInstanceDiscovery: true };
}

/** ACS accepts plain http only from the dev tenant on loopback; the config check refuses it elsewhere. */
export function isInsecureLoopback(endpoint: string): boolean {
  return new URL(endpoint).protocol === 'http:';
}
