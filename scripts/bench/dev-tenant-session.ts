// Consent and an Entra token from the dev tenant, over HTTP, the way test automation gets them from Entra.
import type { Fixture } from '@tpe-elements/dev-tenant';

export const TEAMS_PERSONA_SCOPES = 'https://auth.msft.communication.azure.com/Teams.ManageCalls https://auth.msft.communication.azure.com/Teams.ManageChats';
export const AGENT_UPN = 'avery.agent@contoso.dev';

/** Tenant-wide admin consent for the CCaaS client app, through the dev control. */
export async function consentTenantWide(tenantUrl: string): Promise<void> {
  const response = await fetch(`${tenantUrl}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (response.status !== 204) throw new Error(`consent failed: ${response.status} ${await response.text()}`);
}

/** An Entra access token for the Teams persona, from the resource-owner password grant. */
export async function teamsPersonaToken(tenantUrl: string, fixture: Fixture, upn = AGENT_UPN): Promise<{ token: string; userId: string; clientId: string }> {
  return passwordGrantToken(tenantUrl, fixture, TEAMS_PERSONA_SCOPES, upn);
}

/** An Entra access token for `scope` (one resource's), from the resource-owner password grant. */
export async function passwordGrantToken(tenantUrl: string, fixture: Fixture, scope: string, upn = AGENT_UPN): Promise<{ token: string; userId: string; clientId: string }> {
  const user = fixture.users.find((u) => u.userPrincipalName === upn);
  if (!user) throw new Error(`no fixture user ${upn}`);
  // The SPA refuses the password grant, as Entra does; test automation has its own public-client registration.
  const clientId = fixture.apps.testAutomation.appId;
  const response = await fetch(`${tenantUrl}/${fixture.tenant.id}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: clientId, grant_type: 'password', username: user.userPrincipalName, password: user.password, scope }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`password grant failed: ${body.error}: ${body.error_description}`);
  return { token: body.access_token, userId: user.id, clientId };
}
