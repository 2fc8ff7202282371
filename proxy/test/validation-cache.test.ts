import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consentTenantWide, startTestTenant, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { callProxy, entraToken, proxyApiScope, startTestProxy, type TokenProxy } from './support/proxy.js';

// The proxy remembers tokens it has verified; a remembered token must still lapse when it expires.
describe('token proxy: remembered validations still expire', () => {
  let tenant: DevTenant;
  let proxy: TokenProxy;
  before(async () => {
    tenant = await startTestTenant((fixture) => {
      fixture.lifetimes.entraAccessTokenSeconds = 2;
    });
    proxy = await startTestProxy(tenant, { CLOCK_TOLERANCE_SECONDS: '0' });
    await consentTenantWide(tenant);
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });

  it('accepts a token twice while valid and refuses it once it has expired', async () => {
    const token = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    assert.equal((await callProxy(proxy, '/api/me/assignment', { token })).status, 200);
    assert.equal((await callProxy(proxy, '/api/me/assignment', { token })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const expired = await callProxy(proxy, '/api/me/assignment', { token });
    assert.equal(expired.status, 401);
    assert.equal((expired.body as { error: { code: string } }).error.code, 'token_expired');
  });

  it('does not let a token verified for one route pass a route that needs other scopes', async () => {
    const token = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    assert.equal((await callProxy(proxy, '/api/me/assignment', { token })).status, 200);
    const exchange = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token });
    assert.equal(exchange.status, 401);
    assert.equal((exchange.body as { error: { code: string } }).error.code, 'wrong_audience');
  });
});
