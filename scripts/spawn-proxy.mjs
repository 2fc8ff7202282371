// The token proxy as its own process, configured for a running dev tenant (what `npm start` runs).
import { spawnService } from './spawn-service.mjs';

/**
 * The environment a vendor would set, filled in from the dev tenant's public settings: one proxy for every
 * customer tenant, whose pages sign in at `organizations` (each user gets their own tenant's tokens).
 * @param {{ url: string, connectionString: string }} devTenant
 * @param {{ port?: number, corsOrigins?: string[], extra?: NodeJS.ProcessEnv }} [options]
 */
export async function proxyEnvForDevTenant(devTenant, { port = 0, corsOrigins = [], extra = {} } = {}) {
  const response = await fetch(`${devTenant.url}/.dev/config`);
  const settings = /** @type {{ customerTenantIds: string[], ccaasBotAppId: string, acs: { immutableResourceId: string }, msal: { clientId: string, organizationsAuthority: string, knownAuthorities: string[] }, testAutomation: { clientId: string } }} */ (
    await response.json()
  );
  return {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    PORT: String(port),
    ACS_CONNECTION_STRING: devTenant.connectionString,
    ACS_RESOURCE_ID: settings.acs.immutableResourceId,
    ENTRA_CLIENT_ID: settings.msal.clientId,
    // Scripts and tests reach this proxy with password-grant tokens, which only the test automation client gets.
    ENTRA_ALLOWED_CLIENT_IDS: `${settings.msal.clientId},${settings.testAutomation.clientId}`,
    // Every customer of the vendor, not the vendor's own tenant.
    ENTRA_ALLOWED_TENANTS: settings.customerTenantIds.join(','),
    ENTRA_AUTHORITY_HOST: devTenant.url,
    ENTRA_DISCOVERY_URL: `${devTenant.url}/organizations/v2.0/.well-known/openid-configuration`,
    MSAL_AUTHORITY: settings.msal.organizationsAuthority,
    MSAL_KNOWN_AUTHORITIES: settings.msal.knownAuthorities.join(','),
    CCAAS_BOT_APP_ID: settings.ccaasBotAppId,
    GRAPH_BASE_URL: devTenant.url,
    CALLING_BACKEND: 'simulator',
    CORS_ORIGINS: corsOrigins.join(','),
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<import('./spawn-service.mjs').Service & { url: string }>}
 */
export async function spawnProxy(env) {
  const service = await spawnService({ name: 'the token proxy', entry: 'proxy/src/main.ts', env: { ...env, LOG_LEVEL: 'info' }, ready: /"msg":"token proxy listening"/ });
  const url = /"url":"(http:[^"]+)"/.exec(service.output)?.[1];
  if (!url) {
    await service.stop();
    throw new Error(`the token proxy did not say where it listens:\n${service.output}`);
  }
  return { ...service, url };
}
