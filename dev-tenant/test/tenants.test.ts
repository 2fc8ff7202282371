import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT } from 'jose';
import {
  consentTenantWide,
  FABRIKAM_UPN,
  passwordToken,
  resetTenant,
  SCOPES,
  startTestTenant,
  TENANTS,
  testAutomationClientId,
  UPN,
  userByUpn,
  type DevTenant,
} from '../src/testing.js';
import { assertAcsError, signedFetch } from './acs-helpers.js';
import { assertGraphError, graphGet } from './graph-helpers.js';
import { formRequestField, pkcePair, redeemCode, REDIRECT_URI, redirectParams, signInThroughPage } from './support/authorize.js';

const FABRIKAM_RA = 'd21e1d16-c12e-454f-8c28-51ea9b3c235b';
const FABRIKAM_UNBOUND_RA = '1f59840a-c082-43e4-8146-0edae76c929f';
const CONTOSO_RA = 'f8b63395-8661-410a-b058-401f375f1a70';
const UNKNOWN_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('dev tenant: a vendor tenant and two customer tenants', () => {
  let tenant: DevTenant;
  let apiScope: string;
  let clientId: string;
  before(async () => {
    tenant = await startTestTenant();
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
    apiScope = `api://${clientId}/access_as_user`;
  });
  after(() => tenant.close());
  beforeEach(() => resetTenant(tenant));

  const keysOf = (tid: string) => createRemoteJWKSet(new URL(`${tenant.url}/${tid}/discovery/v2.0/keys`));
  const tokenError = async (authority: string, upn: string, scope: string) => {
    const user = userByUpn(tenant, upn);
    const response = await fetch(`${tenant.url}/${authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: testAutomationClientId(tenant), grant_type: 'password', username: upn, password: user.password, scope }),
    });
    return { status: response.status, body: (await response.json()) as { error: string; error_codes: number[] } };
  };

  it("signs a Fabrikam agent's token at Fabrikam's authority with Fabrikam's key, issuer and tid", async () => {
    await consentTenantWide(tenant, TENANTS.fabrikam);
    const { access_token: token } = await passwordToken(tenant, FABRIKAM_UPN.agent, apiScope, TENANTS.fabrikam);
    const { payload } = await jwtVerify(token, keysOf(TENANTS.fabrikam), { issuer: `${tenant.url}/${TENANTS.fabrikam}/v2.0`, audience: clientId });
    assert.equal(payload.tid, TENANTS.fabrikam);
    assert.equal(payload.oid, userByUpn(tenant, FABRIKAM_UPN.agent).id);
  });

  it("lets a Fabrikam agent sign in at organizations through the page, and the tokens are their home tenant's", async () => {
    await consentTenantWide(tenant, TENANTS.fabrikam);
    const { verifier, challenge } = pkcePair();
    const signIn = await signInThroughPage(tenant, FABRIKAM_UPN.agent, { code_challenge: challenge, scope: `openid profile offline_access ${apiScope}` }, {}, 'organizations');
    assert.equal(signIn.status, 302);
    const code = signIn.params.get('code');
    assert.ok(code, `no code: ${signIn.params.toString()}`);
    const { status, body } = await redeemCode(tenant, code, verifier, { scope: `openid profile offline_access ${apiScope}` }, 'organizations');
    assert.equal(status, 200, JSON.stringify(body));
    const issuer = `${tenant.url}/${TENANTS.fabrikam}/v2.0`;
    const access = await jwtVerify(String(body.access_token), keysOf(TENANTS.fabrikam), { issuer, audience: clientId });
    assert.equal(access.payload.tid, TENANTS.fabrikam);
    const id = await jwtVerify(String(body.id_token), keysOf('organizations'), { audience: clientId });
    assert.equal(id.payload.iss, issuer);
    assert.equal(JSON.parse(Buffer.from(String(body.client_info), 'base64url').toString()).utid, TENANTS.fabrikam, "MSAL's home account is in Fabrikam");
  });

  it("refuses a user of one tenant at another tenant's authority, on the page and at the token endpoint", async () => {
    await consentTenantWide(tenant);
    const refused = await tokenError(TENANTS.fabrikam, UPN.agent, apiScope);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_grant');
    assert.deepEqual(refused.body.error_codes, [50034]);

    const { challenge } = pkcePair();
    const page = await fetch(`${tenant.url}/${TENANTS.fabrikam}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid User.Read', code_challenge: challenge, code_challenge_method: 'S256' })}`);
    const html = await page.text();
    assert.ok(!html.includes(UPN.agent), "Fabrikam's page offers only Fabrikam's users");
    // A Contoso agent typing their own account and password on Fabrikam's page.
    const posted = await fetch(`${tenant.url}/${TENANTS.fabrikam}/oauth2/v2.0/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ request: formRequestField(html), username: UPN.agent, password: userByUpn(tenant, UPN.agent).password, action: 'sign-in' }),
    });
    assert.equal(posted.status, 401);
    assert.match(await posted.text(), /AADSTS50020/);
  });

  it('publishes discovery and keys per tenant, and the {tenantid} issuer at organizations and common', async () => {
    const discovery = async (segment: string) => (await (await fetch(`${tenant.url}/${segment}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    assert.equal((await discovery(TENANTS.fabrikam)).issuer, `${tenant.url}/${TENANTS.fabrikam}/v2.0`);
    assert.equal((await discovery('fabrikam.dev')).issuer, `${tenant.url}/${TENANTS.fabrikam}/v2.0`, 'a verified domain names the same tenant');
    assert.equal((await discovery('organizations')).issuer, `${tenant.url}/{tenantid}/v2.0`);
    assert.equal((await discovery('common')).issuer, `${tenant.url}/{tenantid}/v2.0`);
    assert.equal((await fetch(`${tenant.url}/${UNKNOWN_TENANT}/v2.0/.well-known/openid-configuration`)).status, 400);

    const kids = async (segment: string) => ((await (await fetch(`${tenant.url}/${segment}/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const [contoso, fabrikam, vendor, organizations] = await Promise.all([kids(TENANTS.contoso), kids(TENANTS.fabrikam), kids(TENANTS.vendor), kids('organizations')]);
    assert.equal(new Set([...contoso, ...fabrikam, ...vendor]).size, 3, 'each tenant has a key of its own');
    assert.deepEqual(new Set(organizations), new Set([...contoso, ...fabrikam, ...vendor]));
  });

  it("fails to validate one tenant's token against another tenant's keys, and Graph refuses a token re-signed with the wrong tenant's key", async () => {
    await consentTenantWide(tenant);
    await consentTenantWide(tenant, TENANTS.fabrikam);
    const contosoToken = (await passwordToken(tenant, UPN.agent, apiScope)).access_token;
    await assert.rejects(jwtVerify(contosoToken, keysOf(TENANTS.fabrikam)), (error: Error & { code?: string }) => ['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'].includes(error.code ?? ''));

    const fabrikamGraph = (await passwordToken(tenant, FABRIKAM_UPN.ccaasAdmin, SCOPES.graphResourceAccounts)).access_token;
    const resigned = await new SignJWT(decodeJwt(fabrikamGraph))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: tenant.ctx.key.kid })
      .sign(tenant.ctx.key.privateKey);
    assertGraphError(await graphGet(tenant, '/beta/admin/teams/resourceAccounts', resigned), 401, 'InvalidAuthenticationToken', /signature/);
  });

  it("keeps consent per tenant: Contoso's admin consent does not cover Fabrikam, Fabrikam's admin consents for Fabrikam alone", async () => {
    await consentTenantWide(tenant);
    const refused = await tokenError(TENANTS.fabrikam, FABRIKAM_UPN.agent, apiScope);
    assert.equal(refused.body.error, 'invalid_grant');
    assert.deepEqual(refused.body.error_codes, [65001]);

    await resetTenant(tenant);
    // The vendor's onboarding link: the admin-consent endpoint at organizations, where Fabrikam's admin signs in.
    const consentUrl = `${tenant.url}/organizations/adminconsent?${new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT_URI, state: 'onboard' })}`;
    const html = await (await fetch(consentUrl)).text();
    // Picking the tile asks for the password, which the admin then types.
    const admin = FABRIKAM_UPN.ccaasAdmin;
    const picked = await fetch(`${tenant.url}/organizations/adminconsent`, { method: 'POST', body: new URLSearchParams({ request: formRequestField(html), pick: admin }) });
    const granted = await fetch(`${tenant.url}/organizations/adminconsent`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ request: formRequestField(await picked.text()), username: admin, password: userByUpn(tenant, admin).password, action: 'sign-in' }),
    });
    const answer = redirectParams(granted.headers.get('location'));
    assert.equal(answer.get('admin_consent'), 'True');
    assert.equal(answer.get('tenant'), TENANTS.fabrikam);
    // The SPA's sign-in page at organizations, for a user it is hinted at, asks that user only for what their
    // own tenant has not consented to: nothing for Fabrikam's agent now, everything still for Contoso's.
    const signInPage = async (loginHint: string) => {
      const { challenge } = pkcePair();
      const query = new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: `openid ${apiScope}`, code_challenge: challenge, code_challenge_method: 'S256', login_hint: loginHint });
      return (await fetch(`${tenant.url}/organizations/oauth2/v2.0/authorize?${query}`)).text();
    };
    assert.ok(!(await signInPage(FABRIKAM_UPN.agent)).includes('consent-title'), "Fabrikam's agent is not asked to consent");
    assert.ok((await signInPage(UPN.agent)).includes('consent-title'), 'Contoso is still not consented');
  });

  it("answers a Fabrikam admin from Fabrikam's directory only: its resource accounts, users and organization", async () => {
    await consentTenantWide(tenant, TENANTS.fabrikam);
    const token = (await passwordToken(tenant, FABRIKAM_UPN.ccaasAdmin, `${SCOPES.graphResourceAccounts} https://graph.microsoft.com/User.ReadBasic.All`)).access_token;
    const accounts = await graphGet(tenant, '/beta/admin/teams/resourceAccounts', token);
    assert.equal(accounts.status, 200);
    assert.deepEqual((accounts.body.value as { id: string }[]).map((ra) => ra.id).sort(), [FABRIKAM_RA, FABRIKAM_UNBOUND_RA].sort());

    const users = await graphGet(tenant, '/v1.0/users', token);
    const upns = (users.body.value as { userPrincipalName: string }[]).map((u) => u.userPrincipalName);
    assert.deepEqual(upns.sort(), [FABRIKAM_UPN.agent, FABRIKAM_UPN.ccaasAdmin].sort());
    const organization = await graphGet(tenant, '/v1.0/organization', token);
    assert.equal((organization.body.value as { id: string }[])[0]!.id, TENANTS.fabrikam);
  });

  describe('ACS: the tenant in an assignment path is the customer Teams tenant', () => {
    const path = (tid: string, objectId: string) => `/access/teamsExtension/tenants/${tid}/assignments/${objectId}?api-version=2025-06-30`;
    const put = (tid: string, objectId: string, body: unknown) => signedFetch(tenant, { method: 'PUT', path: path(tid, objectId), body: JSON.stringify(body) });

    it('accepts Fabrikam principals under Fabrikam, and a Fabrikam agent then exchanges for a CCaaS-persona ACS token', async () => {
      const felix = userByUpn(tenant, FABRIKAM_UPN.agent).id;
      assert.equal((await put(TENANTS.fabrikam, FABRIKAM_RA, { principalType: 'resourceAccount' })).status, 201);
      // The SPA, and the test automation client whose password-grant token is exchanged below.
      const clientIds = [clientId, testAutomationClientId(tenant)];
      const assigned = await put(TENANTS.fabrikam, felix, { principalType: 'user', clientIds });
      assert.equal(assigned.status, 201);
      assert.deepEqual(await assigned.json(), { objectId: felix, tenantId: TENANTS.fabrikam, principalType: 'user', clientIds });

      await consentTenantWide(tenant, TENANTS.fabrikam);
      const entra = (await passwordToken(tenant, FABRIKAM_UPN.agent, SCOPES.ccaasPersona)).access_token;
      const exchanged = await fetch(`${tenant.url}/access/teamsExtension/:exchangeAccessToken?api-version=2025-06-30`, {
        method: 'POST',
        headers: { authorization: `Bearer ${entra}`, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(exchanged.status, 200, await exchanged.clone().text());
      const { identity } = (await exchanged.json()) as { identity: { id: string } };
      assert.equal(identity.id, `8:acs:${tenant.ctx.fixture.acs.immutableResourceId}_${TENANTS.fabrikam}_${felix}`);
    });

    it("finds no principal of another tenant under a customer's tenant, and refuses only tenants it does not serve", async () => {
      await assertAcsError(await put(TENANTS.fabrikam, CONTOSO_RA, { principalType: 'resourceAccount' }), 404, 'ResourceAccountNotFound');
      await assertAcsError(await put(TENANTS.fabrikam, userByUpn(tenant, UPN.agent).id, { principalType: 'user', clientIds: [clientId] }), 404, 'UserNotFound');
      await assertAcsError(await put(TENANTS.fabrikam, FABRIKAM_UNBOUND_RA, { principalType: 'resourceAccount' }), 403, 'ResourceAccountNotBound');
      await assertAcsError(await put(UNKNOWN_TENANT, FABRIKAM_RA, { principalType: 'resourceAccount' }), 404, 'TenantNotFound');
    });
  });
});
