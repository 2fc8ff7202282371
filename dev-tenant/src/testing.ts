import { DEFAULT_FIXTURE_PATH, loadFixture, type Fixture } from './fixture.js';
import { createLoopbackTls } from './loopback-tls.js';
import { startDevTenant, type DevTenant } from './server.js';

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

export function userByUpn(tenant: DevTenant, upn: string) {
  const user = tenant.ctx.fixture.users.find((u) => u.userPrincipalName === upn);
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

/** Tenant-wide admin consent for everything the CCaaS client app (and the test automation client) registers, through the dev control. */
export async function consentTenantWide(tenant: DevTenant): Promise<void> {
  const response = await fetch(`${tenant.url}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
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
 * test automation registration (the SPA refuses the grant), so the tokens' `azp` is that registration's id.
 */
export async function passwordToken(tenant: DevTenant, upn: string, scope: string): Promise<TokenResponse> {
  const user = userByUpn(tenant, upn);
  const response = await fetch(`${tenant.url}/${tenant.ctx.fixture.tenant.id}/oauth2/v2.0/token`, {
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
