import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UPN } from '@tpe-elements/dev-tenant/testing';
import { buildTestProxy, callProxy, entraToken, proxyApiScope, type ProxyAnswer, useOneTenant } from './support/proxy.js';

function assertRateLimited(answer: ProxyAnswer) {
  assert.equal(answer.status, 429, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'rate_limited');
  const retryAfter = Number(answer.headers.get('retry-after'));
  assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${answer.headers.get('retry-after')}`);
}

describe('token proxy: rate limits', () => {
  const scope = useOneTenant();

  it("refuses one user's 4th call with 429 rate_limited under RATE_LIMIT_PER_CALLER=3, while another user still gets through", async () => {
    const proxy = scope.closeAfterTest(await buildTestProxy(scope.tenant, { RATE_LIMIT_PER_CALLER: '3' }));
    const avery = await entraToken(scope.tenant, UPN.agent, proxyApiScope(scope.tenant));
    const blake = await entraToken(scope.tenant, UPN.secondAgent, proxyApiScope(scope.tenant));
    const myAssignment = (token: string) => callProxy(proxy!, '/api/me/assignment', { token });
    for (let i = 1; i <= 3; i++) assert.equal((await myAssignment(avery)).status, 200, `call ${i}`);
    assertRateLimited(await myAssignment(avery));
    // A fresh token does not reset the count: the limit is per user, not per token.
    assertRateLimited(await myAssignment(await entraToken(scope.tenant, UPN.agent, proxyApiScope(scope.tenant))));
    assert.equal((await myAssignment(blake)).status, 200);
  });

  it('refuses the 4th request from one address with 429 rate_limited under RATE_LIMIT_PER_IP=3, but not the liveness probe or another address', async () => {
    const proxy = scope.closeAfterTest(await buildTestProxy(scope.tenant, { RATE_LIMIT_PER_IP: '3' }));
    for (let i = 1; i <= 3; i++) assert.equal((await callProxy(proxy, '/api/config')).status, 200, `call ${i}`);
    assertRateLimited(await callProxy(proxy, '/api/config'));
    assertRateLimited(await callProxy(proxy, '/api/token/teams-user', { method: 'POST' }));
    // Readiness calls ACS and Entra, so it is limited like the API; liveness costs nothing and is not.
    assertRateLimited(await callProxy(proxy, '/readyz'));
    assert.equal((await callProxy(proxy, '/healthz')).status, 200);
    assert.equal((await callProxy(proxy, '/api/config', { from: '127.0.0.2' })).status, 200);
  });

  it('counts requests to paths that do not exist, so probing for them is limited too', async () => {
    const proxy = scope.closeAfterTest(await buildTestProxy(scope.tenant, { RATE_LIMIT_PER_IP: '3' }));
    for (let i = 1; i <= 3; i++) assert.equal((await callProxy(proxy, `/api/nothing-here-${i}`)).status, 404, `probe ${i}`);
    assertRateLimited(await callProxy(proxy, '/api/nothing-here-4'));
    assertRateLimited(await callProxy(proxy, '/api/config'));
  });
});
