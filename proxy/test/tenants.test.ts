import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, SignJWT } from 'jose';
import {
  consentTenantWide,
  FABRIKAM_UPN,
  passwordToken,
  resetTenant,
  SCOPES,
  startTestTenant,
  TENANTS,
  UPN,
  userByUpn,
  VENDOR_UPN,
  type DevTenant,
} from '@tpe-elements/dev-tenant/testing';
import { assignmentPath, buildTestProxy, callProxy, GOOD_RA, proxyApiScope, type ProxyApp } from './support/proxy.js';

const FABRIKAM_RA = 'd21e1d16-c12e-454f-8c28-51ea9b3c235b';

/**
 * One vendor proxy serving two customers (Contoso and Fabrikam are allowed, the vendor's own tenant is not):
 * each customer's admin manages its own assignments only, each agent gets only its own ACS token, and a
 * tenant that is not allowed gets nothing. All of it with the API registered for v1 tokens and for v2.
 */
for (const version of [1, 2] as const) describe(`token proxy for two customer tenants (v${version} tokens for its API)`, () => {
  let tenant: DevTenant;
  let proxy: ProxyApp;
  let clientId: string;
  before(async () => {
    tenant = await startTestTenant((fixture) => {
      fixture.apps.ccaasClient.accessTokenAcceptedVersion = version;
    });
    proxy = await buildTestProxy(tenant, { ENTRA_ALLOWED_TENANTS: `${TENANTS.contoso},${TENANTS.fabrikam}` });
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });
  beforeEach(async () => {
    await resetTenant(tenant);
    for (const tid of Object.values(TENANTS)) await consentTenantWide(tenant, tid);
  });

  const apiToken = async (upn: string) => (await passwordToken(tenant, upn, proxyApiScope(tenant))).access_token;
  const teamsToken = async (upn: string) => (await passwordToken(tenant, upn, SCOPES.teamsPersona)).access_token;

  it(`is given v${version} tokens for its API by both customers' tenants`, async () => {
    for (const upn of [UPN.ccaasAdmin, FABRIKAM_UPN.ccaasAdmin]) assert.equal(decodeJwt(await apiToken(upn)).ver, `${version}.0`, upn);
  });
  const customers = [
    { name: 'Contoso', tid: TENANTS.contoso, admin: UPN.ccaasAdmin, agent: UPN.agent, ra: GOOD_RA },
    { name: 'Fabrikam', tid: TENANTS.fabrikam, admin: FABRIKAM_UPN.ccaasAdmin, agent: FABRIKAM_UPN.agent, ra: FABRIKAM_RA },
  ] as const;

  for (const [own, other] of [customers, [...customers].reverse()] as const) {
    it(`lets ${own.name}'s admin manage ${own.name}'s assignments, and neither read nor change ${other.name}'s`, async () => {
      const ownAdmin = await apiToken(own.admin);
      const otherAdmin = await apiToken(other.admin);
      const linked = await callProxy(proxy, assignmentPath(own.tid, own.ra), { method: 'PUT', token: ownAdmin, body: { principalType: 'resourceAccount' } });
      assert.equal(linked.status, 201, JSON.stringify(linked.body));
      assert.equal(linked.body.tenantId, own.tid);
      const otherAgent = userByUpn(tenant, other.agent).id;
      const granted = await callProxy(proxy, assignmentPath(other.tid, otherAgent), { method: 'PUT', token: otherAdmin, body: { principalType: 'user', clientIds: [clientId] } });
      assert.equal(granted.status, 201, JSON.stringify(granted.body));

      const attempts = [
        { method: 'GET', path: assignmentPath(other.tid, otherAgent) },
        { method: 'GET', path: `/api/tenants/${other.tid}/assignments?objectIds=${otherAgent}` },
        { method: 'PUT', path: assignmentPath(other.tid, otherAgent), body: { principalType: 'user', clientIds: [tenant.ctx.fixture.apps.ccaasBot.appId] } },
        { method: 'PUT', path: assignmentPath(other.tid, other.ra), body: { principalType: 'resourceAccount' } },
        { method: 'DELETE', path: assignmentPath(other.tid, otherAgent) },
      ];
      for (const { method, path, body } of attempts) {
        const refused = await callProxy(proxy, path, { method, token: ownAdmin, body });
        assert.equal(refused.status, 403, `${method} ${path}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.error.code, 'wrong_tenant');
      }
      // What the other customer's admin sees is what it set, untouched; its line was never linked.
      const kept = await callProxy(proxy, assignmentPath(other.tid, otherAgent), { token: otherAdmin });
      assert.deepEqual(kept.body, { objectId: otherAgent, tenantId: other.tid, principalType: 'user', clientIds: [clientId] });
      assert.equal((await callProxy(proxy, assignmentPath(other.tid, other.ra), { token: otherAdmin })).status, 404);
    });

    it(`gives ${own.name}'s agent its own ACS token and its own assignment, never ${other.name}'s agent's`, async () => {
      const ownAgent = userByUpn(tenant, own.agent).id;
      const otherAgent = userByUpn(tenant, other.agent).id;
      const granted = await callProxy(proxy, assignmentPath(other.tid, otherAgent), {
        method: 'PUT',
        token: await apiToken(other.admin),
        body: { principalType: 'user', clientIds: [clientId] },
      });
      assert.equal(granted.status, 201);

      const entra = await teamsToken(own.agent);
      const exchanged = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: entra });
      assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
      assert.equal(exchanged.body.identity.rawId, `8:orgid:${ownAgent}`);
      const acs = decodeJwt(exchanged.body.token);
      assert.deepEqual([acs.skypeid, acs.tid], [`orgid:${ownAgent}`, own.tid]);

      // The agent's own token with the other agent's ids, signed with its own tenant's key: the other
      // tenant's keys do not vouch for it.
      const ownKey = tenant.ctx.tenantKeys.get(own.tid)!;
      const posing = await new SignJWT({ ...decodeJwt(entra), tid: other.tid, oid: otherAgent, iss: `https://sts.windows.net/${other.tid}/` })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: ownKey.kid })
        .sign(ownKey.privateKey);
      const refused = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: posing });
      assert.equal(refused.status, 401, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'unknown_key');

      const mine = await callProxy(proxy, '/api/me/assignment', { token: await apiToken(own.agent) });
      assert.deepEqual({ assigned: mine.body.assigned, clientAllowed: mine.body.clientAllowed }, { assigned: false, clientAllowed: false }, "the other agent's grant is not this agent's");
    });
  }

  it("refuses the admin and the agent of a tenant that is not allowed, even on that tenant's own assignments", async () => {
    const admin = await apiToken(VENDOR_UPN.admin);
    const vendorUser = userByUpn(tenant, VENDOR_UPN.support).id;
    for (const [method, path] of [
      ['GET', assignmentPath(TENANTS.vendor, vendorUser)],
      ['PUT', assignmentPath(TENANTS.vendor, vendorUser)],
      ['GET', assignmentPath(TENANTS.contoso, userByUpn(tenant, UPN.agent).id)],
    ] as const) {
      const refused = await callProxy(proxy, path, { method, token: admin, body: method === 'PUT' ? { principalType: 'user', clientIds: [clientId] } : undefined });
      assert.equal(refused.status, 401, `${method} ${path}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, 'tenant_not_allowed');
    }
    const agent = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: await teamsToken(VENDOR_UPN.support) });
    assert.equal(agent.status, 401);
    assert.equal(agent.body.error.code, 'tenant_not_allowed');
    const me = await callProxy(proxy, '/api/me/assignment', { token: await apiToken(VENDOR_UPN.support) });
    assert.equal(me.body.error.code, 'tenant_not_allowed');
  });
});
