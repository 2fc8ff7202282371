import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, SignJWT } from 'jose';
import { consentTenantWide, resetTenant, SCOPES, shiftClock, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { assertAcsError, assertSdkError, assertShape, claimsOf, consentOnly, entraAccessToken, identityClient, signedFetch } from './acs-helpers.js';

const EXCHANGE = '/teamsUser/:exchangeAccessToken?api-version=2023-10-01';
const ACS = 'https://auth.msft.communication.azure.com';

describe('dev tenant ACS: Teams user token exchange (Teams persona)', () => {
  let tenant: DevTenant;
  let clientId: string;
  let agentId: string;
  before(async () => {
    tenant = await startTestTenant();
    // The tokens come from the password grant, so they carry the test automation client's id.
    clientId = testAutomationClientId(tenant);
    agentId = userByUpn(tenant, UPN.agent).id;
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
    await consentTenantWide(tenant);
  });

  const exchange = (teamsUserAadToken: string, options: { clientId?: string; userObjectId?: string } = {}) =>
    identityClient(tenant)
      .getTokenForTeamsUser({ teamsUserAadToken, clientId: options.clientId ?? clientId, userObjectId: options.userObjectId ?? agentId })
      .catch((error: unknown) => error);

  it('exchanges a Teams user Entra token through the real SDK for an 8:orgid ACS token', async () => {
    const entra = await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const result = await identityClient(tenant).getTokenForTeamsUser({ teamsUserAadToken: entra, clientId, userObjectId: agentId });
    const claims = claimsOf(result.token);
    assert.equal(claims.skypeid, `orgid:${agentId}`);
    assert.equal(claims.acsScope, 'chat,voip');
    assert.equal(claims.scp, 1792);
    assert.equal(claims.oid, agentId);
    assert.equal(claims.tid, tenant.ctx.fixture.tenant.id);
    assert.equal(claims.resourceId, tenant.ctx.fixture.acs.immutableResourceId);
    assert.equal(claims.resourceLocation, tenant.ctx.fixture.acs.location);
    assert.equal(claims.csi, String(claims.iat));
    // "with a matching expiration time": never later than the Entra token.
    assert.ok(Number(claims.exp) <= Number(claimsOf(entra).exp));
    assert.equal(result.expiresOn.getTime(), Number(claims.exp) * 1000);
  });

  it('answers in the REST spec shape when called directly, with either api-version', async () => {
    const token = await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona);
    for (const version of ['2023-10-01', '2025-06-30']) {
      const body = JSON.stringify({ token, appId: clientId, userId: agentId });
      const response = await signedFetch(tenant, { method: 'POST', path: `/teamsUser/:exchangeAccessToken?api-version=${version}`, body });
      assert.equal(response.status, 200, version);
      assertShape('acs-access-token.json', await response.json());
    }
  });

  it('refuses a token signed by a key the tenant never used', async () => {
    const entra = claimsOf(await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(entra).setProtectedHeader({ alg: 'RS256', kid: tenant.ctx.key.kid }).sign(privateKey);
    assertSdkError(await exchange(forged), 401, 'InvalidAccessToken', 'TokenSignatureInvalid');
  });

  it('refuses a token of another tenant', async () => {
    const otherTenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const claims = { ...claimsOf(await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona)), tid: otherTenant, iss: `${tenant.url}/${otherTenant}/v2.0` };
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: tenant.ctx.key.kid }).sign(tenant.ctx.key.privateKey);
    assertSdkError(await exchange(foreign), 401, 'InvalidAccessToken', 'TokenIssuerInvalid');
  });

  it('refuses an expired Entra token', async () => {
    await shiftClock(tenant, -2 * 3600); // issue it two hours ago, so it expired an hour ago
    const entra = await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona);
    await shiftClock(tenant, 0);
    assertSdkError(await exchange(entra), 401, 'InvalidAccessToken', 'TokenExpired');
  });

  it('refuses a token that is not a JWT, or is for another API', async () => {
    assertSdkError(await exchange('not-a-jwt'), 401, 'InvalidAccessToken', 'TokenMalformed');
    const graph = await entraAccessToken(tenant, UPN.agent, SCOPES.graphResourceAccounts);
    assertSdkError(await exchange(graph), 401, 'InvalidAccessToken', 'TokenAudienceInvalid');
  });

  it('refuses a token without both Teams.ManageCalls and Teams.ManageChats', async () => {
    for (const scope of [`${ACS}/Teams.ManageCalls`, SCOPES.ccaasPersona]) {
      await consentOnly(tenant, [scope]);
      const token = await entraAccessToken(tenant, UPN.agent, scope);
      assert.equal(claimsOf(token).scp, scope.slice(ACS.length + 1), 'the token carries only what was consented');
      const body = assertSdkError(await exchange(token), 401, 'InvalidAccessToken', 'TokenScopeMissing');
      assert.match(body.error.message, /Teams\.ManageChats/, scope);
    }
  });

  it('refuses a userId or appId that the token does not carry', async () => {
    const token = await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const otherUser = userByUpn(tenant, UPN.secondAgent).id;
    const wrongUser = assertSdkError(await exchange(token, { userObjectId: otherUser }), 401, 'InvalidAccessToken', 'UserIdMismatch');
    assert.match(wrongUser.error.message, new RegExp(otherUser));
    const otherApp = tenant.ctx.fixture.apps.ccaasBot.appId;
    const wrongApp = assertSdkError(await exchange(token, { clientId: otherApp }), 401, 'InvalidAccessToken', 'AppIdMismatch');
    assert.match(wrongApp.error.message, new RegExp(clientId));
  });

  it('refuses a user without a Teams licence with 403 UserLicenseNotPresentForbidden', async () => {
    const token = await entraAccessToken(tenant, UPN.unlicensed, SCOPES.teamsPersona);
    const error = await exchange(token, { userObjectId: userByUpn(tenant, UPN.unlicensed).id });
    const body = assertSdkError(error, 403, 'UserLicenseNotPresentForbidden');
    assert.match(body.error.message, /Teams is disabled in user licenses/);
  });

  it('names a missing or ill-typed field with 400', async () => {
    const token = await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const cases: [unknown, string, RegExp][] = [
      [{ appId: clientId, userId: agentId }, 'MissingField', /"token"/],
      [{ token: 42, appId: clientId, userId: agentId }, 'InvalidField', /"token"/],
      [{ token, userId: agentId }, 'MissingField', /"appId"/],
      [{ token, appId: 'my-app', userId: agentId }, 'InvalidField', /"appId" must be a GUID/],
      [{ token, appId: clientId, userId: ['x'] }, 'InvalidField', /"userId" must be a GUID/],
      [[token, clientId, agentId], 'InvalidRequestBody', /JSON object/],
    ];
    for (const [payload, reason, message] of cases) {
      const response = await signedFetch(tenant, { method: 'POST', path: EXCHANGE, body: JSON.stringify(payload) });
      const body = await assertAcsError(response, 400, reason);
      assert.match(body.error.message, message);
    }
    await assertAcsError(await signedFetch(tenant, { method: 'POST', path: EXCHANGE }), 400, 'MissingRequestBody');
  });
});
