import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consentTenantWide, resetTenant, SCOPES, shiftClock, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { assertAcsError, assertShape, claimsOf, consentOnly, entraAccessToken, signedFetch } from './acs-helpers.js';

const GOOD_RA = 'f8b63395-8661-410a-b058-401f375f1a70';
const EXCHANGE = '/access/teamsExtension/:exchangeAccessToken?api-version=2025-06-30';

interface ExchangeResult {
  identity: { id: string };
  accessToken: { token: string; expiresOn: string };
}

describe('dev tenant ACS: Teams extension token exchange (CCaaS persona)', () => {
  let tenant: DevTenant;
  let tid: string;
  let res: string;
  let clientId: string;
  let agent: string;
  before(async () => {
    tenant = await startTestTenant();
    tid = tenant.ctx.fixture.tenant.id;
    res = tenant.ctx.fixture.acs.immutableResourceId;
    // The tokens come from the password grant, so the assignment names the test automation client.
    clientId = testAutomationClientId(tenant);
    agent = userByUpn(tenant, UPN.agent).id;
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
    await consentTenantWide(tenant);
  });

  // What EntraTokenCredential sends: a bearer token and `{}`, with no access key.
  const exchange = (token: string | undefined, init: { path?: string; body?: string; origin?: string } = {}) =>
    fetch(`${tenant.url}${init.path ?? EXCHANGE}`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
        accept: 'application/json',
        ...(init.origin ? { origin: init.origin } : {}),
      },
      body: init.body ?? '{}',
    });
  const assign = async (objectId: string, body: unknown) => {
    const response = await signedFetch(tenant, {
      method: 'PUT',
      path: `/access/teamsExtension/tenants/${tid}/assignments/${objectId}?api-version=2025-06-30`,
      body: JSON.stringify(body),
    });
    assert.ok(response.status === 201 || response.status === 200, await response.text());
  };
  const agentToken = () => entraAccessToken(tenant, UPN.agent, SCOPES.ccaasPersona);

  it('issues the dual-persona token once the RA is linked and the agent is assigned for the client app', async () => {
    await assign(GOOD_RA, { principalType: 'resourceAccount' });
    await assign(agent, { principalType: 'user', clientIds: [clientId] });
    const entra = await agentToken();
    const response = await exchange(entra, { origin: 'http://localhost:8000' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:8000', 'a browser page may read it');
    const body = (await response.json()) as ExchangeResult;
    assertShape('acs-teams-extension-exchange-result.json', body);
    assert.equal(body.identity.id, `8:acs:${res}_${tid}_${agent}`);

    const claims = claimsOf(body.accessToken.token);
    assert.equal(claims.skypeid, `acs:${res}_${tid}_${agent}`);
    assert.equal(claims.acsScope, 'voip');
    assert.equal(claims.oid, agent);
    assert.equal(claims.tid, tid);
    assert.equal(claims.resourceId, res);
    assert.equal(claims.resourceLocation, tenant.ctx.fixture.acs.location);
    assert.equal(Date.parse(body.accessToken.expiresOn), Number(claims.exp) * 1000);
    assert.ok(Number(claims.exp) <= Number(claimsOf(entra).exp), 'never outlives the Entra token');
  });

  it('counts a resource account linked with the Learn spelling teamsResourceAccount', async () => {
    await assign(GOOD_RA, { principalType: 'teamsResourceAccount' });
    await assign(agent, { principalType: 'user', clientIds: [clientId] });
    assert.equal((await exchange(await agentToken())).status, 200);
  });

  it('says which consent is missing, one at a time', async () => {
    const token = await agentToken();
    const noAgent = await assertAcsError(await exchange(token), 403, 'UserNotAssigned');
    assert.match(noAgent.error.message, new RegExp(`assignments/${agent}`));

    await assign(agent, { principalType: 'user', clientIds: [tenant.ctx.fixture.apps.ccaasBot.appId] });
    const otherClient = await assertAcsError(await exchange(token), 403, 'ClientNotAssigned');
    assert.match(otherClient.error.message, new RegExp(clientId));

    await assign(agent, { principalType: 'user', clientIds: [clientId] });
    const noRa = await assertAcsError(await exchange(token), 403, 'NoResourceAccountLinked');
    assert.match(noRa.error.message, /principalType":"resourceAccount/);

    await assign(GOOD_RA, { principalType: 'resourceAccount' });
    assert.equal((await exchange(token)).status, 200);
  });

  it('stops issuing when the agent assignment is deleted', async () => {
    await assign(GOOD_RA, { principalType: 'resourceAccount' });
    await assign(agent, { principalType: 'user', clientIds: [clientId] });
    const token = await agentToken();
    assert.equal((await exchange(token)).status, 200);
    const removed = await signedFetch(tenant, { method: 'DELETE', path: `/access/teamsExtension/tenants/${tid}/assignments/${agent}?api-version=2025-06-30` });
    assert.equal(removed.status, 204);
    await assertAcsError(await exchange(token), 403, 'UserNotAssigned');
  });

  it('refuses an assigned agent without a Teams licence with 403 UserLicenseNotPresentForbidden', async () => {
    const uma = userByUpn(tenant, UPN.unlicensed).id;
    await assign(GOOD_RA, { principalType: 'resourceAccount' });
    await assign(uma, { principalType: 'user', clientIds: [clientId] });
    const response = await exchange(await entraAccessToken(tenant, UPN.unlicensed, SCOPES.ccaasPersona));
    const body = await assertAcsError(response, 403, 'UserLicenseNotPresentForbidden');
    assert.match(body.error.message, /Teams is disabled in user licenses/);
  });

  it('refuses a missing bearer token, an expired one, or one without TeamsExtension.ManageCalls', async () => {
    await assertAcsError(await exchange(undefined), 401, 'InvalidAccessToken', 'MissingBearerToken');
    await assertAcsError(await exchange('opaque'), 401, 'InvalidAccessToken', 'TokenMalformed');

    await shiftClock(tenant, -2 * 3600);
    const stale = await agentToken();
    await shiftClock(tenant, 0);
    await assertAcsError(await exchange(stale), 401, 'InvalidAccessToken', 'TokenExpired');

    await consentOnly(tenant, SCOPES.teamsPersona.split(' '));
    const teamsPersonaOnly = await entraAccessToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const body = await assertAcsError(await exchange(teamsPersonaOnly), 401, 'InvalidAccessToken', 'TokenScopeMissing');
    assert.match(body.error.message, /TeamsExtension\.ManageCalls/);
  });

  it('requires api-version 2025-06-30 and a JSON object body', async () => {
    const token = await agentToken();
    await assertAcsError(await exchange(token, { path: '/access/teamsExtension/:exchangeAccessToken' }), 400, 'MissingApiVersionParameter');
    const old = exchange(token, { path: '/access/teamsExtension/:exchangeAccessToken?api-version=2023-10-01' });
    await assertAcsError(await old, 400, 'UnsupportedApiVersion');
    await assertAcsError(await exchange(token, { body: '[]' }), 400, 'InvalidRequestBody');
    await assertAcsError(await exchange(token, { body: '{' }), 400, 'BadRequest');
  });

  it('requires the body the spec requires: none at all, or an empty one, is 400 MissingRequestBody', async () => {
    await assign(GOOD_RA, { principalType: 'resourceAccount' });
    await assign(agent, { principalType: 'user', clientIds: [clientId] });
    const token = await agentToken();
    await assertAcsError(await exchange(token, { body: '' }), 400, 'MissingRequestBody');
    const bare = await fetch(`${tenant.url}${EXCHANGE}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await assertAcsError(bare, 400, 'MissingRequestBody');
    assert.equal((await exchange(token, { body: '{}' })).status, 200, 'the same agent with `{}` gets its token');
  });
});
