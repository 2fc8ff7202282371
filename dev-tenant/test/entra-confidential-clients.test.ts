import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { consentForUser, passwordToken, resetTenant, SCOPES, startTestTenant, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { claimsOf, identityClient } from './acs-helpers.js';
import { backendApp, backendMsal, consentForBackend } from './support/confidential-client.js';

const GRAPH = 'https://graph.microsoft.com';

/** msal-node rejects with the server's error code and AADSTS description; the test reads both. */
async function refusal(promise: Promise<unknown>): Promise<{ errorCode: string; errorMessage: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode: string; errorMessage: string };
  }
  assert.fail('the token request succeeded');
}

describe('dev tenant: a confidential client (the CCaaS backend) through msal-node', () => {
  let tenant: DevTenant;
  let backendApi: string;
  before(async () => {
    tenant = await startTestTenant();
    backendApi = `${backendApp(tenant).identifierUri}/access_as_user`;
  });
  after(() => tenant.close());
  beforeEach(() => resetTenant(tenant));

  describe('client credentials', () => {
    it('gives an app-only v1 Graph token with the granted application permissions as roles', async () => {
      const result = await (await backendMsal(tenant)).acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
      const claims = decodeJwt(result!.accessToken);
      const app = backendApp(tenant);
      assert.equal(claims.ver, '1.0');
      assert.equal(claims.aud, GRAPH);
      assert.equal(claims.iss, `https://sts.windows.net/${tenant.ctx.fixture.tenant.id}/`);
      assert.equal(claims.appid, app.appId);
      assert.equal(claims.appidacr, '1', 'authenticated with a secret');
      assert.equal(claims.idtyp, 'app');
      assert.equal(claims.oid, app.servicePrincipalId);
      assert.equal(claims.sub, app.servicePrincipalId);
      assert.deepEqual(claims.roles, ['User.Read.All']);
      for (const userClaim of ['scp', 'upn', 'name']) assert.equal(userClaim in claims, false, `${userClaim} in an app-only token`);
    });

    it('gives a v1 token for the ACS data plane, asked as the ACS SDKs ask (https://communication.azure.com//.default)', async () => {
      const result = await (await backendMsal(tenant)).acquireTokenByClientCredential({ scopes: ['https://communication.azure.com//.default'] });
      const claims = decodeJwt(result!.accessToken);
      assert.equal(claims.ver, '1.0');
      assert.equal(claims.aud, 'https://communication.azure.com');
      assert.equal(claims.oid, backendApp(tenant).servicePrincipalId);
      assert.equal(claims.idtyp, 'app');
      assert.equal('scp' in claims, false);
    });

    it('follows the resource version: the backend API (accessTokenAcceptedVersion 2) gets a v2 token', async () => {
      const app = backendApp(tenant);
      const result = await (await backendMsal(tenant)).acquireTokenByClientCredential({ scopes: [`${app.identifierUri}/.default`] });
      const claims = decodeJwt(result!.accessToken);
      assert.equal(claims.ver, '2.0');
      assert.equal(claims.aud, app.appId);
      assert.equal(claims.azp, app.appId);
      assert.equal(claims.azpacr, '1');
      assert.equal('roles' in claims, false, 'no application permission was granted on it');
    });

    it('refuses a wrong secret as Entra does (invalid_client, AADSTS7000215), without echoing it', async () => {
      const wrong = 'not-the-secret-of-this-backend-app';
      const error = await refusal((await backendMsal(tenant, wrong)).acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] }));
      assert.equal(error.errorCode, 'invalid_client');
      assert.match(error.errorMessage, /AADSTS7000215/);
      assert.doesNotMatch(error.errorMessage, new RegExp(wrong));
    });

    it('refuses a scope that is not <resource>/.default (invalid_scope, AADSTS1002012)', async () => {
      const error = await refusal((await backendMsal(tenant)).acquireTokenByClientCredential({ scopes: [`${GRAPH}/User.Read.All`] }));
      assert.equal(error.errorCode, 'invalid_scope');
      assert.match(error.errorMessage, /AADSTS1002012/);
    });
  });

  describe('on-behalf-of', () => {
    /** The agent's token for the backend's API, as the agent desktop (the SPA) gets it. */
    async function agentTokenForBackend(): Promise<string> {
      await consentForUser(tenant, UPN.agent, [backendApi]);
      return (await passwordToken(tenant, UPN.agent, backendApi)).access_token;
    }

    it("exchanges the agent's token for the backend API into a Graph token that is still the agent's, and Graph serves it", async () => {
      await consentForBackend(tenant);
      const assertion = await agentTokenForBackend();
      const result = await (await backendMsal(tenant)).acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [`${GRAPH}/User.Read`] });
      const claims = decodeJwt(result!.accessToken);
      const agent = userByUpn(tenant, UPN.agent);
      assert.equal(claims.oid, agent.id);
      assert.equal(claims.upn, UPN.agent);
      assert.equal(claims.appid, backendApp(tenant).appId, 'the backend is now the client');
      assert.equal(claims.appidacr, '1');
      assert.equal(claims.scp, 'User.Read');
      assert.equal('idtyp' in claims, false);

      const me = await fetch(`${tenant.url}/v1.0/me`, { headers: { authorization: `Bearer ${result!.accessToken}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { displayName: string }).displayName, agent.displayName);
    });

    it("gets the agent's Teams-persona ACS token for the backend: ACS accepts the exchanged token as the agent's, with the backend as client", async () => {
      await consentForBackend(tenant);
      const assertion = await agentTokenForBackend();
      const result = await (await backendMsal(tenant)).acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: SCOPES.teamsPersona.split(' ') });
      const agent = userByUpn(tenant, UPN.agent);
      const acs = await identityClient(tenant).getTokenForTeamsUser({ teamsUserAadToken: result!.accessToken, clientId: backendApp(tenant).appId, userObjectId: agent.id });
      assert.equal(claimsOf(acs.token).skypeid, `orgid:${agent.id}`);
    });

    it("refuses an assertion that was not issued for the backend (invalid_grant, AADSTS50013)", async () => {
      await consentForBackend(tenant);
      // The agent's token for the agent desktop's own API: the wrong audience for the backend to exchange.
      const spaApi = `${tenant.ctx.fixture.apps.ccaasClient.identifierUri}/access_as_user`;
      await consentForUser(tenant, UPN.agent, [spaApi]);
      const { access_token: assertion } = await passwordToken(tenant, UPN.agent, spaApi);
      const error = await refusal((await backendMsal(tenant)).acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [`${GRAPH}/User.Read`] }));
      assert.equal(error.errorCode, 'invalid_grant');
      assert.match(error.errorMessage, /AADSTS50013: Assertion audience does not match/);
    });

    it('refuses when nobody consented to the backend calling the downstream API (invalid_grant, AADSTS65001)', async () => {
      const assertion = await agentTokenForBackend();
      const error = await refusal((await backendMsal(tenant)).acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [`${GRAPH}/User.Read`] }));
      assert.equal(error.errorCode, 'invalid_grant');
      assert.match(error.errorMessage, /AADSTS65001/);
    });
  });
});
