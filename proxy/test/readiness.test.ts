import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { acsTokenAnswer, unavailable } from './support/fake-acs.js';
import { useProxyBeforeFakeAcs } from './support/proxy-before-fake-acs.js';
import { counterBy } from './support/prometheus.js';
import { callProxy, entraToken } from './support/proxy.js';

describe('token proxy: readiness during an ACS outage', () => {
  const setup = useProxyBeforeFakeAcs({ UPSTREAM_MAX_RETRIES: '0' });
  let tenant: DevTenant;
  before(() => {
    tenant = setup.tenant();
  });

  it('stays ready (ACS "unavailable") while ACS is down, and answers each exchange a clear 503 with Retry-After', async () => {
    const { proxy } = await setup.start(() => unavailable(503, 12), { PROMETHEUS_PORT: '0' });
    const exchange = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: await entraToken(tenant, UPN.agent, SCOPES.teamsPersona) });
    assert.equal(exchange.status, 503, JSON.stringify(exchange.body));
    assert.equal(exchange.body.error.code, 'upstream_unavailable');
    assert.equal(exchange.headers.get('retry-after'), '12');

    const ready = await callProxy(proxy, '/readyz');
    assert.equal(ready.status, 200, 'an outage every instance sees must not take every instance out of the balancer');
    assert.deepEqual(ready.body, { status: 'ready', checks: { entraKeys: 'ok', acs: 'unavailable' } });
    assert.equal((await callProxy(proxy, '/healthz')).status, 200);

    // The outage is a metric instead: what ACS answered, per operation, at the Prometheus endpoint.
    const exchangeStatuses = await counterBy(proxy.metricsUrl!, 'tpe_proxy_upstream_responses_total', 'status');
    assert.ok((exchangeStatuses['503'] ?? 0) >= 2, `ACS's 503s counted: ${JSON.stringify(exchangeStatuses)}`);
  });

  it('is not ready when ACS refuses this instance\'s own credential', async () => {
    const { proxy } = await setup.start((_index, hit) =>
      hit.url.includes('/assignments/')
        ? { status: 401, body: { error: { code: 'Denied', message: 'Denied by the resource provider: the HMAC signature is invalid.' } } }
        : acsTokenAnswer(),
    );
    const ready = await callProxy(proxy, '/readyz');
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.body, { status: 'not ready', checks: { entraKeys: 'ok', acs: 'refused' } });
  });
});
