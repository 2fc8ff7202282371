import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Redis } from 'ioredis';
import { SCOPES, startTestTenant, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { tokenKeys, unseal } from '../src/store/sealed-token.js';
import { logLines } from './support/log-lines.js';
import { counterBy } from './support/prometheus.js';
import { assignmentPath, entraToken, proxyApiScope, startTestProxy, type TokenProxy } from './support/proxy.js';
import { freePort, redisMissing, startRedis, type TestRedis } from './support/redis-server.js';
import { PICK_INSTANCE, SERVED_BY, startBalancer, type Balancer } from './support/round-robin-balancer.js';

const LIMIT = 4;

interface Answer {
  status: number;
  servedBy: number;
  cache: string | undefined;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read the fields they need
}

/**
 * One request through the balancer from a client machine (`from`, an address in 127.0.0.0/8), to the next
 * instance in turn or the one picked.
 */
function viaBalancer(balancer: Balancer, path: string, { from, instance, method = 'GET', token, body }: { from: string; instance?: number; method?: string; token?: string; body?: unknown }): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (instance !== undefined) headers[PICK_INSTANCE] = String(instance);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    request(`${balancer.url}${path}`, { method, headers, localAddress: from, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          servedBy: Number(response.headers[SERVED_BY]),
          cache: response.headers['x-token-cache'] as string | undefined,
          body: text ? JSON.parse(text) : undefined,
        }),
      );
    })
      .on('error', reject)
      .end(payload);
  });
}

/** The reason the suite is skipped (the test report prints it), or undefined when redis-server is here. */
const missing = redisMissing();

describe('token proxy: two instances sharing Redis behind a balancer', { skip: missing }, () => {
  let tenant: DevTenant;
  let redis: TestRedis;
  let balancer: Balancer;
  const instances: { proxy: TokenProxy; log: ReturnType<typeof logLines> }[] = [];
  /** A fresh client machine per use, so no count carries over from another test. */
  let nextClient = 10;
  const newClient = () => `127.0.0.${nextClient++}`;

  const exchange = (token: string, from: string, instance?: number) => viaBalancer(balancer, '/api/token/teams-user', { method: 'POST', token, from, instance });
  /** `count` requests in turn from one client: the statuses, and which instance answered each. */
  const configCalls = async (from: string, count: number) => {
    const answers: Answer[] = [];
    for (let i = 0; i < count; i++) answers.push(await viaBalancer(balancer, '/api/config', { from }));
    return { statuses: answers.map((a) => a.status), servedBy: answers.map((a) => a.servedBy) };
  };

  before(async () => {
    tenant = await startTestTenant();
    redis = await startRedis();
    for (let i = 0; i < 2; i++) {
      const log = logLines();
      // Counts are read where an operator reads them: each instance's Prometheus endpoint.
      const env = { REDIS_URL: redis.url, TRUST_PROXY: '1', RATE_LIMIT_PER_IP: String(LIMIT), PROMETHEUS_PORT: '0' };
      instances.push({ proxy: await startTestProxy(tenant, env, { logger: { stream: log.stream } }), log });
    }
    balancer = await startBalancer(instances.map((i) => i.proxy.url));
  });
  after(async () => {
    await balancer?.close();
    for (const { proxy } of instances) await proxy.shutdown(1_000);
    await redis?.stop();
    await tenant?.close();
  });

  it(`shares one limit of ${LIMIT} per address: the ${LIMIT + 1}th request is refused whichever instance answers`, async () => {
    const client = newClient();
    const { statuses, servedBy } = await configCalls(client, LIMIT + 2);
    assert.deepEqual(statuses, [...Array(LIMIT).fill(200), 429, 429]);
    assert.deepEqual(servedBy, [0, 1, 0, 1, 0, 1], 'each instance answered every other request');
    assert.deepEqual((await configCalls(newClient(), 1)).statuses, [200], 'another address has its own count');
    const limited = await Promise.all(instances.map(({ proxy }) => counterBy(proxy.app.metricsUrl!, 'tpe_proxy_rate_limited_total', 'scope')));
    assert.equal((limited[0]!.address ?? 0) + (limited[1]!.address ?? 0), 2, 'both refusals counted, by the instance that refused');
    assert.equal((limited[0]!.caller ?? 0) + (limited[1]!.caller ?? 0), 0);
  });

  it('serves an exchange cached by one instance from the other, and keeps no token text in Redis', async () => {
    const entra = await entraToken(tenant, UPN.secondAgent, SCOPES.teamsPersona);
    const client = newClient();
    const first = await exchange(entra, client, 0);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = await exchange(entra, client, 1);
    assert.deepEqual([first.cache, second.cache], ['miss', 'hit']);
    assert.equal(second.body.token, first.body.token);

    const reader = new Redis(redis.url);
    try {
      const keys = await reader.keys('*');
      const strings = await Promise.all(keys.map(async (key) => ((await reader.type(key)) === 'string' ? ((await reader.get(key)) ?? '') : (await reader.smembers(key)).join(' '))));
      const everything = [...keys, ...strings].join('\n');
      for (const secret of [first.body.token, entra, ...first.body.token.split('.'), ...entra.split('.')]) assert.ok(!everything.includes(secret), 'a token or part of one is in Redis');
      assert.doesNotMatch(everything, /eyJ/, 'something JSON-web-token-like is in Redis');
      // The sealed value opens with the Entra token it was exchanged for, and with nothing else.
      const keysOf = tokenKeys(entra);
      const sealed = await reader.get(`tpe-token-proxy:acs-token:${keysOf.id}`);
      assert.ok(sealed, 'the exchange is in Redis under the key derived from the Entra token');
      assert.equal(JSON.parse(unseal(keysOf, sealed)!).token, first.body.token);
      const other = tokenKeys(await entraToken(tenant, UPN.secondAgent, SCOPES.teamsPersona));
      assert.equal(unseal({ id: keysOf.id, seal: other.seal }, sealed), undefined);
    } finally {
      reader.disconnect();
    }
  });

  it('drops a user\'s cached tokens on every instance when an admin deletes the assignment through one of them', async () => {
    const tid = tenant.ctx.fixture.tenant.id;
    const agentId = userByUpn(tenant, UPN.agent).id;
    const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
    const adminDesk = newClient();
    const granted = await viaBalancer(balancer, assignmentPath(tid, agentId), { method: 'PUT', token: admin, from: adminDesk, instance: 0, body: { principalType: 'user', clientIds: [tenant.ctx.fixture.apps.ccaasClient.appId] } });
    assert.ok([200, 201].includes(granted.status), JSON.stringify(granted.body));

    const entra = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const agentDesk = newClient();
    assert.equal((await exchange(entra, agentDesk, 0)).cache, 'miss');
    assert.equal((await exchange(entra, agentDesk, 1)).cache, 'hit', 'cached for both instances');

    const removed = await viaBalancer(balancer, assignmentPath(tid, agentId), { method: 'DELETE', token: admin, from: adminDesk, instance: 0 });
    assert.equal(removed.status, 204);
    const dropped = instances[0]!.log.where((e) => e.msg === 'cached ACS tokens of the removed assignment dropped');
    assert.deepEqual(dropped.map((e) => [e.objectId, e.dropped]), [[agentId, 1]]);

    // What the agent's page sees next on the other instance: no cached answer; the proxy asks ACS again, and the
    // dev tenant, like ACS's Teams-user exchange, issues it a new token (the assignment gates the Teams
    // extension persona, not this one), now cached anew.
    const after = await exchange(entra, agentDesk, 1);
    assert.equal(after.status, 200, JSON.stringify(after.body));
    assert.equal(after.cache, 'miss');
    assert.equal((await exchange(entra, newClient(), 0)).cache, 'hit');
  });

  // The timeout only guards the wait for reconnection, so a proxy that never reconnects fails instead of hanging.
  it('keeps serving when Redis dies: limits per instance, one warning per part, every fallback counted; shared again once Redis is back', { timeout: 30_000 }, async () => {
    const logFrom = instances.map((i) => i.log.entries.length);
    await redis.kill();

    // Exchanges still answer, each instance from its own memory.
    const entra = await entraToken(tenant, UPN.secondAgent, SCOPES.teamsPersona);
    const desk = newClient();
    const answers = [await exchange(entra, desk, 0), await exchange(entra, desk, 1), await exchange(entra, desk, 0), await exchange(entra, desk, 1)];
    assert.deepEqual(
      answers.map((a) => [a.status, a.cache]),
      [[200, 'miss'], [200, 'miss'], [200, 'hit'], [200, 'hit']],
    );

    // Each instance now counts on its own: a client gets the limit from each, and is still refused after.
    const { statuses } = await configCalls(newClient(), 2 * LIMIT + 2);
    assert.deepEqual(statuses, [...Array(2 * LIMIT).fill(200), 429, 429]);

    // A revocation now reaches only the memory of the instance that makes it; the other's copy lasts until it
    // reaches Redis again (below) or TOKEN_CACHE_MAX_SECONDS.
    const tid = tenant.ctx.fixture.tenant.id;
    const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
    const removed = await viaBalancer(balancer, assignmentPath(tid, userByUpn(tenant, UPN.secondAgent).id), { method: 'DELETE', token: admin, from: newClient(), instance: 0 });
    assert.equal(removed.status, 204);
    assert.deepEqual([(await exchange(entra, desk, 0)).cache, (await exchange(entra, desk, 1)).cache], ['miss', 'hit']);

    const warned = [['rate_limit', 'revocation', 'token_cache'], ['rate_limit', 'token_cache']];
    for (const [index, { log, proxy }] of instances.entries()) {
      const warnings = log.entries.slice(logFrom[index]).filter((e) => e.level === 'warn' && String(e.msg).startsWith('shared store'));
      assert.deepEqual(warnings.map((e) => e.part).sort(), warned[index], `instance ${index}: one warning per part`);
      const fallbacks = await counterBy(proxy.app.metricsUrl!, 'tpe_proxy_shared_store_fallbacks_total', 'part');
      assert.ok((fallbacks.rate_limit ?? 0) >= LIMIT + 1, `instance ${index}: every limited request counted (${JSON.stringify(fallbacks)})`);
      assert.ok((fallbacks.token_cache ?? 0) >= 1, `instance ${index}: the cache fallback counted`);
    }

    const reconnectFrom = instances.map((i) => i.log.entries.length);
    await redis.restart();
    await Promise.all(instances.map(({ log }, index) => log.next((e) => e.msg === 'shared store (REDIS_URL) connected', reconnectFrom[index])));

    const { statuses: sharedAgain } = await configCalls(newClient(), LIMIT + 1);
    assert.deepEqual(sharedAgain, [...Array(LIMIT).fill(200), 429], 'one limit across both instances again');
    const fresh = await entraToken(tenant, UPN.secondAgent, SCOPES.teamsPersona);
    const back = newClient();
    assert.deepEqual([(await exchange(fresh, back, 0)).cache, (await exchange(fresh, back, 1)).cache], ['miss', 'hit'], 'one cache across both instances again');
    assert.equal((await exchange(entra, newClient(), 1)).cache, 'miss', 'what instance 1 kept through the revocation is no longer served');
    for (const [index, { log }] of instances.entries()) {
      const recovered = log.entries.slice(reconnectFrom[index]).filter((e) => e.msg === 'shared store (REDIS_URL) in use again');
      assert.deepEqual(recovered.map((e) => e.part).sort(), ['rate_limit', 'token_cache'], `instance ${index}: one notice per part`);
    }
  });

  it('keeps serving when Redis stops answering: one request waits the command timeout, the rest go straight to memory until Redis answers again', { timeout: 30_000 }, async () => {
    const logFrom = instances[0]!.log.entries.length;
    const entra = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const desk = newClient();
    redis.freeze();
    try {
      const answers = [await exchange(entra, desk, 0), await exchange(entra, desk, 0)];
      assert.deepEqual(
        answers.map((a) => [a.status, a.cache]),
        [[200, 'miss'], [200, 'hit']],
      );
      const warnings = instances[0]!.log.entries.slice(logFrom).filter((e) => e.level === 'warn' && String(e.msg).startsWith('shared store'));
      assert.deepEqual(warnings.map((e) => e.part).sort(), ['rate_limit', 'token_cache']);
      // The first command timed out; after it the instance did not ask the stuck Redis again.
      assert.deepEqual(
        warnings.map((e) => e.reason),
        ['Command timed out', 'Redis is not answering'],
      );
    } finally {
      redis.thaw();
    }
    await instances[0]!.log.next((e) => e.msg === 'shared store (REDIS_URL) answering again', logFrom);
    const back = await exchange(entra, newClient(), 0);
    assert.equal(back.status, 200);
    const recovered = instances[0]!.log.entries.slice(logFrom).filter((e) => e.msg === 'shared store (REDIS_URL) in use again');
    assert.deepEqual(recovered.map((e) => e.part).sort(), ['rate_limit', 'token_cache']);
  });
});

describe('token proxy: REDIS_URL unreachable at start', () => {
  it('starts anyway, says so, and serves from its own memory', async () => {
    const tenant = await startTestTenant();
    const log = logLines();
    const proxy = await startTestProxy(tenant, { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_IP: '3', PROMETHEUS_PORT: '0' }, { logger: { stream: log.stream } });
    try {
      assert.equal(log.where((e) => e.level === 'warn' && e.msg === "shared store (REDIS_URL) not reachable at start; serving from this instance's memory until it is").length, 1);
      const token = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
      const exchange = () => fetch(`${proxy.url}/api/token/teams-user`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const answers = [await exchange(), await exchange(), await exchange()];
      assert.deepEqual(
        answers.map((a) => [a.status, a.headers.get('x-token-cache')]),
        [[200, 'miss'], [200, 'hit'], [200, 'hit']],
      );
      assert.equal((await fetch(`${proxy.url}/api/config`)).status, 429, 'limited from memory, not let through');
      assert.deepEqual(Object.keys(await counterBy(proxy.app.metricsUrl!, 'tpe_proxy_shared_store_fallbacks_total', 'part')).sort(), ['rate_limit', 'token_cache']);
    } finally {
      await proxy.close();
      await tenant.close();
    }
  });
});
