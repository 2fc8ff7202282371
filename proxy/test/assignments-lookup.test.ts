import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { resetTenant, startTestTenant, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { startFakeAcs, unavailable } from './support/fake-acs.js';
import { startHeldAcs } from './support/held-acs.js';
import { assignmentPath, buildTestProxy, callProxy, entraToken, GOOD_RA, OTHER_TENANT, proxyApiScope, UNBOUND_RA, type ProxyApp } from './support/proxy.js';

/** `GET /api/tenants/{tid}/assignments?objectIds=…`, through inject() on a built proxy: a socket adds nothing here. */
function lookup(proxy: ProxyApp, tenantId: string, objectIds: string, token?: string) {
  return callProxy(proxy, `/api/tenants/${tenantId}/assignments?objectIds=${objectIds}`, { token });
}

describe('token proxy: looking up many assignments at once', () => {
  let tenant: DevTenant;
  let proxy: ProxyApp;
  let tid: string;
  let clientId: string;
  before(async () => {
    tenant = await startTestTenant();
    proxy = await buildTestProxy(tenant);
    tid = tenant.ctx.fixture.tenant.id;
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });
  beforeEach(async () => {
    await resetTenant(tenant);
  });

  const adminToken = () => entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));

  it('answers found and missing assignments in one 200, in the order asked, a missing one as null', async () => {
    const token = await adminToken();
    const agentId = userByUpn(tenant, UPN.agent).id;
    assert.equal((await callProxy(proxy, assignmentPath(tid, GOOD_RA), { method: 'PUT', token, body: { principalType: 'resourceAccount' } })).status, 201);
    assert.equal((await callProxy(proxy, assignmentPath(tid, agentId), { method: 'PUT', token, body: { principalType: 'user', clientIds: [clientId] } })).status, 201);
    const nobody = randomUUID();

    const { status, body } = await lookup(proxy, tid, [UNBOUND_RA, agentId, nobody, GOOD_RA].join(','), token);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body, {
      value: [
        { objectId: UNBOUND_RA, assignment: null },
        { objectId: agentId, assignment: { objectId: agentId, tenantId: tid, principalType: 'user', clientIds: [clientId] } },
        { objectId: nobody, assignment: null },
        { objectId: GOOD_RA, assignment: { objectId: GOOD_RA, tenantId: tid, principalType: 'resourceAccount' } },
      ],
    });
  });

  it('takes 50 ids, and refuses 51 with 400 too_many_object_ids', async () => {
    const token = await adminToken();
    const fifty = Array.from({ length: 50 }, () => randomUUID());
    const allowed = await lookup(proxy, tid, fifty.join(','), token);
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.deepEqual(
      allowed.body.value.map((v: { objectId: string }) => v.objectId),
      fifty,
    );
    const refused = await lookup(proxy, tid, [...fifty, randomUUID()].join(','), token);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'too_many_object_ids');
    assert.match(refused.body.error.message, /at most 50/);
  });

  it('refuses an id that is not a GUID, naming which, and a lookup without ids, with 400', async () => {
    const token = await adminToken();
    const malformed = await lookup(proxy, tid, `${GOOD_RA},not-a-guid`, token);
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.body.error, { code: 'invalid_object_id', message: 'objectIds must be GUIDs separated by commas; item 2 is not one.' });
    assert.equal((await lookup(proxy, tid, `${GOOD_RA},`, token)).body.error.code, 'invalid_object_id', 'a trailing comma is an empty id');

    const none = await callProxy(proxy, `/api/tenants/${tid}/assignments`, { token });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.code, 'object_ids_required');

    const twice = await lookup(proxy, tid, `${GOOD_RA},${GOOD_RA}`, token);
    assert.equal(twice.status, 400);
    assert.equal(twice.body.error.code, 'duplicate_object_id');
  });

  it('refuses a caller without a token (401), an agent (403 admin_role_required) and another tenant\'s admin path (403 wrong_tenant)', async () => {
    const anonymous = await lookup(proxy, tid, GOOD_RA);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'missing_token');

    const agent = await lookup(proxy, tid, GOOD_RA, await entraToken(tenant, UPN.agent, proxyApiScope(tenant)));
    assert.equal(agent.status, 403);
    assert.equal(agent.body.error.code, 'admin_role_required');

    const elsewhere = await lookup(proxy, OTHER_TENANT, GOOD_RA, await adminToken());
    assert.equal(elsewhere.status, 403);
    assert.equal(elsewhere.body.error.code, 'wrong_tenant');
  });
});

describe('token proxy: a lookup reads ACS a few ids at a time', () => {
  let tenant: DevTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());

  it('sends ACS at most 8 reads of one lookup at once, and reads every id once', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const acs = await startHeldAcs(8, ids.length);
    const proxy = await buildTestProxy(tenant, { ACS_CONNECTION_STRING: acs.connectionString });
    try {
      const { status, body } = await lookup(proxy, tenant.ctx.fixture.tenant.id, ids.join(','), await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant)));
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.value, ids.map((objectId) => ({ objectId, assignment: null })));
      assert.equal(acs.mostAtOnce, 8, 'a round of 8 reads waited together');
      assert.ok(acs.mostConnections <= 8, `${acs.mostConnections} reads were sent at once`);
      assert.deepEqual([...acs.read].sort(), [...ids].sort());
    } finally {
      await proxy.close();
      await acs.close();
    }
  });

  it('fails the whole lookup as the single read would when ACS fails one id (503 upstream_unavailable), with no partial answer', async () => {
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const acs = await startFakeAcs((_index, hit) => (hit.url.includes(ids[5]!) ? unavailable(503, 7) : { status: 404, body: { error: { code: 'NotFound', message: 'No assignment.' } } }));
    const proxy = await buildTestProxy(tenant, { ACS_CONNECTION_STRING: acs.connectionString, UPSTREAM_MAX_RETRIES: '0' });
    try {
      const { status, body } = await lookup(proxy, tenant.ctx.fixture.tenant.id, ids.join(','), await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant)));
      assert.equal(status, 503, JSON.stringify(body));
      assert.equal(body.error.code, 'upstream_unavailable');
      assert.equal(body.value, undefined);
    } finally {
      await proxy.close();
      await acs.close();
    }
  });
});
