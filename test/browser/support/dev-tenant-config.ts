/** What the dev tenant publishes at `/.dev/config` (the subset browser tests use). */
export interface DevTenantConfig {
  tenantId: string;
  ccaasBotAppId: string;
  urls: { entra: string; graph: string; acs: string };
  acs: { endpoint: string; immutableResourceId: string };
  msal: { clientId: string; authority: string; knownAuthorities: string[]; authorityMetadata: string };
  scopes: { graphResourceAccounts: string; teamsPersona: string[]; ccaasPersona: string[] };
}
