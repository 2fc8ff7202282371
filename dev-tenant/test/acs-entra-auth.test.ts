import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { TokenCredential } from '@azure/core-auth';
import { startTlsTestTenant, type TlsTestTenant } from '../src/testing.js';
import { assertSdkError, claimsOf } from './acs-helpers.js';

/** A nightly job of the vendor with its own registration but no role on the ACS resource. */
const UNASSIGNED = {
  appId: 'e019cac1-1042-4253-a765-2e1f111484d4',
  displayName: 'Contoso reporting job',
  servicePrincipalId: '5d0c8a4e-2f31-4a7b-9c55-0f3a6b2e9d71',
  clientSecret: 'reporting-job-secret-for-the-dev-tenant',
  identifierUri: 'api://e019cac1-1042-4253-a765-2e1f111484d4',
  requiredScopes: [],
  applicationPermissions: [],
};

describe('dev tenant ACS: Entra (bearer) authentication of the identity plane, as a managed identity uses it', () => {
  let tenant: TlsTestTenant;
  before(async () => {
    tenant = await startTlsTestTenant((fixture) => fixture.confidentialApps?.push(UNASSIGNED));
  });
  after(() => tenant.close());
  // Through inject: this process's fetch does not trust the throw-away certificate, only the SDKs are told to.
  beforeEach(async () => assert.equal((await tenant.app.inject({ method: 'POST', url: '/.dev/reset' })).statusCode, 204));

  /** @azure/identity's ClientSecretCredential, as a backend builds it for a private cloud. */
  function credential(app: { appId: string; clientSecret: string }): ClientSecretCredential {
    return new ClientSecretCredential(tenant.ctx.fixture.tenant.id, app.appId, app.clientSecret, {
      authorityHost: tenant.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: tenant.certificate },
    });
  }

  /** The real identity SDK with a TokenCredential: it asks for https://communication.azure.com//.default and sends it as Bearer. */
  function identityClient(tokens: TokenCredential): CommunicationIdentityClient {
    return new CommunicationIdentityClient(`${tenant.url}/`, tokens, { tlsOptions: { ca: tenant.certificate } });
  }

  it("lets the backend's service principal (a role holder on the resource) create a user and a token, with no access key", async () => {
    const backend = tenant.ctx.fixture.confidentialApps![0]!;
    const client = identityClient(credential(backend));
    const { user, token } = await client.createUserAndToken(['voip']);
    assert.match(user.communicationUserId, new RegExp(`^8:acs:${tenant.ctx.fixture.acs.immutableResourceId}_`));
    assert.equal(claimsOf(token).skypeid, user.communicationUserId.slice(2));
    assert.ok(tenant.ctx.state.data.identities[user.communicationUserId], 'the dev tenant now knows the user');
  });

  it('refuses a principal without a role on the ACS resource (403 AuthorizationFailed)', async () => {
    const client = identityClient(credential(UNASSIGNED));
    await assert.rejects(client.createUser(), (error) => {
      assertSdkError(error, 403, 'AuthorizationFailed');
      return true;
    });
    assert.equal(Object.keys(tenant.ctx.state.data.identities).length, 0);
  });

  it('refuses a token for another audience (401 Denied, TokenAudienceInvalid)', async () => {
    const backend = credential(tenant.ctx.fixture.confidentialApps![0]!);
    const graphTokens: TokenCredential = { getToken: () => backend.getToken('https://graph.microsoft.com/.default') };
    await assert.rejects(identityClient(graphTokens).createUser(), (error) => {
      assertSdkError(error, 401, 'Denied', 'TokenAudienceInvalid');
      return true;
    });
  });
});
