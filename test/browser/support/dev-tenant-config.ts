/** What the dev tenant publishes at `/.dev/config` (the subset browser tests use). */
export interface DevTenantConfig {
  tenantId: string;
  ccaasBotAppId: string;
  urls: { entra: string; graph: string; acs: string };
  acs: { endpoint: string; immutableResourceId: string };
  msal: { clientId: string; authority: string; knownAuthorities: string[]; authorityMetadata: string };
  /** The public-client registration the password grant goes through (the SPA, msal.clientId, refuses it). */
  testAutomation: { clientId: string };
  scopes: { graphResourceAccounts: string; teamsPersona: string[]; ccaasPersona: string[] };
}

/**
 * Where the dev tenant runs and what it publishes; works on any page the test runner serves. Apart from
 * msal.ts so that a test can reach the dev tenant without loading MSAL.
 */
export async function loadDevTenant(): Promise<{ url: string; proxyUrl: string; config: DevTenantConfig }> {
  const { url, proxyUrl } = (await (await fetch('/__dev-tenant.json')).json()) as { url: string; proxyUrl: string };
  const config = (await (await fetch(`${url}/.dev/config`)).json()) as DevTenantConfig;
  return { url, proxyUrl, config };
}
