import { AzureKeyCredential, type KeyCredential, type TokenCredential } from '@azure/core-auth';
import { parseConnectionString } from '@azure/communication-common';
import type { ProxyConfig } from '../config.js';

/**
 * The one secret: the ACS access key from the connection string, or, with only an endpoint, a managed
 * identity through @azure/identity (loaded only then, so key-based deployments never pay for it).
 */
export async function acsCredential(config: ProxyConfig['acs']): Promise<KeyCredential | TokenCredential> {
  if (config.connectionString) {
    const { credential } = parseConnectionString(config.connectionString);
    return credential as AzureKeyCredential;
  }
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

/** ACS accepts plain http only from the dev tenant on loopback; the config check refuses it elsewhere. */
export function isInsecureLoopback(endpoint: string): boolean {
  return new URL(endpoint).protocol === 'http:';
}
