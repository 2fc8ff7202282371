import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SCOPES, startTestTenant, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';
import { alteredToken, callProxy, entraToken, startTestProxy, type TokenProxy } from './support/proxy.js';

const SERVER = 2;
const CLIENT = 3;

describe('token proxy: OpenTelemetry traces and metrics', () => {
  let tenant: DevTenant;
  let receiver: OtlpReceiver;
  let proxy: TokenProxy;
  let prometheus: string;
  const pageTrace = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };

  before(async () => {
    [tenant, receiver] = await Promise.all([startTestTenant(), startOtlpReceiver()]);
    proxy = await startTestProxy(tenant, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, PROMETHEUS_PORT: '0', OTEL_METRIC_EXPORT_INTERVAL: '600000' });
    prometheus = (await fetch(proxy.app.metricsUrl!).then((r) => r.text()));
    const token = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    const exchange = (bearer: string, headers: Record<string, string> = {}) => callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: bearer, headers });
    assert.equal((await exchange(token, { traceparent: `00-${pageTrace.traceId}-${pageTrace.spanId}-01` })).status, 200);
    assert.equal((await exchange(token)).headers.get('x-token-cache'), 'hit');
    assert.equal((await exchange(await alteredToken(tenant, token, { aud: 'https://graph.microsoft.com' }))).status, 401);
    prometheus = await fetch(proxy.app.metricsUrl!).then((r) => r.text());
    // Closing flushes what the exporters still hold, as a stopping proxy must.
    await proxy.close();
  });
  after(async () => {
    await Promise.all([receiver?.close(), tenant?.close()]);
  });

  it("continues the page's trace: the exchange's server span is the child of the page's traceparent", () => {
    const server = receiver.spans().find((s) => s.kind === SERVER && s.traceId === pageTrace.traceId);
    assert.ok(server, `no server span in the page's trace among ${receiver.spans().map((s) => s.name).join(', ')}`);
    assert.equal(server.name, 'POST /api/token/teams-user');
    assert.equal(server.parentSpanId, pageTrace.spanId);
    assert.equal(server.attributes['http.response.status_code'], 200);
    assert.equal(server.attributes['tpe.token_cache'], 'miss');
  });

  it("shows the call to ACS as the exchange's child span, from the Azure SDK's own tracing policy", () => {
    const spans = receiver.spans().filter((s) => s.traceId === pageTrace.traceId);
    const server = spans.find((s) => s.kind === SERVER)!;
    const children = spans.filter((s) => s.parentSpanId === server.spanId);
    const http = children.find((s) => s.name === 'HTTP POST');
    assert.ok(http, `children of the server span: ${children.map((s) => s.name).join(', ') || 'none'}`);
    assert.equal(http.kind, CLIENT);
    assert.equal(http.attributes['http.status_code'] ?? http.attributes['http.response.status_code'], 200);
    assert.match(String(http.attributes['url.full'] ?? http.attributes['http.url']), /\/teamsUser\/:exchangeAccessToken\?api-version=/);
  });

  it('starts a new trace for a request without traceparent, and never puts a token in a span', () => {
    const servers = receiver.spans().filter((s) => s.kind === SERVER && s.name === 'POST /api/token/teams-user');
    assert.equal(servers.length, 3);
    assert.equal(servers.filter((s) => s.traceId === pageTrace.traceId).length, 1);
    assert.doesNotMatch(JSON.stringify(receiver.spans()), /eyJ[\w-]{10,}/, 'a JWT in a span');
  });

  it('exports counts over OTLP: exchanges by outcome, refusals by reason, ACS answers by status', () => {
    const total = (metric: string, attributes: Record<string, unknown>) =>
      receiver
        .sum(metric)
        .filter((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v))
        .reduce((sum, p) => sum + p.value, 0);
    assert.equal(total('tpe_proxy.exchanges', { outcome: 'issued' }), 1);
    assert.equal(total('tpe_proxy.exchanges', { outcome: 'cached' }), 1);
    assert.equal(total('tpe_proxy.exchanges', { outcome: 'failed' }), 1);
    assert.equal(total('tpe_proxy.token.refusals', { reason: 'wrong_audience' }), 1);
    assert.equal(total('tpe_proxy.upstream.responses', { operation: 'exchange', status: '200' }), 1);
  });

  it('answers the same counts at the Prometheus endpoint', () => {
    assert.match(prometheus, /^tpe_proxy_exchanges_total\{[^}]*outcome="issued"[^}]*\} 1$/m);
    assert.match(prometheus, /^tpe_proxy_exchanges_total\{[^}]*outcome="cached"[^}]*\} 1$/m);
    assert.match(prometheus, /^tpe_proxy_token_refusals_total\{[^}]*reason="wrong_audience"[^}]*\} 1$/m);
    assert.match(prometheus, /^tpe_proxy_exchange_duration_count\{[^}]*outcome="issued"[^}]*\} 1$/m);
  });
});
