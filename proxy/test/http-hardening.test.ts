import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTenant, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { ALLOWED_ORIGIN, assignmentPath, buildTestProxy, callProxy, entraToken, proxyApiScope, startTestProxy, type ProxyAnswer, type ProxyApp, type TokenProxy } from './support/proxy.js';

describe('token proxy: CORS', () => {
  let tenant: DevTenant;
  let proxy: ProxyApp;
  before(async () => {
    tenant = await startTestTenant();
    proxy = await buildTestProxy(tenant);
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });

  const preflight = (origin: string) =>
    callProxy(proxy, '/api/token/teams-user', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('answers a preflight from the agent app origin with that origin, never "*"', async () => {
    const response = await preflight(ALLOWED_ORIGIN);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match((response.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /authorization/);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });

  it('lets the agent app origin read an actual answer and its request id', async () => {
    const response = await callProxy(proxy, '/api/config', { headers: { origin: ALLOWED_ORIGIN } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.match(response.headers.get('vary') ?? '', /origin/i);
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /x-request-id/i);
  });

  it('gives a page of any other origin no Access-Control-Allow-Origin at all', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:5174', 'null']) {
      const pre = await preflight(origin);
      assert.equal(pre.headers.get('access-control-allow-origin'), null, `preflight from ${origin}`);
      const actual = await callProxy(proxy, '/api/config', { headers: { origin } });
      assert.equal(actual.headers.get('access-control-allow-origin'), null, `request from ${origin}`);
    }
  });
});

describe('token proxy: request bodies and paths', () => {
  let tenant: DevTenant;
  /** Listening, for the one body that only a real connection can send (chunked); the rest go through inject(). */
  let listening: TokenProxy;
  let proxy: ProxyApp;
  let tid: string;
  let agentId: string;
  let clientId: string;
  let admin: string;
  before(async () => {
    tenant = await startTestTenant();
    listening = await startTestProxy(tenant);
    proxy = listening.app;
    tid = tenant.ctx.fixture.tenant.id;
    agentId = userByUpn(tenant, UPN.agent).id;
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
    admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
  });
  after(async () => {
    await listening.close();
    await tenant.close();
  });

  /** After every refusal the proxy must still do real work: a signed read through to ACS. */
  beforeEach(async () => {
    const read = await callProxy(proxy, assignmentPath(tid, agentId), { token: admin });
    assert.ok(read.status === 200 || read.status === 404, `the proxy stopped serving: ${read.status}`);
  });

  const putAgent = (body: unknown, headers: Record<string, string> = {}, path = assignmentPath(tid, agentId)) => callProxy(proxy, path, { method: 'PUT', token: admin, body, headers });

  function assertError(answer: ProxyAnswer, status: number, code: string) {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, code);
  }

  it('refuses a body over BODY_LIMIT_BYTES (16 KiB) with 413 body_too_large', async () => {
    const oversized = JSON.stringify({ principalType: 'user', clientIds: [clientId], note: 'x'.repeat(17 * 1024) });
    assertError(await putAgent(oversized, { 'content-type': 'application/json' }), 413, 'body_too_large');
  });

  it('refuses an oversized body sent in chunks without a Content-Length', async () => {
    const chunk = new TextEncoder().encode(`"${'x'.repeat(4096)}",`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${listening.url}${assignmentPath(tid, agentId)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'body_too_large');
  });

  it('refuses malformed JSON with 400 malformed_json', async () => {
    assertError(await putAgent('{"principalType": "user",', { 'content-type': 'application/json' }), 400, 'malformed_json');
  });

  it('refuses text/plain and form bodies with 415', async () => {
    assertError(await putAgent('principalType=user', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    assertError(await putAgent('principalType=user', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    const post = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
    assertError(post, 415, 'unsupported_media_type');
  });

  it('refuses an assignment with extra properties, a bad principalType or client ids that are not GUIDs', async () => {
    assertError(await putAgent({ principalType: 'user', clientIds: [clientId], tenantId: tid }), 400, 'invalid_request');
    assertError(await putAgent({ principalType: 'group', clientIds: [clientId] }), 400, 'invalid_request');
    assertError(await putAgent({ principalType: 'user', clientIds: ['not-a-guid'] }), 400, 'invalid_request');
    assertError(await putAgent({ principalType: 'user', clientIds: [] }), 400, 'invalid_request');
    // Refused, not quietly reshaped into something valid.
    assertError(await putAgent({ principalType: 'user', clientIds: clientId }), 400, 'invalid_request');
    assertError(await putAgent({ principalType: ['user'], clientIds: [clientId] }), 400, 'invalid_request');
    assertError(await putAgent({ clientIds: [clientId] }), 400, 'invalid_request');
    assertError(await putAgent({ principalType: 'user' }), 400, 'client_ids_required');
    const read = await callProxy(proxy, assignmentPath(tid, agentId), { token: admin });
    assert.equal(read.status, 404, 'a refused assignment was written');
  });

  it('refuses path ids that are not GUIDs with 400', async () => {
    assertError(await callProxy(proxy, assignmentPath('contoso.dev', agentId), { token: admin }), 400, 'invalid_request');
    assertError(await callProxy(proxy, assignmentPath(tid, 'avery.agent@contoso.dev'), { token: admin }), 400, 'invalid_request');
    assertError(await putAgent({ principalType: 'user', clientIds: [clientId] }, {}, assignmentPath(tid, '..%2F..%2Fidentities')), 400, 'invalid_request');
    assertError(await callProxy(proxy, assignmentPath(tid, `${agentId}x`), { method: 'DELETE', token: admin }), 400, 'invalid_request');
  });

  it('refuses a body on the Teams token exchange, which takes none', async () => {
    const token = await entraToken(tenant, UPN.agent, 'https://auth.msft.communication.azure.com/Teams.ManageCalls https://auth.msft.communication.azure.com/Teams.ManageChats');
    assertError(await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token, body: { userId: agentId } }), 400, 'invalid_request');
  });

  it('sends Cache-Control: no-store on /api/me/assignment, an assignment read, a 401 and a 404', async () => {
    const agent = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    const answers = {
      me: await callProxy(proxy, '/api/me/assignment', { token: agent }),
      read: await callProxy(proxy, assignmentPath(tid, agentId), { token: admin }),
      refused: await callProxy(proxy, '/api/me/assignment', { token: 'not-a-token' }),
      missing: await callProxy(proxy, '/api/nowhere'),
    };
    assert.deepEqual(
      Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, `${answer.status} ${answer.headers.get('cache-control')}`])),
      { me: '200 no-store', read: '404 no-store', refused: '401 no-store', missing: '404 no-store' },
    );
  });

  it('still writes a valid assignment after all of the above', async () => {
    const answer = await putAgent({ principalType: 'user', clientIds: [clientId] });
    assert.ok(answer.status === 201 || answer.status === 200, JSON.stringify(answer.body));
  });
});
