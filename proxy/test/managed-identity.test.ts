import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { SCOPES, startTlsTestTenant, testAutomationClientId, UPN, userByUpn, type TlsTestTenant } from '@tpe-elements/dev-tenant/testing';
import { assignmentPath, devTenantEnv, proxyApiScope } from './support/proxy.js';
import { startProxyProcess, type ProxyProcess } from './support/proxy-process.js';

/**
 * The proxy with a managed identity: no ACS_CONNECTION_STRING, only ACS_ENDPOINT, and DefaultAzureCredential
 * finding the backend's registration in the AZURE_* variables (EnvironmentCredential). The dev tenant runs
 * over https, as the SDKs require for bearer tokens; this test process reaches it through inject only.
 */
describe('proxy: managed identity (DefaultAzureCredential) against the dev tenant, no access key anywhere', () => {
  let tenant: TlsTestTenant;
  let proxy: ProxyProcess;
  let backend: NonNullable<TlsTestTenant['ctx']['fixture']['confidentialApps']>[number];

  async function injectToTenant(method: 'POST', url: string, payload: string, contentType: string) {
    const response = await tenant.app.inject({ method, url, payload, headers: { 'content-type': contentType } });
    assert.ok(response.statusCode < 300, `${url}: ${response.statusCode} ${response.body}`);
    return response.body ? (JSON.parse(response.body) as Record<string, string>) : {};
  }

  /** A user's token, after tenant-wide consent, as the agent desktop or admin portal gets it. */
  async function userToken(upn: string, scope: string): Promise<string> {
    await injectToTenant('POST', '/.dev/consent', '{}', 'application/json');
    const user = userByUpn(tenant, upn);
    const form = new URLSearchParams({
      client_id: testAutomationClientId(tenant),
      grant_type: 'password',
      username: user.userPrincipalName,
      password: user.password,
      scope,
    });
    return (await injectToTenant('POST', `/${tenant.ctx.fixture.tenant.id}/oauth2/v2.0/token`, form.toString(), 'application/x-www-form-urlencoded')).access_token!;
  }
  const agentTeamsToken = () => userToken(UPN.agent, SCOPES.teamsPersona);

  async function exchange(entraToken: string) {
    const response = await fetch(`${proxy.url}/api/token/teams-user`, {
      method: 'POST',
      headers: { authorization: `Bearer ${entraToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    return { status: response.status, body: (await response.json()) as { token?: string; error?: { code?: string } } };
  }

  before(async () => {
    tenant = await startTlsTestTenant();
    backend = tenant.ctx.fixture.confidentialApps![0]!;
    const { ACS_CONNECTION_STRING: _noKey, ...env } = devTenantEnv(tenant);
    proxy = await startProxyProcess(
      {
        ...env,
        ACS_ENDPOINT: `${tenant.url}/`,
        AZURE_TENANT_ID: tenant.ctx.fixture.tenant.id,
        AZURE_CLIENT_ID: backend.appId,
        AZURE_CLIENT_SECRET: backend.clientSecret,
        AZURE_AUTHORITY_HOST: tenant.url,
        LOG_LEVEL: 'info',
      },
      tenant.certificate,
    );
  });
  after(async () => {
    await proxy?.stop();
    await tenant?.close();
  });
  beforeEach(async () => {
    await injectToTenant('POST', '/.dev/reset', '', 'application/json');
    tenant.ctx.fixture.acsRoleAssignments = [{ principalId: backend.servicePrincipalId, roleDefinitionName: 'Communication and Email Service Owner' }];
  });

  it("exchanges the agent's Entra token for a Teams ACS token, authenticating to ACS with the backend's Entra token", async () => {
    const { status, body } = await exchange(await agentTeamsToken());
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(decodeJwt(body.token!).skypeid, `orgid:${userByUpn(tenant, UPN.agent).id}`);
    assert.doesNotMatch(proxy.output(), new RegExp(backend.clientSecret), 'the secret is in no log line');
  });

  it("grants an agent's assignment as the CCaaS admin, the proxy writing it to ACS with the backend's Entra token", async () => {
    const { id: tid } = tenant.ctx.fixture.tenant;
    const clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
    const agentId = userByUpn(tenant, UPN.agent).id;
    const admin = await userToken(UPN.ccaasAdmin, proxyApiScope(tenant));
    const response = await fetch(`${proxy.url}${assignmentPath(tid, agentId)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ principalType: 'user', clientIds: [clientId] }),
    });
    assert.equal(response.status, 201, await response.text());
    // What ACS (the dev tenant) now holds, read the way the elements read it: through the proxy.
    const read = await fetch(`${proxy.url}${assignmentPath(tid, agentId)}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.deepEqual(await read.json(), { objectId: agentId, tenantId: tid, principalType: 'user', clientIds: [clientId] });
  });

  it("says the proxy's deployment is at fault (502) when its identity has no role on the ACS resource", async () => {
    tenant.ctx.fixture.acsRoleAssignments = [];
    const { status, body } = await exchange(await agentTeamsToken());
    assert.equal(status, 502, JSON.stringify(body));
    assert.equal(body.error?.code, 'upstream_auth_failed');
  });
});
