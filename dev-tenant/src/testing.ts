import { DEFAULT_FIXTURE_PATH, loadFixture, type Fixture } from './fixture.js';
import { createLoopbackTls } from './loopback-tls.js';
import { startDevTenant, type DevTenant } from './server.js';
import { directoriesOf } from './tenants.js';

export type { DevTenant, Fixture };

export interface TlsTestTenant extends DevTenant {
  /** The PEM certificate it serves, for a client to trust (`tlsOptions.ca`, `NODE_EXTRA_CA_CERTS`). */
  certificate: string;
}

/** Starts a dev tenant on a free loopback port, optionally with a changed copy of the default fixture. */
export async function startTestTenant(change?: (fixture: Fixture) => void): Promise<DevTenant> {
  const fixture = structuredClone(await loadFixture(DEFAULT_FIXTURE_PATH));
  change?.(fixture);
  return startDevTenant({ fixture, port: 0 });
}

/**
 * Starts a dev tenant over https with a fresh self-signed certificate: the Azure SDKs send bearer tokens
 * and @azure/identity reaches an authority over https only.
 */
export async function startTlsTestTenant(change?: (fixture: Fixture) => void): Promise<TlsTestTenant> {
  const fixture = structuredClone(await loadFixture(DEFAULT_FIXTURE_PATH));
  change?.(fixture);
  const tls = createLoopbackTls();
  return Object.assign(await startDevTenant({ fixture, port: 0, tls }), { certificate: tls.cert });
}

/** A user of any of the fixture's tenants. */
export function userByUpn(tenant: DevTenant, upn: string) {
  const user = directoriesOf(tenant.ctx.fixture).flatMap((d) => d.users).find((u) => u.userPrincipalName === upn);
  if (!user) throw new Error(`no fixture user ${upn}`);
  return user;
}

export const UPN = {
  teamsAdmin: 'tara.teamsadmin@contoso.dev',
  ccaasAdmin: 'cam.ccaasadmin@contoso.dev',
  agent: 'avery.agent@contoso.dev',
  secondAgent: 'blake.agent@contoso.dev',
  unlicensed: 'uma.unlicensed@contoso.dev',
} as const;

/** The fixture's other tenants: the CCaaS vendor's home tenant and a second customer. */
export const TENANTS = {
  contoso: 'cc723ae6-a5c6-40e2-b771-f6793c2e1d59',
  vendor: 'baf56e76-005b-4181-a813-d9207dd00098',
  fabrikam: '8c6da6cd-6da0-41ed-b344-0cffcd8f2d3e',
} as const;

export const FABRIKAM_UPN = {
  ccaasAdmin: 'fiona.ccaasadmin@fabrikam.dev',
  agent: 'felix.agent@fabrikam.dev',
} as const;

/** The vendor's own staff: users of the tenant that owns the apps, not of any customer. */
export const VENDOR_UPN = {
  admin: 'nico.vendoradmin@northwind-ccaas.dev',
  support: 'vic.support@northwind-ccaas.dev',
} as const;

export const SCOPES = {
  graphResourceAccounts: 'https://graph.microsoft.com/TeamsResourceAccount.Read.All',
  teamsPersona: 'https://auth.msft.communication.azure.com/Teams.ManageCalls https://auth.msft.communication.azure.com/Teams.ManageChats',
  ccaasPersona: 'https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls',
} as const;

/** Forgets consents, assignments, identities, sessions and the clock offset, as a fresh dev tenant would. */
export async function resetTenant(tenant: DevTenant): Promise<void> {
  const response = await fetch(`${tenant.url}/.dev/reset`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`reset failed: ${response.status}`);
}

/**
 * Tenant-wide admin consent for everything the CCaaS client app (and the test automation client) registers,
 * through the dev control; the top-level tenant by default.
 */
export async function consentTenantWide(tenant: DevTenant, tenantId?: string): Promise<void> {
  const body = JSON.stringify(tenantId ? { tenantId } : {});
  const response = await fetch(`${tenant.url}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (response.status !== 204) throw new Error(`consent failed: ${response.status} ${await response.text()}`);
}

/** One user's own consent to some scopes (as if they had accepted them on the sign-in page). */
export async function consentForUser(tenant: DevTenant, upn: string, scopes: string[]): Promise<void> {
  const response = await fetch(`${tenant.url}/.dev/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: userByUpn(tenant, upn).id, scopes }),
  });
  if (response.status !== 204) throw new Error(`consent failed: ${response.status} ${await response.text()}`);
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope: string;
  expires_in: number;
}

/** The client id test automation signs in through: the public-client registration, not the SPA. */
export function testAutomationClientId(tenant: DevTenant): string {
  return tenant.ctx.fixture.apps.testAutomation.appId;
}

/**
 * Gets Entra tokens with the resource-owner password grant, as test automation does against Entra: through the
 * test automation registration (the SPA refuses the grant), so the tokens' `azp` is that registration's id; at
 * the user's own tenant unless `authority` names another path segment (`organizations`, a tenant id).
 */
export async function passwordToken(tenant: DevTenant, upn: string, scope: string, authority?: string): Promise<TokenResponse> {
  const user = userByUpn(tenant, upn);
  const home = directoriesOf(tenant.ctx.fixture).find((d) => d.users.includes(user))!.tenant.id;
  const response = await fetch(`${tenant.url}/${authority ?? home}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: testAutomationClientId(tenant),
      grant_type: 'password',
      username: user.userPrincipalName,
      password: user.password,
      scope: `openid profile offline_access ${scope}`,
    }),
  });
  const body = (await response.json()) as TokenResponse & { error?: string; error_description?: string };
  if (!response.ok) throw new Error(`password grant failed: ${body.error}: ${body.error_description}`);
  return body;
}

/** Moves the dev tenant's clock, so tokens it issued look expired or not yet valid to it. */
export async function shiftClock(tenant: DevTenant, offsetSeconds: number): Promise<void> {
  const response = await fetch(`${tenant.url}/.dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetSeconds }),
  });
  if (!response.ok) throw new Error(`clock shift failed: ${response.status}`);
}
