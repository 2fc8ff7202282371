import type { DevTenantContext } from '../context.js';

/**
 * The client registrations the dev tenant knows, with the platform that decides what Entra lets each do:
 * a `spa` redeems codes and refresh tokens only cross-origin and has public client flows off (no password
 * grant); a `public-client` (mobile and desktop, public client flows on) may use the password grant. Neither
 * holds a credential, so neither may present a client secret.
 */
export interface RegisteredClient {
  appId: string;
  displayName: string;
  platform: 'spa' | 'public-client';
  redirectUris: string[];
  requiredScopes: string[];
}

export function registeredClients(ctx: DevTenantContext): RegisteredClient[] {
  const { ccaasClient, testAutomation } = ctx.fixture.apps;
  return [
    { ...ccaasClient, platform: 'spa' },
    { ...testAutomation, platform: 'public-client', redirectUris: [] },
  ];
}

export function findClient(ctx: DevTenantContext, clientId: string | undefined): RegisteredClient | undefined {
  return clientId ? registeredClients(ctx).find((c) => c.appId.toLowerCase() === clientId.toLowerCase()) : undefined;
}
