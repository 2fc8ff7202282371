import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { consentTenantWide, startTestTenant, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { buildTestProxy, callProxy, entraToken, proxyApiScope, type ProxyApp } from './support/proxy.js';
import { testClock } from './support/test-clock.js';

// The proxy remembers tokens it has verified; a remembered token must still lapse when it expires.
describe('token proxy: remembered validations still expire', () => {
  let tenant: DevTenant;
  let proxy: ProxyApp;
  /** The proxy's clock, fresh for each test: a test moves it forward instead of waiting for a token to lapse. */
  let clock: ReturnType<typeof testClock>;
  before(async () => {
    tenant = await startTestTenant();
    await consentTenantWide(tenant);
  });
  beforeEach(async () => {
    clock = testClock();
    proxy = await buildTestProxy(tenant, { CLOCK_TOLERANCE_SECONDS: '0' }, { logger: false, now: clock.now });
  });
  afterEach(() => proxy.close());
  after(() => tenant.close());

  it('accepts a token twice while valid and refuses it once the clock passes its expiry', async () => {
    const token = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    assert.equal((await callProxy(proxy, '/api/me/assignment', { token })).status, 200);
    clock.advance(decodeJwt(token).exp! * 1000 - clock.now() - 1_000);
    assert.equal((await callProxy(proxy, '/api/me/assignment', { token })).status, 200, 'refused a second before its expiry');
    clock.advance(2_000);
    const expired = await callProxy(proxy, '/api/me/assignment', { token });
    assert.equal(expired.status, 401);
    assert.equal((expired.body as { error: { code: string } }).error.code, 'token_expired');
  });

  it('judges a token it has not seen before by the same clock', async () => {
    const token = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    clock.advance(decodeJwt(token).exp! * 1000 - clock.now() + 1_000);
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
