import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { SCOPES, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import type { CommunicationIdentityClient as IdentityClient } from '@azure/communication-identity';
import { useProxyBeforeFakeAcs } from './support/proxy-before-fake-acs.js';
import { startFakeAcs, type UpstreamHit } from './support/fake-acs.js';
import { callProxy, entraToken } from './support/proxy.js';

const { CommunicationIdentityClient } = createRequire(import.meta.url)('@azure/communication-identity') as { CommunicationIdentityClient: typeof IdentityClient };

/** What identifies an exchange request to ACS, whoever sends it: not its date, signature or request id. */
function shape(hit: UpstreamHit) {
  const url = new URL(hit.url, 'http://acs');
  return {
    method: hit.method,
    path: url.pathname,
    apiVersion: url.searchParams.get('api-version'),
    contentType: hit.headers['content-type'],
    accept: hit.headers.accept,
    body: JSON.parse(hit.body) as unknown,
    signed: /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=[A-Za-z0-9+/]+=*$/.test(String(hit.headers.authorization)),
    contentHash: hit.headers['x-ms-content-sha256'] !== undefined && hit.headers['x-ms-date'] !== undefined,
  };
}

describe("token proxy: the exchange request is the identity SDK's", () => {
  const setup = useProxyBeforeFakeAcs({ UPSTREAM_MAX_RETRIES: '0' });
  let tenant: DevTenant;
  before(() => {
    tenant = setup.tenant();
  });

  it('sends ACS the method, path, api-version, headers and body that getTokenForTeamsUser sends, HMAC-signed the same way', async () => {
    const token = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const { acs, proxy } = await setup.start(() => ({ status: 200, body: { token: 'eyJ.acs.token', expiresOn: new Date(Date.now() + 3600_000).toISOString() } }));
    assert.equal((await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token })).status, 200);

    const reference = await startFakeAcs();
    try {
      const sdk = new CommunicationIdentityClient(reference.connectionString, { allowInsecureConnection: true });
      const { appId } = tenant.ctx.fixture.apps.testAutomation;
      await sdk.getTokenForTeamsUser({ teamsUserAadToken: token, clientId: appId, userObjectId: userByUpn(tenant, UPN.agent).id });
      assert.deepEqual(shape(acs.hits[0]!), shape(reference.hits[0]!));
    } finally {
      await reference.close();
    }
  });
});
