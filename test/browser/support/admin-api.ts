import { devTenant } from './dev-tenant.js';

/** A token for the proxy's API for a fixture user, by the password grant through the test automation registration. */
async function apiToken(username: string, password: string, userId: string): Promise<string> {
  const { config, url } = await devTenant();
  const scope = `api://${config.msal.clientId}/access_as_user`;
  // The admin's own consent to the proxy's API only, so the tenant's other consents stay as the test set them.
  await fetch(`${url}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, scopes: [scope] }) });
  const response = await fetch(`${config.urls.entra}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: config.testAutomation.clientId,
      grant_type: 'password',
      username,
      password,
      scope,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`admin token: ${body.error_description}`);
  return body.access_token;
}

/** What an administrator does through the proxy, set up behind the element's back. */
export async function assign(objectId: string, body: { principalType: string; clientIds?: string[] }): Promise<void> {
  const { proxyUrl, config } = await devTenant();
  const token = await apiToken('cam.ccaasadmin@contoso.dev', 'CcaasAdmin!1', '0025b568-7791-4279-a420-01b4b4ab6120');
  const response = await fetch(`${proxyUrl}/api/tenants/${config.tenantId}/assignments/${objectId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`assignment failed: ${response.status} ${await response.text()}`);
}

/** The administrator takes an assignment away through the proxy (for an agent: its access to take calls). */
export async function unassign(objectId: string): Promise<void> {
  const { proxyUrl, config } = await devTenant();
  const token = await apiToken('cam.ccaasadmin@contoso.dev', 'CcaasAdmin!1', '0025b568-7791-4279-a420-01b4b4ab6120');
  const response = await fetch(`${proxyUrl}/api/tenants/${config.tenantId}/assignments/${objectId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 204) throw new Error(`unassignment failed: ${response.status} ${await response.text()}`);
}

export async function linkResourceAccount(objectId: string): Promise<void> {
  await assign(objectId, { principalType: 'resourceAccount' });
}

/** Grants an agent for the desktop's app and for the test automation client that the tests' desks sign in through. */
export async function grantAgent(objectId: string): Promise<void> {
  const { config } = await devTenant();
  await assign(objectId, { principalType: 'user', clientIds: [config.msal.clientId, config.testAutomation.clientId] });
}

export const USER_ID = {
  agent: '4908edbd-b254-4520-8947-60cc26b85f04',
  secondAgent: 'b9fc10b9-fd97-4149-a5a7-2ffc548b694e',
  unlicensed: 'eebb26b0-e3eb-496f-8388-f07252d61d26',
} as const;
