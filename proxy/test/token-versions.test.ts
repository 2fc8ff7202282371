import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, type JWTPayload } from 'jose';
import { consentTenantWide, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { alteredToken, assignmentPath, entraToken, nowSeconds, OTHER_TENANT, proxyApiScope, startTestProxy, type TokenProxy } from './support/proxy.js';

/**
 * The proxy's API as Entra would issue its tokens under either registration: `accessTokenAcceptedVersion` 2
 * (the fixture's, v2 tokens: `azp`, issuer `{authority}/{tid}/v2.0`, audience the app id) and 1 (v1 tokens:
 * `appid`, issuer `https://sts.windows.net/{tid}/`, audience the identifier URI).
 */
const VERSIONS = [
  { version: 1, ver: '1.0', client: 'appid', otherClient: 'azp' },
  { version: 2, ver: '2.0', client: 'azp', otherClient: 'appid' },
] as const;

for (const { version, ver, client, otherClient } of VERSIONS) {
  describe(`token proxy: its API's v${version} access tokens`, () => {
    let tenant: DevTenant;
    let proxy: TokenProxy;
    let tid: string;
    let clientId: string;
    let agentToken: string;
    let v1Issuer: string;
    let v2Issuer: string;
    before(async () => {
      tenant = await startTestTenant((fixture) => {
        fixture.apps.ccaasClient.accessTokenAcceptedVersion = version;
      });
      proxy = await startTestProxy(tenant);
      tid = tenant.ctx.fixture.tenant.id;
      // The client the tests' tokens come from: the test automation registration (the password grant).
      clientId = testAutomationClientId(tenant);
      v1Issuer = `https://sts.windows.net/${tid}/`;
      v2Issuer = `${tenant.url}/${tid}/v2.0`;
      await consentTenantWide(tenant);
      agentToken = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    });
    after(async () => {
      await proxy.close();
      await tenant.close();
    });

    const myAssignment = async (token: string) => {
      const response = await proxy.app.inject({ method: 'GET', url: '/api/me/assignment', headers: { authorization: `Bearer ${token}` } });
      return { status: response.statusCode, body: response.json() };
    };
    const altered = (changes: JWTPayload) => alteredToken(tenant, agentToken, changes);
    async function assertRefused(token: string, code: string) {
      const { status, body } = await myAssignment(token);
      assert.equal(status, 401, JSON.stringify(body));
      assert.equal(body.error.code, code);
    }

    it(`is given v${version} tokens by the dev tenant (so the cases below run on that version)`, () => {
      const claims = decodeJwt(agentToken);
      assert.equal(claims.ver, ver);
      assert.equal(claims.iss, version === 1 ? v1Issuer : v2Issuer);
      assert.equal(claims[client], clientId);
      assert.equal(otherClient in claims, false);
    });

    it('accepts the token and acts for its tenant and user: an admin grants the agent, the agent sees its grant', async () => {
      const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
      const agentId = userByUpn(tenant, UPN.agent).id;
      const grant = await proxy.app.inject({
        method: 'PUT',
        url: assignmentPath(tid, agentId),
        headers: { authorization: `Bearer ${admin}` },
        payload: { principalType: 'user', clientIds: [tenant.ctx.fixture.apps.ccaasClient.appId] },
      });
      assert.equal(grant.statusCode, 201, grant.body);
      const { status, body } = await myAssignment(agentToken);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual({ assigned: body.assigned, clientAllowed: body.clientAllowed }, { assigned: true, clientAllowed: true });
      const elsewhere = await proxy.app.inject({ method: 'GET', url: assignmentPath(OTHER_TENANT, agentId), headers: { authorization: `Bearer ${admin}` } });
      assert.equal(elsewhere.statusCode, 403, 'the tenant of the token, not of the path, is the caller\'s');
      assert.equal(elsewhere.json().error.code, 'wrong_tenant');
    });

    it('refuses it for another audience, without the scope, expired, or from a tenant not allowed', async () => {
      await assertRefused(await altered({ aud: 'https://graph.microsoft.com' }), 'wrong_audience');
      await assertRefused(await altered({ scp: 'User.Read' }), 'missing_scope');
      await assertRefused(await altered({ exp: nowSeconds() - 3600 }), 'token_expired');
      await assertRefused(await altered({ tid: OTHER_TENANT, iss: (version === 1 ? v1Issuer : v2Issuer).replace(tid, OTHER_TENANT) }), 'tenant_not_allowed');
    });

    it(`reads the client from ${client} only: the allowed client named in ${otherClient} does not count`, async () => {
      const otherApp = tenant.ctx.fixture.apps.ccaasBot.appId;
      await assertRefused(await altered({ [client]: otherApp }), 'client_not_allowed');
      await assertRefused(await altered({ [client]: undefined, [otherClient]: clientId }), 'client_not_allowed');
      // Nor may the other claim name a second client beside the allowed one.
      await assertRefused(await altered({ [otherClient]: otherApp }), 'client_not_allowed');
    });

    it(`refuses a v${version} token that names the other version's issuer, or no version at all`, async () => {
      await assertRefused(await altered({ iss: version === 1 ? v2Issuer : v1Issuer }), 'wrong_issuer');
      await assertRefused(await altered({ ver: version === 1 ? '2.0' : '1.0' }), 'wrong_issuer');
      await assertRefused(await altered({ ver: undefined }), 'malformed_token');
    });
  });
}
