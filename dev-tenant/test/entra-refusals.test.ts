import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PublicClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { authorizeUrl, formRequestField, pkcePair, redeemCode, signInThroughPage } from './support/authorize.js';
import { consentTenantWide, resetTenant, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '../src/testing.js';

/** Entra's error body, every field of it. */
interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** Checks a refusal is Entra's, code, shape and all; returns the body for further checks. */
async function assertRefusal(response: Response, status: number, error: string, code: number, description: RegExp): Promise<EntraErrorBody> {
  const body = (await response.json()) as EntraErrorBody;
  assert.equal(response.status, status, JSON.stringify(body));
  assert.equal(body.error, error);
  assert.deepEqual(body.error_codes, [code]);
  assert.match(body.error_description, new RegExp(`^AADSTS${code}: ${description.source}`));
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(body.trace_id, /^[0-9a-f-]{36}$/);
  assert.match(body.correlation_id, /^[0-9a-f-]{36}$/);
  assert.equal(body.error_uri, `https://login.microsoftonline.com/error?code=${code}`);
  return body;
}

describe('dev tenant: Entra refuses what Entra refuses', () => {
  let tenant: DevTenant;
  let tokenUrl: string;
  let spaId: string;
  let automationId: string;
  before(async () => {
    tenant = await startTestTenant();
    tokenUrl = `${tenant.url}/${tenant.ctx.fixture.tenant.id}/oauth2/v2.0/token`;
    spaId = tenant.ctx.fixture.apps.ccaasClient.appId;
    automationId = testAutomationClientId(tenant);
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
    await consentTenantWide(tenant);
  });

  const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(tokenUrl, { method: 'POST', headers, body: new URLSearchParams(form) });
  const passwordForm = (clientId: string, upn = UPN.agent) => ({
    client_id: clientId,
    grant_type: 'password',
    username: upn,
    password: userByUpn(tenant, upn).password,
    scope: 'openid offline_access User.Read',
  });

  /** A SPA code, signed in through the page, ready to redeem. */
  async function spaCode() {
    const { verifier, challenge } = pkcePair();
    const signIn = await signInThroughPage(tenant, UPN.agent, { code_challenge: challenge });
    return { code: signIn.params.get('code')!, verifier };
  }

  describe('the SPA redeems only cross-origin (AADSTS9002327)', () => {
    it('refuses its authorization code without an Origin header, and the code still redeems from a page', async () => {
      const { code, verifier } = await spaCode();
      const fromServer = await post({
        client_id: spaId,
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: 'http://localhost:5173/redirect.html',
        scope: 'openid offline_access User.Read',
      });
      await assertRefusal(fromServer, 400, 'invalid_request', 9002327, /Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests\./);
      const fromPage = await redeemCode(tenant, code, verifier);
      assert.equal(fromPage.status, 200, 'the refused attempt did not use the code up');
    });

    it('refuses its refresh token without an Origin header, and renews it from a page', async () => {
      const { code, verifier } = await spaCode();
      const refreshToken = (await redeemCode(tenant, code, verifier)).body.refresh_token as string;
      const form = { client_id: spaId, grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'openid offline_access User.Read' };
      await assertRefusal(await post(form), 400, 'invalid_request', 9002327, /Tokens issued for the 'Single-Page Application' client-type/);
      assert.equal((await post(form, { origin: 'http://localhost:5173' })).status, 200);
    });
  });

  describe('the password grant (ROPC)', () => {
    it('is refused on the SPA registration, whose public client flows are off (AADSTS7000218)', async () => {
      const refused = await post(passwordForm(spaId));
      await assertRefusal(refused, 401, 'invalid_client', 7000218, /The request body must contain the following parameter: 'client_assertion' or 'client_secret'/);
    });

    it('signs a fixture user in through the test automation registration, with the scopes the SPA is consented for', async () => {
      const granted = await post({ ...passwordForm(automationId), scope: 'openid offline_access https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls' });
      assert.equal(granted.status, 200);
      const claims = decodeJwt(((await granted.json()) as { access_token: string }).access_token);
      // ACS's first-party resource takes v1 tokens: the client is `appid`.
      assert.equal(claims.appid, automationId);
      assert.equal(claims.aud, 'https://auth.msft.communication.azure.com');
      // Tenant-wide consent covers the test automation client too, so the token carries every consented ACS permission.
      assert.equal(claims.scp, 'TeamsExtension.ManageCalls Teams.ManageCalls Teams.ManageChats');
      assert.equal(claims.oid, userByUpn(tenant, UPN.agent).id);
    });

    it('works for MSAL Node as a public client against test automation, and fails against the SPA', async () => {
      // The same authority settings the dev tenant publishes for MSAL Browser: MSAL wants https, the metadata says where to go.
      const { msal: settings } = (await (await fetch(`${tenant.url}/.dev/config`)).json()) as { msal: { authority: string; knownAuthorities: string[]; authorityMetadata: string } };
      const msal = (clientId: string) =>
        new PublicClientApplication({
          auth: { clientId, authority: settings.authority, knownAuthorities: settings.knownAuthorities, authorityMetadata: settings.authorityMetadata },
          system: { loggerOptions: { logLevel: 0, loggerCallback: () => {} } },
        });
      const request = { username: UPN.agent, password: userByUpn(tenant, UPN.agent).password, scopes: ['User.Read'] };
      const result = await msal(automationId).acquireTokenByUsernamePassword(request);
      assert.equal(result?.account?.username, UPN.agent);
      assert.equal(decodeJwt(result!.accessToken).appid, automationId, 'a Graph token: v1, the client is appid');
      await assert.rejects(msal(spaId).acquireTokenByUsernamePassword(request), (error: { errorCode?: string; errorMessage?: string }) => {
        assert.equal(error.errorCode, 'invalid_client');
        assert.match(error.errorMessage ?? '', /AADSTS7000218/);
        return true;
      });
    });
  });

  describe('a public client presents no secret (AADSTS700025)', () => {
    for (const [name, field] of [
      ['a client secret', { client_secret: 'hunter2' }],
      ['a client assertion', { client_assertion: 'eyJ.x.y', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }],
    ] as const) {
      it(`refuses ${name} from the test automation client and from the SPA`, async () => {
        for (const clientId of [automationId, spaId]) {
          const refused = await post({ ...passwordForm(clientId), ...field });
          await assertRefusal(refused, 401, 'invalid_client', 700025, /Client is public so neither 'client_assertion' nor 'client_secret' should be presented\./);
        }
      });
    }
  });

  describe('the sign-in page asks for the password', () => {
    const authorizePath = () => `${tenant.url}/${tenant.ctx.fixture.tenant.id}/oauth2/v2.0/authorize`;
    const openPage = async () => formRequestField(await (await fetch(authorizeUrl(tenant, { code_challenge: pkcePair().challenge }))).text());

    it('fills in the picked account and asks for its password instead of signing in', async () => {
      const picked = await fetch(authorizePath(), { method: 'POST', redirect: 'manual', body: new URLSearchParams({ request: await openPage(), pick: UPN.agent }) });
      assert.equal(picked.status, 200, 'no redirect: nobody is signed in yet');
      assert.equal(picked.headers.get('set-cookie'), null, 'no session was started');
      const html = await picked.text();
      assert.match(html, new RegExp(`id="username"[^>]*value="${UPN.agent}"`));
      assert.match(html, /id="password"[^>]*required autofocus/);
    });

    it('refuses a picked account with the wrong password, or none', async () => {
      for (const password of ['', 'wrong']) {
        const form = { request: await openPage(), username: UPN.agent, password, action: 'sign-in' };
        const refused = await fetch(authorizePath(), { method: 'POST', redirect: 'manual', body: new URLSearchParams(form) });
        assert.equal(refused.status, 401, `password ${JSON.stringify(password)}`);
        assert.match(await refused.text(), /Your account or password is incorrect/);
      }
    });

    it('asks for the password on the admin-consent page too, and grants nothing for a picked tile', async () => {
      await resetTenant(tenant);
      const adminConsent = `${tenant.url}/${tenant.ctx.fixture.tenant.id}/adminconsent`;
      const page = await (await fetch(`${adminConsent}?client_id=${spaId}&redirect_uri=${encodeURIComponent('http://localhost:5173/admin-consent-done.html')}&state=s`)).text();
      const picked = await fetch(adminConsent, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ request: formRequestField(page), pick: UPN.ccaasAdmin }) });
      assert.equal(picked.status, 200, 'no redirect: nothing was granted');
      assert.match(await picked.text(), new RegExp(`id="username"[^>]*value="${UPN.ccaasAdmin}"`));
      assert.deepEqual(tenant.ctx.state.data.adminConsents, {});
    });

    it('puts the tiles in a form of their own, so Enter in the password field submits the typed account', async () => {
      const html = await (await fetch(authorizeUrl(tenant, { code_challenge: pkcePair().challenge }))).text();
      const mainForm = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
      const firstSubmit = /<button type="submit"([^>]*)>/.exec(mainForm)![1]!;
      // The form's default button is its first submit button that belongs to it; a tile names another form.
      assert.match(firstSubmit, /form="pick-account"/);
      const ownSubmits = [...mainForm.matchAll(/<button type="submit"(?![^>]*form=)([^>]*)>/g)].map((m) => m[1]);
      assert.match(ownSubmits[0]!, /id="sign-in"/);
      assert.match(html, /<form id="pick-account" method="post"/);
    });
  });

  describe('correlation', () => {
    it('files a refusal under the client-request-id and echoes it when asked to', async () => {
      const clientRequestId = '0d1f6e8a-4c6b-4d7e-9b1a-3f2e5c7d9a10';
      const echoed = await post(passwordForm(spaId), { 'client-request-id': clientRequestId, 'return-client-request-id': 'true' });
      assert.equal(echoed.headers.get('client-request-id'), clientRequestId);
      const body = await assertRefusal(echoed, 401, 'invalid_client', 7000218, /The request body/);
      assert.equal(body.correlation_id, clientRequestId);
      assert.match(body.error_description, new RegExp(`Correlation ID: ${clientRequestId}`));

      const unasked = await post(passwordForm(spaId), { 'client-request-id': clientRequestId });
      assert.equal(unasked.headers.get('client-request-id'), null, 'echoed only on request');
      assert.equal(((await unasked.json()) as EntraErrorBody).correlation_id, clientRequestId);
    });

    it('takes the client-request-id as MSAL sends it, as a parameter, and echoes it on success too', async () => {
      const clientRequestId = '5b9c2d4e-1a3f-4e6b-8c7d-9e0f1a2b3c4d';
      const granted = await post({ ...passwordForm(automationId), 'client-request-id': clientRequestId }, { 'return-client-request-id': 'true' });
      assert.equal(granted.status, 200);
      assert.equal(granted.headers.get('client-request-id'), clientRequestId);
    });

    it('puts the correlation id and the error URI into an authorize error sent to the redirect URI', async () => {
      const clientRequestId = 'a7e3c1b9-2d4f-4a6c-8e0b-1c3d5e7f9a2b';
      const url = new URL(authorizeUrl(tenant, { code_challenge: pkcePair().challenge, prompt: 'none' }));
      url.searchParams.set('client-request-id', clientRequestId);
      const response = await fetch(url, { redirect: 'manual', headers: { 'return-client-request-id': 'true' } });
      assert.equal(response.headers.get('client-request-id'), clientRequestId);
      const params = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
      assert.equal(params.get('error'), 'login_required');
      assert.equal(params.get('correlation_id'), clientRequestId);
      assert.equal(params.get('error_uri'), 'https://login.microsoftonline.com/error?code=50058');
    });
  });
});
