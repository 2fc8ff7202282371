import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeadlineExceeded, withDeadline } from '../src/upstream/deadline.js';
import { forceGc } from './support/force-gc.js';
import { SCOPES, startTestTenant, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { unavailable } from './support/fake-acs.js';
import { useProxyBeforeFakeAcs } from './support/proxy-before-fake-acs.js';
import { assignmentPath, buildTestProxy, callProxy, entraToken, proxyApiScope } from './support/proxy.js';

describe('the upstream deadline', () => {
  it('fires after a forced garbage collection, for every call waiting on a caller signal that lives on', async () => {
    const caller = new AbortController();
    const never = () => new Promise<never>(() => undefined);
    const waits = Array.from({ length: 10 }, () => withDeadline(200, caller.signal, never).then(() => 'answered', (error: unknown) => error));
    forceGc();
    const outcomes = await Promise.all(waits);
    assert.equal(outcomes.filter((o) => o instanceof DeadlineExceeded).length, 10);
  });

  it('aborts the signal it hands the work, so the upstream request itself is cancelled', async () => {
    let seen: AbortSignal | undefined;
    await assert.rejects(
      withDeadline(50, undefined, (signal) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      }),
      DeadlineExceeded,
    );
    assert.equal(seen?.aborted, true);
    assert.ok(seen?.reason instanceof DeadlineExceeded);
  });

  it("follows the caller: a caller that gives up aborts the work's signal at once", async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const work = withDeadline(60_000, caller.signal, (signal) => {
      seen = signal;
      return new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    caller.abort(new Error('tab closed'));
    await assert.rejects(work, /tab closed/);
    assert.equal(seen?.aborted, true);
  });

  it('leaves no timer behind once the work answers', async () => {
    const answer = await withDeadline(60_000, undefined, async () => 'token');
    assert.equal(answer, 'token');
    // A pending 60 s timer would keep this test process alive; node:test reports that as a hang.
  });
});

describe('token proxy: a stalled or throttling ACS', () => {
  const setup = useProxyBeforeFakeAcs();
  const proxyBefore = setup.start;
  let tenant: DevTenant;
  before(() => {
    tenant = setup.tenant();
  });

  it('answers 40 concurrent exchanges 504 upstream_timeout when ACS accepts and never answers, across garbage collections', { timeout: 30_000 }, async () => {
    const { acs, proxy } = await proxyBefore(() => ({ status: 200, hang: true }), { UPSTREAM_TIMEOUT_MS: '1000', UPSTREAM_MAX_RETRIES: '0', RATE_LIMIT_PER_CALLER: '1000' });
    // Distinct tokens, so the token cache cannot fold the exchanges into one.
    const tokens = await Promise.all(Array.from({ length: 40 }, () => entraToken(tenant, UPN.agent, SCOPES.teamsPersona)));
    const answers = Promise.all(tokens.map((token) => callProxy(proxy, '/api/token/teams-user', { method: 'POST', token })));
    while (acs.hits.length < tokens.length) {
      forceGc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    forceGc();
    const settled = await answers;
    assert.deepEqual(new Set(settled.map((a) => `${a.status} ${a.body.error.code}`)), new Set(['504 upstream_timeout']));
  });

  it('answers /api/me/assignment 504 when the assignments API stalls, instead of holding the agent', { timeout: 30_000 }, async () => {
    const { proxy } = await proxyBefore(() => ({ status: 200, hang: true }), { UPSTREAM_TIMEOUT_MS: '500', UPSTREAM_MAX_RETRIES: '0' });
    const token = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
    const pending = callProxy(proxy, '/api/me/assignment', { token });
    forceGc();
    const answer = await pending;
    assert.equal(answer.status, 504);
    assert.equal(answer.body.error.code, 'upstream_timeout');
  });

  it("passes ACS's throttling on at once, with its Retry-After, when waiting it out would overrun the deadline", async () => {
    const { acs, proxy } = await proxyBefore(() => unavailable(429, 5), { UPSTREAM_TIMEOUT_MS: '3000', UPSTREAM_MAX_RETRIES: '3' });
    const answer = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: await entraToken(tenant, UPN.agent, SCOPES.teamsPersona) });
    assert.equal(answer.status, 503, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, 'upstream_unavailable');
    assert.equal(answer.headers.get('retry-after'), '5');
    assert.equal(acs.hits.length, 1, 'the proxy slept into its deadline instead of giving the caller the Retry-After');
  });

  it('does the same for the assignments API', async () => {
    const { acs, proxy } = await proxyBefore(() => unavailable(503, 30), { UPSTREAM_TIMEOUT_MS: '3000', UPSTREAM_MAX_RETRIES: '3' });
    const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
    const answer = await callProxy(proxy, assignmentPath(tenant.ctx.fixture.tenant.id, tenant.ctx.fixture.resourceAccounts[0]!.id), { token: admin });
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.get('retry-after'), '30');
    assert.equal(acs.hits.length, 1);
  });

  it('still waits out a Retry-After that fits in the deadline, and answers 200', async () => {
    const { acs, proxy } = await proxyBefore((index) => (index === 0 ? unavailable(429, 1) : { status: 200, body: { token: 'eyJhbGciOiJSUzI1NiJ9.e30.sig', expiresOn: new Date(Date.now() + 3600_000).toISOString() } }), {
      UPSTREAM_TIMEOUT_MS: '5000',
    });
    const answer = await callProxy(proxy, '/api/token/teams-user', { method: 'POST', token: await entraToken(tenant, UPN.agent, SCOPES.teamsPersona) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(acs.hits.length, 2);
  });
});

describe("token proxy: Entra's signing keys out of reach", () => {
  let tenant: DevTenant;
  let keys: Server;
  let keysAnswer: 'fail' | 'serve';
  before(async () => {
    tenant = await startTestTenant();
    // Stands in for Entra's key endpoint: fails until told to serve the tenant's real keys.
    keys = createServer(async (request, response) => {
      if (keysAnswer === 'fail') return void response.writeHead(500).end('{"error":"temporarily_unavailable"}');
      const real = await fetch(`${tenant.url}${request.url}`);
      response.writeHead(real.status, { 'content-type': 'application/json' }).end(await real.text());
    });
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    keys.closeAllConnections();
    await new Promise((resolve) => keys.close(resolve));
    await tenant.close();
  });

  it('answers a good token 503 keys_unavailable with Retry-After, not 401, and serves it once the keys are back', async () => {
    keysAnswer = 'fail';
    const keysHost = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
    const proxy = await buildTestProxy(tenant, { ENTRA_AUTHORITY_HOST: keysHost, ENTRA_ISSUERS: `${tenant.url}/{tid}/v2.0` });
    try {
      const token = await entraToken(tenant, UPN.agent, proxyApiScope(tenant));
      const outage = await callProxy(proxy, '/api/me/assignment', { token });
      assert.equal(outage.status, 503, JSON.stringify(outage.body));
      assert.equal(outage.body.error.code, 'keys_unavailable');
      assert.ok(Number(outage.headers.get('retry-after')) > 0, `Retry-After: ${outage.headers.get('retry-after')}`);
      assert.equal(outage.headers.get('www-authenticate'), null, 'a key-set outage is not the token being invalid');
      keysAnswer = 'serve';
      assert.equal((await callProxy(proxy, '/api/me/assignment', { token })).status, 200);
    } finally {
      await proxy.close();
    }
  });

  it('answers 503 keys_unavailable when the key endpoint cannot be reached at all', async () => {
    const proxy = await buildTestProxy(tenant, { ENTRA_AUTHORITY_HOST: 'http://127.0.0.1:9', ENTRA_ISSUERS: `${tenant.url}/{tid}/v2.0` });
    try {
      const answer = await callProxy(proxy, '/api/me/assignment', { token: await entraToken(tenant, UPN.agent, proxyApiScope(tenant)) });
      assert.equal(answer.status, 503);
      assert.equal(answer.body.error.code, 'keys_unavailable');
    } finally {
      await proxy.close();
    }
  });
});
