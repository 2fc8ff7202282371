import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES, UPN, userByUpn } from '@tpe-elements/dev-tenant/testing';
import { ConfigError, loadConfig } from '../src/config.js';
import { assignmentPath, buildTestProxy, callProxy, devTenantEnv, entraToken, proxyApiScope, type ProxyApp, useOneTenant } from './support/proxy.js';
import { testClock } from './support/test-clock.js';

describe('token proxy: a cached exchange never outlives the access it was granted for', () => {
  const scope = useOneTenant();

  const exchange = async (proxy: ProxyApp, token: string) => {
    const answer = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.headers.get('x-token-cache');
  };

  it("an assignment deleted through the proxy drops that user's cached tokens at once, and only that user's (no Redis)", async () => {
    const proxy = scope.closeAfterTest(await buildTestProxy(scope.tenant));
    const tid = scope.tenant.ctx.fixture.tenant.id;
    const agentId = userByUpn(scope.tenant, UPN.agent).id;
    const admin = await entraToken(scope.tenant, UPN.ccaasAdmin, proxyApiScope(scope.tenant));
    const grant = await callProxy(proxy, assignmentPath(tid, agentId), { method: 'PUT', token: admin, body: { principalType: 'user', clientIds: [scope.tenant.ctx.fixture.apps.ccaasClient.appId] } });
    assert.ok([200, 201].includes(grant.status), JSON.stringify(grant.body));

    const avery = [await entraToken(scope.tenant, UPN.agent, SCOPES.teamsPersona), await entraToken(scope.tenant, UPN.agent, SCOPES.teamsPersona)];
    const blake = await entraToken(scope.tenant, UPN.secondAgent, SCOPES.teamsPersona);
    assert.deepEqual([await exchange(proxy, avery[0]!), await exchange(proxy, avery[1]!), await exchange(proxy, blake)], ['miss', 'miss', 'miss']);
    assert.deepEqual([await exchange(proxy, avery[0]!), await exchange(proxy, avery[1]!), await exchange(proxy, blake)], ['hit', 'hit', 'hit']);

    assert.equal((await callProxy(proxy, assignmentPath(tid, agentId), { method: 'DELETE', token: admin })).status, 204);
    assert.deepEqual([await exchange(proxy, avery[0]!), await exchange(proxy, avery[1]!)], ['miss', 'miss'], 'both of the removed user\'s tokens');
    assert.equal(await exchange(proxy, blake), 'hit', 'another user keeps theirs');
  });

  it("an assignment replaced through the proxy (it may have lost a client app) drops that user's cached tokens too", async () => {
    const proxy = scope.closeAfterTest(await buildTestProxy(scope.tenant));
    const tid = scope.tenant.ctx.fixture.tenant.id;
    const agentId = userByUpn(scope.tenant, UPN.agent).id;
    const admin = await entraToken(scope.tenant, UPN.ccaasAdmin, proxyApiScope(scope.tenant));
    const put = (clientIds: string[]) => callProxy(proxy, assignmentPath(tid, agentId), { method: 'PUT', token: admin, body: { principalType: 'user', clientIds } });
    const { ccaasClient, testAutomation } = scope.tenant.ctx.fixture.apps;
    await put([ccaasClient.appId, testAutomation.appId]);
    const avery = await entraToken(scope.tenant, UPN.agent, SCOPES.teamsPersona);
    assert.deepEqual([await exchange(proxy, avery), await exchange(proxy, avery)], ['miss', 'hit']);
    assert.equal((await put([ccaasClient.appId])).status, 200);
    assert.equal(await exchange(proxy, avery), 'miss');
  });

  it('serves a cached exchange for TOKEN_CACHE_MAX_SECONDS at most, however long the tokens live', async () => {
    const clock = testClock();
    const proxy = scope.closeAfterTest(await buildTestProxy(scope.tenant, { TOKEN_CACHE_MAX_SECONDS: '60' }, { logger: false, now: clock.now }));
    const token = await entraToken(scope.tenant, UPN.agent, SCOPES.teamsPersona);
    assert.equal(await exchange(proxy, token), 'miss');
    clock.advance(59_000);
    assert.equal(await exchange(proxy, token), 'hit');
    clock.advance(2_000);
    assert.equal(await exchange(proxy, token), 'miss', 'served past TOKEN_CACHE_MAX_SECONDS');
  });

  it('TOKEN_CACHE_MAX_SECONDS=0 turns the cache off', async () => {
    const proxy = scope.closeAfterTest(await buildTestProxy(scope.tenant, { TOKEN_CACHE_MAX_SECONDS: '0' }));
    const token = await entraToken(scope.tenant, UPN.agent, SCOPES.teamsPersona);
    assert.deepEqual([await exchange(proxy, token), await exchange(proxy, token)], ['miss', 'miss']);
  });

  it('reads TOKEN_CACHE_MAX_SECONDS (600 by default) and REDIS_URL, refusing a bad one without quoting its password', () => {
    assert.equal(loadConfig(devTenantEnv(scope.tenant)).tokenCacheMaxSeconds, 600);
    assert.equal(loadConfig(devTenantEnv(scope.tenant)).redisUrl, undefined);
    assert.equal(loadConfig(devTenantEnv(scope.tenant, { REDIS_URL: 'rediss://:pw@cache.contoso.com:6380/0' })).redisUrl, 'rediss://:pw@cache.contoso.com:6380/0');
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(devTenantEnv(scope.tenant, env));
        return '';
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.message;
      }
    };
    const wrongScheme = problems({ REDIS_URL: 'http://:s3cret@cache.contoso.com:6379' });
    assert.match(wrongScheme, /REDIS_URL must start with redis:\/\/ or rediss:\/\//);
    assert.doesNotMatch(wrongScheme, /s3cret/);
    assert.match(problems({ REDIS_URL: 's3cret at cache' }), /REDIS_URL must be a URL/);
    assert.match(problems({ TOKEN_CACHE_MAX_SECONDS: '-1' }), /TOKEN_CACHE_MAX_SECONDS must be a whole number from 0 to 86400/);
  });
});
