import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { acsTokenAnswer, failingFirst, unavailable } from './support/fake-acs.js';
import { decodeJwt } from 'jose';
import { useProxyBeforeFakeAcs } from './support/proxy-before-fake-acs.js';
import { assignmentPath, callProxy, entraToken, proxyApiScope, type ProxyApp, type TokenProxy } from './support/proxy.js';
import { testClock } from './support/test-clock.js';

const MAX_RETRIES = 2;

describe('token proxy: ACS upstream failures, the token cache and shutdown', () => {
  const setup = useProxyBeforeFakeAcs({ UPSTREAM_MAX_RETRIES: String(MAX_RETRIES) });
  const proxyBefore = setup.start;
  let tenant: DevTenant;
  before(() => {
    tenant = setup.tenant();
  });

  const teamsToken = () => entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
  const exchange = (proxy: ProxyApp | TokenProxy, token: string, headers: Record<string, string> = {}) => callProxy(proxy, '/api/token/teams-user', { method: 'POST', token, headers });

  describe('retries', () => {
    for (const [status, failures] of [
      [429, 2],
      [503, 1],
    ] as const) {
      it(`retries a transient ${status} and answers the caller 200`, async () => {
        const { acs, proxy } = await proxyBefore(failingFirst(failures, unavailable(status, 0)));
        const answer = await exchange(proxy, await teamsToken());
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.match(answer.body.token, /^eyJ/);
        assert.equal(acs.hits.length, failures + 1);
      });
    }

    // Retry-After 0 until the last attempt, so the SDK's waits between attempts cost no real time; the last
    // one's 7 s is what the caller must be told (the proxy's own fallback would be 5).
    it('surfaces a persistent 429 as 503 upstream_unavailable with ACS\'s last Retry-After, after maxRetries + 1 attempts', async () => {
      const { acs, proxy } = await proxyBefore((index) => unavailable(429, index < MAX_RETRIES ? 0 : 7));
      const answer = await exchange(proxy, await teamsToken());
      assert.equal(answer.status, 503);
      assert.equal(answer.body.error.code, 'upstream_unavailable');
      assert.equal(answer.headers.get('retry-after'), '7');
      assert.equal(acs.hits.length, MAX_RETRIES + 1);
    });

    it('surfaces a persistent 503 without Retry-After as 503 upstream_unavailable with a Retry-After of its own', async () => {
      const { acs, proxy } = await proxyBefore(() => unavailable(503));
      const answer = await exchange(proxy, await teamsToken());
      assert.equal(answer.status, 503);
      assert.equal(answer.body.error.code, 'upstream_unavailable');
      assert.ok(Number(answer.headers.get('retry-after')) > 0, `Retry-After: ${answer.headers.get('retry-after')}`);
      assert.equal(acs.hits.length, MAX_RETRIES + 1);
    });

    it('retries the assignments API the same way', async () => {
      const { acs, proxy } = await proxyBefore(() => unavailable(503, 0));
      const tid = tenant.ctx.fixture.tenant.id;
      const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
      const answer = await callProxy(proxy, assignmentPath(tid, tenant.ctx.fixture.resourceAccounts[0]!.id), { token: admin });
      assert.equal(answer.status, 503);
      assert.equal(answer.body.error.code, 'upstream_unavailable');
      assert.ok(answer.headers.get('retry-after'));
      assert.equal(acs.hits.length, MAX_RETRIES + 1);
    });

    it("sends the caller's x-ms-client-request-id upstream on every attempt, and echoes it as x-request-id", async () => {
      const { acs, proxy } = await proxyBefore(failingFirst(1, unavailable(503, 0)));
      const requestId = 'agent-desk-7f3a9c';
      const answer = await exchange(proxy, await teamsToken(), { 'x-ms-client-request-id': requestId });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('x-request-id'), requestId);
      assert.deepEqual(
        acs.hits.map((hit) => hit.headers['x-ms-client-request-id']),
        [requestId, requestId],
      );
    });

    it('sends ACS the ids from the validated token, not from the request', async () => {
      const { acs, proxy } = await proxyBefore(() => acsTokenAnswer());
      const token = await teamsToken();
      assert.equal((await exchange(proxy, token)).status, 200);
      const sent = JSON.parse(acs.hits[0]!.body) as { token: string; appId: string; userId: string };
      assert.deepEqual(sent, { token, appId: tenant.ctx.fixture.apps.testAutomation.appId, userId: tenant.ctx.fixture.users.find((u) => u.userPrincipalName === UPN.agent)!.id });
      assert.match(acs.hits[0]!.url, /^\/teamsUser\/:exchangeAccessToken\?/);
    });
  });

  describe('the token cache', () => {
    it('answers the same still-valid Entra token twice with the same ACS token and one exchange', async () => {
      const { acs, proxy } = await proxyBefore(() => acsTokenAnswer());
      const token = await teamsToken();
      const first = await exchange(proxy, token);
      const second = await exchange(proxy, token);
      assert.deepEqual([first.headers.get('x-token-cache'), second.headers.get('x-token-cache')], ['miss', 'hit']);
      assert.equal(second.body.token, first.body.token);
      assert.equal(acs.hits.length, 1);
    });

    it("exchanges again once the cached answer is within five minutes of its own or the Entra token's expiry", async () => {
      const clock = testClock();
      // TOKEN_CACHE_MAX_SECONDS as long as the tokens live, so only their expiry bounds the cache here.
      const { acs, proxy } = await proxyBefore(() => acsTokenAnswer(), { TOKEN_CACHE_MAX_SECONDS: '86400' }, { now: clock.now });
      const token = await teamsToken();
      const first = await exchange(proxy, token);
      const renewAt = Math.min(Date.parse(first.body.expiresOn), decodeJwt(token).exp! * 1000) - 5 * 60_000;
      clock.advance(renewAt - clock.now() - 1_000);
      assert.equal((await exchange(proxy, token)).headers.get('x-token-cache'), 'hit', 'renewed more than five minutes ahead');
      clock.advance(2_000);
      const renewed = await exchange(proxy, token);
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
      assert.equal(renewed.headers.get('x-token-cache'), 'miss', 'served a cached token about to lapse');
      assert.equal(acs.hits.length, 2);
    });

    it('exchanges again for a different Entra token of the same user', async () => {
      const { acs, proxy } = await proxyBefore(() => acsTokenAnswer());
      const first = await exchange(proxy, await teamsToken());
      const second = await exchange(proxy, await teamsToken());
      assert.equal(second.headers.get('x-token-cache'), 'miss');
      assert.notEqual(second.body.token, first.body.token);
      assert.equal(acs.hits.length, 2);
    });

    it('shares one exchange between identical requests in flight at once', async () => {
      const { acs, proxy } = await proxyBefore(() => ({ ...acsTokenAnswer(), delayMs: 100 }));
      const token = await teamsToken();
      const answers = await Promise.all([exchange(proxy, token), exchange(proxy, token), exchange(proxy, token)]);
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200],
      );
      assert.equal(new Set(answers.map((a) => a.body.token)).size, 1);
      assert.equal(acs.hits.length, 1);
    });

    it('exchanges on every call with TOKEN_CACHE_ENTRIES=0', async () => {
      const { acs, proxy } = await proxyBefore(() => acsTokenAnswer(), { TOKEN_CACHE_ENTRIES: '0' });
      const token = await teamsToken();
      for (let i = 0; i < 3; i++) assert.equal((await exchange(proxy, token)).headers.get('x-token-cache'), 'miss');
      assert.equal(acs.hits.length, 3);
    });

    it('does not cache a failed exchange', async () => {
      const { acs, proxy } = await proxyBefore(failingFirst(MAX_RETRIES + 1, unavailable(503, 0)));
      const token = await teamsToken();
      assert.equal((await exchange(proxy, token)).status, 503);
      const retried = await exchange(proxy, token);
      assert.equal(retried.status, 200);
      assert.equal(retried.headers.get('x-token-cache'), 'miss');
      assert.equal(acs.hits.length, MAX_RETRIES + 2);
    });
  });

  describe('graceful shutdown', () => {
    // Over a real socket: what is at stake is the caller's keep-alive connection, which the answer must close.
    it('lets an in-flight exchange finish with 200 after close() is called, and closes its connection so close() need not wait out keep-alive', async () => {
      const { acs, proxy } = await setup.startListening(() => ({ ...acsTokenAnswer(), delayMs: 300 }));
      const token = await teamsToken();
      const inFlight = exchange(proxy, token);
      await acs.hitsReached(1);
      const closed = proxy.close();
      const answer = await inFlight;
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.match(answer.body.token, /^eyJ/);
      assert.equal(answer.headers.get('connection'), 'close', 'the answer left its connection open, so close() waits out keep-alive');
      await closed;
    });
  });
});
