import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES, startTestTenant, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { ALLOWED_ORIGIN, callProxy, entraToken, startTestProxy, type TokenProxy } from './support/proxy.js';

// The other files reach the built app through inject(); this one runs the proxy the way main.ts does.
describe('token proxy on a real socket, end to end', () => {
  let tenant: DevTenant;
  let proxy: TokenProxy;
  before(async () => {
    tenant = await startTestTenant();
    proxy = await startTestProxy(tenant, { HOST: '127.0.0.1', PORT: '0' });
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });

  it('listens on 127.0.0.1 on a free port and exchanges a page\'s Entra token for its ACS token over HTTP', async () => {
    const { hostname, port } = new URL(proxy.url);
    assert.equal(hostname, '127.0.0.1');
    assert.ok(Number(port) > 0, `port ${port}`);
    const answer = await callProxy(proxy, '/api/token/teams-user', {
      method: 'POST',
      token: await entraToken(tenant, UPN.agent, SCOPES.teamsPersona),
      headers: { origin: ALLOWED_ORIGIN },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.equal(answer.body.identity.rawId, `8:orgid:${userByUpn(tenant, UPN.agent).id}`);
  });
});
