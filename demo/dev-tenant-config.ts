/** The public settings the dev tenant publishes at `/.dev/config` that this page uses. */
export interface DevTenantConfig {
  tenantId: string;
  tenantDisplayName: string;
  ccaasBotAppId: string;
  urls: { entra: string; graph: string };
  acs: { immutableResourceId: string };
  msal: { clientId: string; authority: string; knownAuthorities: string[]; authorityMetadata: string };
  scopes: { graphResourceAccounts: string };
}

export async function loadDevTenantConfig(): Promise<DevTenantConfig> {
  const url = import.meta.env.VITE_DEV_TENANT_URL ?? 'http://127.0.0.1:4010';
  const response = await fetch(`${url}/.dev/config`);
  if (!response.ok) throw new Error(`The dev tenant at ${url} answered ${response.status}.`);
  return (await response.json()) as DevTenantConfig;
}
