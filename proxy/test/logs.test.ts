import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES, startTestTenant, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { logLines } from './support/log-lines.js';
import { alteredToken, buildTestProxy, callProxy, entraToken, type ProxyApp } from './support/proxy.js';

describe('token proxy: logs', () => {
  let tenant: DevTenant;
  let proxy: ProxyApp;
  const log = logLines();
  /** Lines written while serving the requests below, not while starting. */
  let requestLines: string[];
  let entra: string;
  let forged: string;
  let acsToken: string;
  before(async () => {
    tenant = await startTestTenant();
    proxy = await buildTestProxy(tenant, {}, { logger: { stream: log.stream } });
    const startupLines = log.lines.length;
    entra = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
    forged = await alteredToken(tenant, entra, { aud: 'https://graph.microsoft.com' });
    const exchanged = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: entra, headers: { 'x-ms-client-request-id': 'desk-exchange-1' } });
    assert.equal(exchanged.status, 200);
    acsToken = exchanged.body.token;
    const refused = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: forged, headers: { 'x-ms-client-request-id': 'desk-forged-1' } });
    assert.equal(refused.status, 401);
    requestLines = log.lines.slice(startupLines);
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });

  it('names each line\'s level ("info", "warn"), as operators filter them, not by pino\'s numbers', () => {
    const levels = new Set(log.lines.map((line) => (JSON.parse(line) as { level: unknown }).level));
    assert.ok(levels.has('info'), `levels seen: ${[...levels].join(', ')}`);
    for (const level of levels) assert.match(String(level), /^(trace|debug|info|warn|error|fatal)$/);
  });

  it('never writes the Entra token, the forged token, the ACS token or the access key', () => {
    const all = log.lines.join('\n');
    const signature = (jwt: string) => jwt.split('.')[2]!;
    assert.ok(all.length > 0, 'nothing was logged');
    for (const [what, secret] of [
      ['Entra token', signature(entra)],
      ['forged token', signature(forged)],
      ['ACS token', signature(acsToken)],
      ['ACS access key', tenant.ctx.fixture.acs.accessKey],
    ] as const) {
      assert.ok(!all.includes(secret), `the ${what} is in the logs`);
    }
    assert.ok(!/authorization/i.test(all), 'a request header was logged');
  });

  it('writes one line per answered request, with method, path, status and time, and nothing on arrival', () => {
    const entries = requestLines.map((line) => JSON.parse(line) as { reqId: string; msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number });
    const completed = entries.filter((e) => e.msg === 'request completed');
    assert.deepEqual(
      completed.map((e) => [e.reqId, e.req?.method, e.req?.url, e.res?.statusCode]),
      [
        ['desk-exchange-1', 'POST', '/api/token/teams-user', 200],
        ['desk-forged-1', 'POST', '/api/token/teams-user', 401],
      ],
    );
    assert.ok(completed.every((e) => typeof e.responseTime === 'number'));
    assert.equal(entries.filter((e) => e.msg === 'incoming request').length, 0);
  });

  it('gives every line about a request its request id, the one the caller sent', () => {
    assert.ok(requestLines.length >= 3, `only ${requestLines.length} lines for two requests`);
    for (const line of requestLines) {
      const entry = JSON.parse(line) as { reqId?: string };
      assert.ok(entry.reqId, `no reqId in ${line}`);
    }
    const ids = new Set(requestLines.map((line) => (JSON.parse(line) as { reqId: string }).reqId));
    assert.deepEqual([...ids].sort(), ['desk-exchange-1', 'desk-forged-1']);
  });

  it('says why a token was refused', () => {
    const refusal = requestLines.map((line) => JSON.parse(line) as { reqId: string; reason?: string; msg: string }).find((entry) => entry.reason);
    assert.deepEqual(refusal && { reqId: refusal.reqId, reason: refusal.reason }, { reqId: 'desk-forged-1', reason: 'wrong_audience' });
  });
});
