import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ConfigError, loadConfig } from '../src/config.js';
import { devTenantEnv, startTestProxy, type TokenProxy, useOneTenant } from './support/proxy.js';
import { logLines } from './support/log-lines.js';
import { rawConnection, type RawExchange } from './support/raw-http.js';

/** GET `path` as a balancer would send it: from `localAddress`, naming the client in X-Forwarded-For. */
function statusOf(proxy: TokenProxy, path: string, { forwardedFor, localAddress = '127.0.0.1' }: { forwardedFor?: string; localAddress?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${proxy.url}${path}`, { localAddress, agent: false, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** The statuses of one request per "client", each naming itself in X-Forwarded-For, all from one address. */
async function oneRequestEach(proxy: TokenProxy, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const header of forwardedFor) statuses.push(await statusOf(proxy, '/api/config', { forwardedFor: header }));
  return statuses;
}

const SIX_CLIENTS = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5', '203.0.113.6'];

describe('token proxy: TRUST_PROXY', () => {
  const scope = useOneTenant();

  const configProblems = (value: string): string[] => {
    try {
      loadConfig(devTenantEnv(scope.tenant, { TRUST_PROXY: value }));
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems;
    }
  };

  it('takes a hop count or addresses/CIDRs, and refuses "trust everyone" and malformed entries at start, saying why', () => {
    assert.equal(loadConfig(devTenantEnv(scope.tenant)).trustProxy, false, 'off by default');
    assert.equal(loadConfig(devTenantEnv(scope.tenant, { TRUST_PROXY: '1' })).trustProxy, 1);
    assert.deepEqual(loadConfig(devTenantEnv(scope.tenant, { TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,fd00::/8,uniquelocal' })).trustProxy, ['10.0.0.0/8', '192.0.2.7', 'fd00::/8', 'uniquelocal']);
    for (const everyone of ['true', '*', '0.0.0.0/0', '10.0.0.1,::/0']) {
      assert.match(configProblems(everyone).join('\n'), /TRUST_PROXY may not trust every peer/, everyone);
    }
    assert.match(configProblems('10.0.0.300').join('\n'), /"10\.0\.0\.300" is none of these/);
    assert.match(configProblems('10.0.0.0/33').join('\n'), /"10\.0\.0\.0\/33" is none of these/);
    assert.match(configProblems('11').join('\n'), /hop count must be from 1 to 10/);
  });

  it('off: ignores X-Forwarded-For, so six "clients" sending from one address share its limit of 5 and the sixth is refused', async () => {
    const log = logLines();
    const proxy = scope.closeAfterTest(await startTestProxy(scope.tenant, { RATE_LIMIT_PER_IP: '5' }, { logger: { stream: log.stream } }));
    assert.deepEqual(await oneRequestEach(proxy, SIX_CLIENTS), [200, 200, 200, 200, 200, 429]);
    const addresses = new Set(log.where((e) => e.msg === 'request completed').map((e) => (e.req as { remoteAddress: string }).remoteAddress));
    assert.deepEqual([...addresses], ['127.0.0.1'], 'the logs name the peer, not what it claims');
  });

  it('hop count 1: each forwarded client has its own bucket, and the logs name the client', async () => {
    const log = logLines();
    const proxy = scope.closeAfterTest(await startTestProxy(scope.tenant, { RATE_LIMIT_PER_IP: '5', TRUST_PROXY: '1' }, { logger: { stream: log.stream } }));
    assert.deepEqual(await oneRequestEach(proxy, SIX_CLIENTS), [200, 200, 200, 200, 200, 200]);
    // The first client's own limit still holds: four more pass, the sixth of its requests is refused.
    assert.deepEqual(await oneRequestEach(proxy, Array(5).fill(SIX_CLIENTS[0])), [200, 200, 200, 200, 429]);
    const addresses = new Set(log.where((e) => e.msg === 'request completed').map((e) => (e.req as { remoteAddress: string }).remoteAddress));
    assert.deepEqual([...addresses].sort(), [...SIX_CLIENTS].sort());
  });

  it('hop count 1: an address the client put to the left of what the balancer appended is not believed', async () => {
    const proxy = scope.closeAfterTest(await startTestProxy(scope.tenant, { RATE_LIMIT_PER_IP: '5', TRUST_PROXY: '1' }));
    // The client sends "X-Forwarded-For: <made up>"; the balancer appends the address it saw (198.51.100.9).
    const spoofed = SIX_CLIENTS.map((madeUp) => `${madeUp}, 198.51.100.9`);
    assert.deepEqual(await oneRequestEach(proxy, spoofed), [200, 200, 200, 200, 200, 429]);
  });

  it('an address list: only the listed balancer is believed, and only it is exempt from CONNECTIONS_PER_IP', async () => {
    const proxy = scope.closeAfterTest(await startTestProxy(scope.tenant, { RATE_LIMIT_PER_IP: '5', TRUST_PROXY: '127.0.0.1', CONNECTIONS_PER_IP: '1' }));
    const held: RawExchange[] = [];
    try {
      // The balancer holds a connection open and still gets its next one: it speaks for every agent.
      held.push(await rawConnection(proxy.url, '', '127.0.0.1'));
      assert.deepEqual(await oneRequestEach(proxy, SIX_CLIENTS), [200, 200, 200, 200, 200, 200]);
      // 127.0.0.2 is not listed: what it claims in X-Forwarded-For is ignored, so its six share one bucket …
      const fromOther = [];
      for (const client of SIX_CLIENTS) fromOther.push(await statusOf(proxy, '/api/config', { forwardedFor: client, localAddress: '127.0.0.2' }));
      assert.deepEqual(fromOther, [200, 200, 200, 200, 200, 429]);
      // … and, holding one connection, it gets no second.
      held.push(await rawConnection(proxy.url, '', '127.0.0.2'));
      await assert.rejects(statusOf(proxy, '/healthz', { localAddress: '127.0.0.2' }), /ECONNRESET|socket hang up/);
    } finally {
      for (const { socket } of held) socket.destroy();
    }
  });
});
