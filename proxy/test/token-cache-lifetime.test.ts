import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES, startTestTenant, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { ConfigError, loadConfig } from '../src/config.js';
import { assignmentPath, buildTestProxy, callProxy, devTenantEnv, entraToken, proxyApiScope, type ProxyApp } from './support/proxy.js';
import { testClock } from './support/test-clock.js';

describe('token proxy: a cached exchange never outlives the access it was granted for', () => {
  let tenant: DevTenant;
  let proxy: ProxyApp | undefined;
  before(async () => {
    tenant = await startTestTenant();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });
  after(() => tenant.close());

  const exchange = async (token: string) => {
    const answer = await callProxy(proxy!, '/api/token/teams-user', { method: 'POST', token });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.headers.get('x-token-cache');
  };

  it("an assignment deleted through the proxy drops that user's cached tokens at once, and only that user's (no Redis)", async () => {
    proxy = await buildTestProxy(tenant);
    const tid = tenant.ctx.fixture.tenant.id;
    const agentId = userByUpn(tenant, UPN.agent).id;
    const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
    const grant = await callProxy(proxy, assignmentPath(tid, agentId), { method: 'PUT', token: admin, body: { principalType: 'user', clientIds: [tenant.ctx.fixture.apps.ccaasClient.appId] } });
    assert.ok([200, 201].includes(grant.status), JSON.stringify(grant.body));

    const avery = [await entraToken(tenant, UPN.agent, SCOPES.teamsPersona), await entraToken(tenant, UPN.agent, SCOPES.teamsPersona)];
    const blake = await entraToken(tenant, UPN.secondAgent, SCOPES.teamsPersona);
    assert.deepEqual([await exchange(avery[0]!), await exchange(avery[1]!), await exchange(blake)], ['miss', 'miss', 'miss']);
    assert.deepEqual([await exchange(avery[0]!), await exchange(avery[1]!), await exchange(blake)], ['hit', 'hit', 'hit']);

    assert.equal((await callProxy(proxy, assignmentPath(tid, agentId), { method: 'DELETE', token: admin })).status, 204);
    assert.deepEqual([await exchange(avery[0]!), await exchange(avery[1]!)], ['miss', 'miss'], 'both of the removed user\'s tokens');
    assert.equal(await exchange(blake), 'hit', 'another user keeps theirs');
  });

  it("an assignment replaced through the proxy (it may have lost a client app) drops that user's cached tokens too", async () => {
    proxy = await buildTestProxy(tenant);
    const tid = tenant.ctx.fixture.tenant.id;
    const agentId = userByUpn(tenant, UPN.agent).id;
    const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
    const put = (clientIds: string[]) => callProxy(proxy!, assignmentPath(tid, agentId), { method: 'PUT', token: admin, body: { principalType: 'user', clientIds } });
    const { ccaasClient, testAutomation } = tenant.ctx.fixture.apps;
    await put([ccaasClient.appId, testAutomation.appId]);
    const avery = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    assert.deepEqual([await exchange(avery), await exchange(avery)], ['miss', 'hit']);
    assert.equal((await put([ccaasClient.appId])).status, 200);
    assert.equal(await exchange(avery), 'miss');
  });

  it('serves a cached exchange for TOKEN_CACHE_MAX_SECONDS at most, however long the tokens live', async () => {
    const clock = testClock();
    proxy = await buildTestProxy(tenant, { TOKEN_CACHE_MAX_SECONDS: '60' }, { logger: false, now: clock.now });
    const token = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    assert.equal(await exchange(token), 'miss');
    clock.advance(59_000);
    assert.equal(await exchange(token), 'hit');
    clock.advance(2_000);
    assert.equal(await exchange(token), 'miss', 'served past TOKEN_CACHE_MAX_SECONDS');
  });

  it('TOKEN_CACHE_MAX_SECONDS=0 turns the cache off', async () => {
    proxy = await buildTestProxy(tenant, { TOKEN_CACHE_MAX_SECONDS: '0' });
    const token = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    assert.deepEqual([await exchange(token), await exchange(token)], ['miss', 'miss']);
  });

  it('reads TOKEN_CACHE_MAX_SECONDS (600 by default) and REDIS_URL, refusing a bad one without quoting its password', () => {
    assert.equal(loadConfig(devTenantEnv(tenant)).tokenCacheMaxSeconds, 600);
    assert.equal(loadConfig(devTenantEnv(tenant)).redisUrl, undefined);
    assert.equal(loadConfig(devTenantEnv(tenant, { REDIS_URL: 'rediss://:pw@cache.contoso.com:6380/0' })).redisUrl, 'rediss://:pw@cache.contoso.com:6380/0');
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(devTenantEnv(tenant, env));
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
