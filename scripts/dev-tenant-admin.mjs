// Acting as the dev tenant's CCaaS administrator through the token proxy, as the admin view of
// <tpe-consent> does (link a resource account, grant an agent), for automation in Node: the end-to-end
// suite's set-up and `npm run bench:call-agent`. Browser tests do the same from the page (admin-api.ts).

const ADMIN = { id: '0025b568-7791-4279-a420-01b4b4ab6120', upn: 'cam.ccaasadmin@contoso.dev', password: 'CcaasAdmin!1' };

/**
 * @typedef {object} DevTenantPublicConfig
 * @property {string} tenantId
 * @property {{ entra: string }} urls
 * @property {{ clientId: string }} msal
 * @property {{ clientId: string }} testAutomation the public-client registration the password grant goes through
 */

/**
 * @param {string} devTenantUrl
 * @returns {Promise<DevTenantPublicConfig>}
 */
export async function devTenantConfig(devTenantUrl) {
  const response = await fetch(`${devTenantUrl}/.dev/config`);
  if (!response.ok) throw new Error(`${devTenantUrl}/.dev/config answered ${response.status}`);
  return /** @type {Promise<DevTenantPublicConfig>} */ (response.json());
}

/**
 * The administrator's token for the proxy's API, by the password grant (test automation only). The admin's
 * own consent to that API comes first, so the tenant's other consents stay as the caller set them.
 * @param {string} devTenantUrl
 * @returns {Promise<string>}
 */
export async function adminApiToken(devTenantUrl) {
  const { urls, msal, testAutomation } = await devTenantConfig(devTenantUrl);
  const scope = `api://${msal.clientId}/access_as_user`;
  const consent = await fetch(`${devTenantUrl}/.dev/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: ADMIN.id, scopes: [scope] }),
  });
  if (consent.status !== 204) throw new Error(`the administrator's consent: ${consent.status} ${await consent.text()}`);
  const response = await fetch(`${urls.entra}/oauth2/v2.0/token`, {
    method: 'POST',
    // Through the test automation registration: the SPA's has public client flows off and refuses this grant.
    body: new URLSearchParams({ client_id: testAutomation.clientId, grant_type: 'password', username: ADMIN.upn, password: ADMIN.password, scope }),
  });
  const body = /** @type {{ access_token?: string, error_description?: string }} */ (await response.json());
  if (!body.access_token) throw new Error(`the administrator's token: ${response.status} ${body.error_description ?? ''}`);
  return body.access_token;
}

/**
 * PUTs an assignment through the proxy as the administrator: `{principalType: 'resourceAccount'}` links a
 * resource account, `{principalType: 'user', clientIds}` grants an agent.
 * @param {{ devTenantUrl: string, proxyUrl: string }} services
 * @param {string} objectId
 * @param {{ principalType: string, clientIds?: string[] }} assignment
 */
export async function assignThroughProxy({ devTenantUrl, proxyUrl }, objectId, assignment) {
  const [{ tenantId }, token] = await Promise.all([devTenantConfig(devTenantUrl), adminApiToken(devTenantUrl)]);
  const response = await fetch(`${proxyUrl}/api/tenants/${tenantId}/assignments/${objectId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(assignment),
  });
  if (!response.ok) throw new Error(`assignment of ${objectId}: ${response.status} ${await response.text()}`);
}

/**
 * Grants an agent access for the CCaaS client app.
 * @param {{ devTenantUrl: string, proxyUrl: string }} services
 * @param {string} userId
 */
export async function grantAgentThroughProxy(services, userId) {
  const { msal } = await devTenantConfig(services.devTenantUrl);
  await assignThroughProxy(services, userId, { principalType: 'user', clientIds: [msal.clientId] });
}
