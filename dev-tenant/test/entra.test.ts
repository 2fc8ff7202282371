import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { authorizeUrl, formRequestField, pkcePair, redeemCode, redirectParams, REDIRECT_URI, signInThroughPage } from './support/authorize.js';
import { consentTenantWide, passwordToken, resetTenant, shiftClock, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '../src/testing.js';

describe('dev tenant: Entra authority', () => {
  let tenant: DevTenant;
  let tid: string;
  let clientId: string;
  /** The password grant's client: test automation's public-client registration, not the SPA. */
  let automationId: string;
  before(async () => {
    tenant = await startTestTenant();
    tid = tenant.ctx.fixture.tenant.id;
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
    automationId = testAutomationClientId(tenant);
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
  });

  /** Renews through the SPA as a page does: cross-origin, so with an Origin header. */
  const refreshFromPage = (refreshToken: string, scope: string) =>
    fetch(`${tenant.url}/${tid}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173' },
      body: new URLSearchParams({ client_id: clientId, grant_type: 'refresh_token', refresh_token: refreshToken, scope: `openid offline_access ${scope}` }),
    });

  it('publishes discovery and keys that verify the tokens it issues', async () => {
    for (const segment of [tid, 'organizations', 'contoso.dev']) {
      const response = await fetch(`${tenant.url}/${segment}/v2.0/.well-known/openid-configuration`);
      assert.equal(response.status, 200, segment);
    }
    const doc = (await (await fetch(`${tenant.url}/${tid}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(doc.issuer, `${tenant.url}/${tid}/v2.0`);
    assert.equal(doc.token_endpoint, `${tenant.url}/${tid}/oauth2/v2.0/token`);
    const tokens = await passwordToken(tenant, UPN.agent, 'User.Read').catch(() => undefined);
    assert.equal(tokens, undefined, 'no token before consent');
    await consentTenantWide(tenant);
    const { access_token, id_token } = await passwordToken(tenant, UPN.agent, 'User.Read');
    const keys = createRemoteJWKSet(new URL(doc.jwks_uri!));
    // As in Entra, the token carries every Graph permission the admin consented to, not only the one asked for.
    // (Graph's tokens are v1 and only Graph can verify them: token-versions.test.ts.)
    assert.equal(decodeJwt(access_token).scp, 'User.Read User.ReadBasic.All Group.Read.All TeamsResourceAccount.Read.All');
    // A token for the app's own (v2) API verifies with the published keys and the discovery issuer.
    const api = await passwordToken(tenant, UPN.agent, `${tenant.ctx.fixture.apps.ccaasClient.identifierUri}/access_as_user`);
    const { payload, protectedHeader } = await jwtVerify(api.access_token, keys, { issuer: doc.issuer, audience: clientId });
    assert.equal(protectedHeader.alg, 'RS256');
    const agent = userByUpn(tenant, UPN.agent);
    assert.equal(payload.oid, agent.id);
    assert.equal(payload.tid, tid);
    // Tests sign in through the test automation registration (public client flows on).
    assert.equal(payload.azp, automationId);
    assert.equal(payload.ver, '2.0');
    assert.equal(payload.preferred_username, UPN.agent);
    assert.ok(Array.isArray(payload.wids));
    const idClaims = (await jwtVerify(id_token!, keys, { audience: automationId })).payload;
    assert.equal(idClaims.oid, agent.id);
  });

  it('refuses an unknown tenant in the path', async () => {
    const response = await fetch(`${tenant.url}/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string; error_codes: number[] };
    assert.equal(body.error, 'invalid_tenant');
    assert.deepEqual(body.error_codes, [90002]);
  });

  it('runs the authorization code flow with PKCE, returning client_info and the nonce', async () => {
    const { verifier, challenge } = pkcePair();
    const signIn = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge });
    assert.equal(signIn.status, 302);
    assert.equal(signIn.params.get('state'), 'state-123');
    const code = signIn.params.get('code')!;
    const clientInfo = JSON.parse(Buffer.from(signIn.params.get('client_info')!, 'base64url').toString()) as { uid: string; utid: string };
    assert.deepEqual(clientInfo, { uid: userByUpn(tenant, UPN.agent).id, utid: tid });

    const redeemed = await redeemCode(tenant, code, verifier);
    assert.equal(redeemed.status, 200);
    assert.equal(redeemed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(decodeJwt(redeemed.body.id_token as string).nonce, 'nonce-456');
    assert.equal(redeemed.body.token_type, 'Bearer');
    assert.ok(redeemed.body.refresh_token);

    const again = await redeemCode(tenant, code, verifier);
    assert.equal(again.status, 400);
    assert.deepEqual(again.body.error_codes, [54005], 'a code redeems once');
  });

  it('refuses a code with the wrong verifier or redirect URI', async () => {
    const { verifier, challenge } = pkcePair();
    const first = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge });
    const wrongVerifier = await redeemCode(tenant, first.params.get('code')!, `${verifier}x`);
    assert.equal(wrongVerifier.status, 400);
    assert.equal(wrongVerifier.body.error, 'invalid_grant');
    assert.deepEqual(wrongVerifier.body.error_codes, [501481]);

    const second = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge });
    const wrongRedirect = await redeemCode(tenant, second.params.get('code')!, verifier, { redirect_uri: 'http://localhost:5173/other.html' });
    assert.equal(wrongRedirect.status, 400);
    assert.equal(wrongRedirect.body.error, 'invalid_grant');
  });

  it('shows its own error page for an unregistered redirect URI and never redirects there', async () => {
    const response = await fetch(authorizeUrl(tenant, { code_challenge: 'x'.repeat(43), redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    assert.match(await response.text(), /AADSTS50011/);
  });

  it('sends request errors back to the app: missing PKCE, bad scope', async () => {
    const noPkce = await fetch(authorizeUrl(tenant, {}), { redirect: 'manual' });
    assert.equal(noPkce.status, 302);
    const noPkceParams = new URLSearchParams(new URL(noPkce.headers.get('location')!).hash.slice(1));
    assert.equal(noPkceParams.get('error'), 'invalid_request');
    assert.equal(noPkceParams.get('state'), 'state-123');

    const badScope = await fetch(authorizeUrl(tenant, { code_challenge: 'x'.repeat(43), scope: 'openid https://unknown.example/Do.Things', response_mode: 'query' }), { redirect: 'manual' });
    const badScopeParams = new URL(badScope.headers.get('location')!).searchParams;
    assert.equal(badScopeParams.get('error'), 'invalid_scope');
  });

  it('asks only user-consentable scopes of a user, and records the consent they give', async () => {
    const { verifier, challenge } = pkcePair();
    const page = await (await fetch(authorizeUrl(tenant, { code_challenge: challenge, scope: 'openid https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls' }))).text();
    assert.match(page, /TeamsExtension\.ManageCalls/);
    const scope = 'openid offline_access https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls';
    const signIn = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge, scope });
    assert.ok(signIn.params.get('code'));
    // The consent recorded lets the redemption (which cannot prompt) succeed for that user.
    const tokens = await redeemCode(tenant, signIn.params.get('code')!, verifier, { scope });
    assert.equal(decodeJwt(tokens.body.access_token as string).scp, 'TeamsExtension.ManageCalls');
    // It was given to the SPA alone: the test automation client has not been consented to.
    await assert.rejects(passwordToken(tenant, UPN.agent, 'https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls'), /AADSTS65001/);
  });

  it('consents scopes of several resources in one prompt and redeems the code for one of them', async () => {
    const { verifier, challenge } = pkcePair();
    const acs = 'https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls';
    const api = `api://${clientId}/access_as_user`;
    const signIn = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge, scope: `openid offline_access ${acs} ${api}` });
    const redeemed = await redeemCode(tenant, signIn.params.get('code')!, verifier, { scope: `openid offline_access ${acs}` });
    assert.equal(redeemed.status, 200);
    assert.equal(decodeJwt(redeemed.body.access_token as string).aud, 'https://auth.msft.communication.azure.com');
    // The second resource was consented in the same prompt, so a token for it needs no interaction.
    const apiToken = await refreshFromPage(redeemed.body.refresh_token as string, api);
    assert.equal(apiToken.status, 200);
    assert.equal(decodeJwt(((await apiToken.json()) as { access_token: string }).access_token).aud, clientId);
  });

  it('returns consent_required for an admin-only scope until an admin consents, then succeeds', async () => {
    const { challenge } = pkcePair();
    const scope = 'openid https://graph.microsoft.com/TeamsResourceAccount.Read.All';
    const refused = await signInThroughPage(tenant, UPN.teamsAdmin, { code_challenge: challenge, scope });
    assert.equal(refused.params.get('error'), 'consent_required');
    assert.equal(refused.params.get('suberror'), 'consent_required');
    assert.match(refused.params.get('error_description')!, /^AADSTS65001/);

    // A global administrator ticking "consent on behalf of your organization" grants it for everyone.
    const granted = await signInThroughPage(tenant, UPN.ccaasAdmin, { code_challenge: challenge, scope }, { consent_for_org: '1' });
    assert.ok(granted.params.get('code'));
    const again = await signInThroughPage(tenant, UPN.teamsAdmin, { code_challenge: challenge, scope });
    assert.ok(again.params.get('code'), 'the Teams administrator is let through now');
  });

  it('asks an administrator signed in already only to accept a consent prompt, then grants it for the organization', async () => {
    const { challenge } = pkcePair();
    const scope = 'openid https://graph.microsoft.com/TeamsResourceAccount.Read.All';
    // The first sign-in was refused for want of an administrator's consent, but it signed Cam in to the authority.
    const refused = await signInThroughPage(tenant, UPN.ccaasAdmin, { code_challenge: challenge, scope });
    assert.equal(refused.params.get('error'), 'consent_required');
    const cookie = refused.cookie!.split(';')[0]!;
    const page = await fetch(authorizeUrl(tenant, { code_challenge: challenge, scope, prompt: 'consent' }), { headers: { cookie } });
    const html = await page.text();
    assert.match(html, /Signed in as [^<]+\(cam\.ccaasadmin@/);
    assert.doesNotMatch(html, /type="password"/);
    assert.match(html, /Consent on behalf of your organization/);
    const accepted = await fetch(`${tenant.url}/${tid}/oauth2/v2.0/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: new URLSearchParams({ request: formRequestField(html), action: 'continue', consent_for_org: '1' }),
    });
    assert.ok(redirectParams(accepted.headers.get('location')).get('code'));
    // Without the session, "continue" names nobody.
    const stranger = await fetch(`${tenant.url}/${tid}/oauth2/v2.0/authorize`, { method: 'POST', body: new URLSearchParams({ request: formRequestField(html), action: 'continue' }) });
    assert.equal(stranger.status, 401);
  });

  it('ignores "consent on behalf of your organization" from a non-administrator', async () => {
    const { challenge } = pkcePair();
    const scope = 'openid https://graph.microsoft.com/TeamsResourceAccount.Read.All';
    const refused = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge, scope }, { consent_for_org: '1' });
    assert.equal(refused.params.get('error'), 'consent_required');
    const teamsAdmin = await signInThroughPage(tenant, UPN.teamsAdmin, { code_challenge: challenge, scope });
    assert.equal(teamsAdmin.params.get('error'), 'consent_required');
  });

  it('signs a session user in silently with prompt=none, and says login_required without one', async () => {
    const { challenge } = pkcePair();
    const noSession = await fetch(authorizeUrl(tenant, { code_challenge: challenge, prompt: 'none' }), { redirect: 'manual' });
    assert.equal(new URLSearchParams(new URL(noSession.headers.get('location')!).hash.slice(1)).get('error'), 'login_required');

    const signIn = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge });
    const cookie = signIn.cookie!.split(';')[0]!;
    const silent = await fetch(authorizeUrl(tenant, { code_challenge: challenge, prompt: 'none', login_hint: UPN.agent }), { redirect: 'manual', headers: { cookie } });
    assert.ok(new URLSearchParams(new URL(silent.headers.get('location')!).hash.slice(1)).get('code'));

    const logout = await fetch(`${tenant.url}/${tid}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(REDIRECT_URI)}&state=bye`, { redirect: 'manual', headers: { cookie } });
    assert.equal(logout.status, 302);
    assert.equal(logout.headers.get('location'), `${REDIRECT_URI}?state=bye`);
    const afterLogout = await fetch(authorizeUrl(tenant, { code_challenge: challenge, prompt: 'none' }), { redirect: 'manual', headers: { cookie } });
    assert.equal(new URLSearchParams(new URL(afterLogout.headers.get('location')!).hash.slice(1)).get('error'), 'login_required');
  });

  it('renews with a refresh token, for another resource too, returning a new one', async () => {
    await consentTenantWide(tenant);
    const first = await passwordToken(tenant, UPN.agent, 'User.Read');
    const refresh = async (token: string, scope: string) =>
      fetch(`${tenant.url}/${tid}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: automationId, grant_type: 'refresh_token', refresh_token: token, scope: `openid offline_access ${scope}` }),
      });
    const renewed = await refresh(first.refresh_token!, 'https://auth.msft.communication.azure.com/Teams.ManageCalls https://auth.msft.communication.azure.com/Teams.ManageChats');
    assert.equal(renewed.status, 200);
    const body = (await renewed.json()) as { access_token: string; refresh_token: string };
    assert.equal(decodeJwt(body.access_token).aud, 'https://auth.msft.communication.azure.com');
    assert.notEqual(body.refresh_token, first.refresh_token);
    // Entra keeps a used refresh token valid, so concurrent renewals for two resources both succeed.
    const [a, b] = await Promise.all([refresh(first.refresh_token!, 'User.Read'), refresh(first.refresh_token!, `api://${clientId}/access_as_user`)]);
    assert.deepEqual([a.status, b.status], [200, 200]);
  });

  it("expires the SPA's refresh tokens on the dev tenant clock", async () => {
    const { verifier, challenge } = pkcePair();
    const signIn = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge });
    const { refresh_token } = (await redeemCode(tenant, signIn.params.get('code')!, verifier)).body as { refresh_token: string };
    await shiftClock(tenant, tenant.ctx.fixture.lifetimes.refreshTokenSeconds + 60);
    try {
      const response = await refreshFromPage(refresh_token, 'User.Read');
      const body = (await response.json()) as { error_codes: number[] };
      assert.equal(response.status, 400);
      assert.deepEqual(body.error_codes, [700084]);
    } finally {
      await shiftClock(tenant, 0);
    }
  });

  it('refuses the ACS scopes when the ACS first-party app has no service principal', async () => {
    const bare = await startTestTenant((f) => {
      f.tenant.acsServicePrincipalInstalled = false;
    });
    try {
      await consentTenantWide(bare);
      await assert.rejects(passwordToken(bare, UPN.agent, 'https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls'), /AADSTS650052.*lacks a service principal/);
    } finally {
      await bare.close();
    }
  });

  it('makes the ACS scopes admin-only when the tenant policy says so', async () => {
    const strict = await startTestTenant((f) => {
      f.tenant.acsPermissionsRequireAdminConsent = true;
    });
    try {
      const { challenge } = pkcePair();
      const scope = 'openid https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls';
      const refused = await signInThroughPage(strict, UPN.agent, { code_challenge: challenge, scope });
      assert.equal(refused.params.get('error'), 'consent_required');
    } finally {
      await strict.close();
    }
  });

  it('answers bad token requests with Entra errors and keeps serving', async () => {
    const post = (body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(`${tenant.url}/${tid}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [string, string, number, string][] = [
      ['missing client', 'grant_type=password', 400, 'invalid_request'],
      ['unknown client', 'client_id=00000000-0000-0000-0000-000000000000&grant_type=password', 400, 'unauthorized_client'],
      ['unknown grant', `client_id=${clientId}&grant_type=device_code`, 400, 'unsupported_grant_type'],
      ['wrong password', `client_id=${automationId}&grant_type=password&username=${UPN.agent}&password=nope&scope=User.Read`, 400, 'invalid_grant'],
      ['bad scope', `client_id=${automationId}&grant_type=password&username=${UPN.agent}&password=Agent!1&scope=a/b/c`, 400, 'invalid_scope'],
    ];
    for (const [name, body, status, error] of cases) {
      const response = await post(body);
      assert.equal(response.status, status, name);
      assert.equal(((await response.json()) as { error: string }).error, error, name);
    }
    const json = await post('{"grant_type":"password"', 'application/json');
    assert.equal(json.status, 400);
    const huge = await post(`client_id=${'a'.repeat(70_000)}`);
    assert.equal(huge.status, 413);
    const ok = await fetch(`${tenant.url}/${tid}/v2.0/.well-known/openid-configuration`);
    assert.equal(ok.status, 200, 'still serving');
  });
});
