import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SCOPES, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { acsTokenAnswer, failingFirst, unavailable } from './support/fake-acs.js';
import { useProxyBeforeFakeAcs } from './support/proxy-before-fake-acs.js';
import { assignmentPath, callProxy, entraToken, proxyApiScope, type TokenProxy } from './support/proxy.js';

const MAX_RETRIES = 2;

describe('token proxy: ACS upstream failures, the token cache and shutdown', () => {
  const setup = useProxyBeforeFakeAcs({ UPSTREAM_MAX_RETRIES: String(MAX_RETRIES) });
  const proxyBefore = setup.start;
  let tenant: DevTenant;
  before(() => {
    tenant = setup.tenant();
  });

  const teamsToken = () => entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
  const exchange = (proxy: TokenProxy, token: string, headers: Record<string, string> = {}) => callProxy(proxy, '/api/token/teams-user', { method: 'POST', token, headers });

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

    it('surfaces a persistent 429 as 503 upstream_unavailable with ACS\'s Retry-After, after maxRetries + 1 attempts', async () => {
      const { acs, proxy } = await proxyBefore(() => unavailable(429, 1));
      const answer = await exchange(proxy, await teamsToken());
      assert.equal(answer.status, 503);
      assert.equal(answer.body.error.code, 'upstream_unavailable');
      assert.equal(answer.headers.get('retry-after'), '1');
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
    it('lets an in-flight exchange finish with 200 before close() resolves, and then closes promptly', async () => {
      const upstreamDelayMs = 300;
      const { acs, proxy } = await proxyBefore(() => ({ ...acsTokenAnswer(), delayMs: upstreamDelayMs }));
      const token = await teamsToken();
      const inFlight = exchange(proxy, token);
      while (acs.hits.length === 0) await sleep(5);
      const closeCalledAt = performance.now();
      let closedAt: number | undefined;
      const closed = proxy.close().then(() => (closedAt = performance.now()));
      const answer = await inFlight;
      await Promise.race([closed, sleep(3000)]);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.match(answer.body.token, /^eyJ/);
      assert.ok(closedAt, 'close() still pending 3 s after the last response: it is waiting out the keep-alive timeout');
      assert.ok(closedAt - closeCalledAt >= upstreamDelayMs - 50, `close() resolved after ${closedAt - closeCalledAt} ms, before the in-flight request could finish`);
      await closed;
    });
  });
});
