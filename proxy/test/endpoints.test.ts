import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { consentTenantWide, resetTenant, SCOPES, startTestTenant, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { ALLOWED_ORIGIN, assignmentPath, buildTestProxy, callProxy, entraToken, GOOD_RA, OTHER_TENANT, proxyApiScope, startTestProxy, UNBOUND_RA, type ProxyApp } from './support/proxy.js';

describe('token proxy against the dev tenant: every endpoint', () => {
  let tenant: DevTenant;
  let proxy: ProxyApp;
  let tid: string;
  let clientId: string;
  before(async () => {
    tenant = await startTestTenant();
    proxy = await buildTestProxy(tenant);
    tid = tenant.ctx.fixture.tenant.id;
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });
  beforeEach(async () => {
    await resetTenant(tenant);
    await consentTenantWide(tenant);
  });

  const adminToken = () => entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));

  it('GET /api/config hands a page its public settings and never the access key', async () => {
    const { status, text } = await callProxy(proxy, '/api/config');
    assert.equal(status, 200);
    assert.ok(!text.includes(tenant.ctx.fixture.acs.accessKey), 'the ACS access key is in /api/config');
    assert.ok(!/accesskey/i.test(text), 'a connection string is in /api/config');
    const config = JSON.parse(text);
    assert.equal(config.clientId, clientId);
    assert.equal(config.authority, `${tenant.url}/organizations`);
    const metadata = JSON.parse(config.authorityMetadata);
    assert.equal(metadata.token_endpoint, `${tenant.url}/${tid}/oauth2/v2.0/token`);
    assert.equal(metadata.issuer, `${tenant.url}/${tid}/v2.0`);
    assert.deepEqual(config.acs, { endpoint: tenant.url, immutableResourceId: tenant.ctx.fixture.acs.immutableResourceId });
    assert.deepEqual(config.scopes.teamsPersona, SCOPES.teamsPersona.split(' '));
    assert.deepEqual(config.scopes.ccaasPersona, [SCOPES.ccaasPersona]);
    assert.deepEqual(config.scopes.proxy, [proxyApiScope(tenant)]);
    assert.equal(config.calling, 'sdk', 'pages load the real Calling SDK unless CALLING_BACKEND says otherwise');
  });

  it('POST /api/token/teams-user exchanges a Teams-scoped Entra token for the caller\'s 8:orgid ACS token', async () => {
    const agentId = userByUpn(tenant, UPN.agent).id;
    const { status, headers, body } = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: await entraToken(tenant, UPN.agent, SCOPES.teamsPersona) });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(headers.get('cache-control'), 'no-store');
    assert.equal(body.identity.rawId, `8:orgid:${agentId}`);
    const claims = decodeJwt(body.token);
    assert.equal(claims.skypeid, `orgid:${agentId}`, 'the ACS token is not for the caller');
    assert.equal(Date.parse(body.expiresOn), Number(claims.exp) * 1000);
    assert.ok(Date.parse(body.expiresOn) > Date.now());
  });

  it('links the good resource account as the CCaaS admin: 201 the first time, 200 the second, then reads it back', async () => {
    const token = await adminToken();
    const link = () => callProxy(proxy, assignmentPath(tid, GOOD_RA), { method: 'PUT', token, body: { principalType: 'resourceAccount' } });
    const first = await link();
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body, { objectId: GOOD_RA, tenantId: tid, principalType: 'resourceAccount' });
    assert.equal((await link()).status, 200);
    const read = await callProxy(proxy, assignmentPath(tid, GOOD_RA), { token });
    assert.equal(read.status, 200);
    assert.equal(read.body.principalType, 'resourceAccount');
  });

  it('grants an agent, reads the grant back, deletes it (204), and then it is gone (404)', async () => {
    const token = await adminToken();
    const agentId = userByUpn(tenant, UPN.agent).id;
    const path = assignmentPath(tid, agentId);
    const granted = await callProxy(proxy, path, { method: 'PUT', token, body: { principalType: 'user', clientIds: [clientId] } });
    assert.equal(granted.status, 201, JSON.stringify(granted.body));
    assert.deepEqual((await callProxy(proxy, path, { token })).body, { objectId: agentId, tenantId: tid, principalType: 'user', clientIds: [clientId] });
    assert.equal((await callProxy(proxy, path, { method: 'DELETE', token })).status, 204);
    const gone = await callProxy(proxy, path, { token });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'assignment_not_found');
  });

  it('refuses to link a resource account that is not bound to this ACS resource, with the reason ACS gives', async () => {
    const { status, body } = await callProxy(proxy, assignmentPath(tid, UNBOUND_RA), { method: 'PUT', token: await adminToken(), body: { principalType: 'resourceAccount' } });
    assert.equal(status, 403);
    assert.equal(body.error.code, 'acs_ResourceAccountNotBound');
    assert.match(body.error.message, /sales\.line@contoso\.dev/);
    assert.match(body.error.message, /Set-CsOnlineApplicationInstance/);
  });

  it('GET /api/me/assignment tells an agent whether it has been granted, and through this client app', async () => {
    const agentToken = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    const before = await callProxy(proxy, '/api/me/assignment', { token: agentToken });
    assert.equal(before.status, 200);
    assert.deepEqual({ assigned: before.body.assigned, clientAllowed: before.body.clientAllowed }, { assigned: false, clientAllowed: false });

    const path = assignmentPath(tid, userByUpn(tenant, UPN.agent).id);
    assert.equal((await callProxy(proxy, path, { method: 'PUT', token: await adminToken(), body: { principalType: 'user', clientIds: [clientId] } })).status, 201);
    const afterGrant = await callProxy(proxy, '/api/me/assignment', { token: agentToken });
    assert.deepEqual({ assigned: afterGrant.body.assigned, clientAllowed: afterGrant.body.clientAllowed }, { assigned: true, clientAllowed: true });
  });

  it('GET /api/me/assignment says clientAllowed false when the agent was granted through another app only', async () => {
    const otherApp = tenant.ctx.fixture.apps.ccaasBot.appId;
    const path = assignmentPath(tid, userByUpn(tenant, UPN.agent).id);
    assert.equal((await callProxy(proxy, path, { method: 'PUT', token: await adminToken(), body: { principalType: 'user', clientIds: [otherApp] } })).status, 201);
    const { body } = await callProxy(proxy, '/api/me/assignment', { token: await entraToken(tenant, UPN.agent, proxyApiScope(tenant)) });
    assert.deepEqual({ assigned: body.assigned, clientAllowed: body.clientAllowed }, { assigned: true, clientAllowed: false });
  });

  // The rest of this file reaches the built app through inject(); this case runs the proxy the way main.ts does.
  it('listens on 127.0.0.1 on a free port and exchanges a page\'s Entra token for its ACS token over HTTP', async () => {
    const listening = await startTestProxy(tenant, { HOST: '127.0.0.1', PORT: '0' });
    try {
      const { hostname, port } = new URL(listening.url);
      assert.equal(hostname, '127.0.0.1');
      assert.ok(Number(port) > 0, `port ${port}`);
      const answer = await callProxy(listening, '/api/token/teams-user', {
        method: 'POST',
        token: await entraToken(tenant, UPN.agent, SCOPES.teamsPersona),
        headers: { origin: ALLOWED_ORIGIN },
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.equal(answer.body.identity.rawId, `8:orgid:${userByUpn(tenant, UPN.agent).id}`);
    } finally {
      await listening.close();
    }
  });

  it('/healthz answers 200, and /readyz 200 with every check ok', async () => {
    assert.deepEqual(await callProxy(proxy, '/healthz').then((r) => [r.status, r.body.status]), [200, 'ok']);
    const ready = await callProxy(proxy, '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body.checks, { entraKeys: 'ok', acs: 'ok' });
  });

  it("/readyz answers 503 and names the ACS check that refused this instance's credential, without the upstream error text, when the access key is wrong", async () => {
    const wrongKey = randomBytes(32).toString('base64');
    const misconfigured = await buildTestProxy(tenant, { ACS_CONNECTION_STRING: `endpoint=${tenant.url}/;accesskey=${wrongKey}` });
    try {
      const ready = await callProxy(misconfigured, '/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks.entraKeys, 'ok');
      assert.equal(ready.body.checks.acs, 'refused', 'what ACS said goes to the log, not to anyone who asks');
      assert.equal((await callProxy(misconfigured, '/healthz')).status, 200, 'liveness must not depend on ACS');
    } finally {
      await misconfigured.close();
    }
  });
});

describe('token proxy: who may write assignments', () => {
  let tenant: DevTenant;
  let proxy: ProxyApp;
  let tid: string;
  before(async () => {
    tenant = await startTestTenant();
    proxy = await buildTestProxy(tenant);
    tid = tenant.ctx.fixture.tenant.id;
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });
  beforeEach(async () => {
    await resetTenant(tenant);
  });

  const linkGoodRa = (token: string, tenantId = tid) => callProxy(proxy, assignmentPath(tenantId, GOOD_RA), { method: 'PUT', token, body: { principalType: 'resourceAccount' } });
  const readGoodRa = async () => (await callProxy(proxy, assignmentPath(tid, GOOD_RA), { token: await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant)) })).status;

  it('refuses an agent with 403 admin_role_required, and nothing is written', async () => {
    const agentToken = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    const { status, body } = await linkGoodRa(agentToken);
    assert.equal(status, 403);
    assert.equal(body.error.code, 'admin_role_required');
    const deleted = await callProxy(proxy, assignmentPath(tid, GOOD_RA), { method: 'DELETE', token: agentToken });
    assert.equal(deleted.status, 403);
    assert.equal(await readGoodRa(), 404);
  });

  it('refuses an admin writing into another tenant with 403 wrong_tenant', async () => {
    const { status, body } = await linkGoodRa(await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant)), OTHER_TENANT);
    assert.equal(status, 403);
    assert.equal(body.error.code, 'wrong_tenant');
  });

  it('lets the Teams Administrator of the tenant link the resource account', async () => {
    const { status } = await linkGoodRa(await entraToken(tenant, UPN.teamsAdmin, proxyApiScope(tenant)));
    assert.equal(status, 201);
    assert.equal(await readGoodRa(), 200);
  });
});
