import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resetTenant, startTestTenant, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { assertAcsError, assertShape, signedFetch } from './acs-helpers.js';

const GOOD_RA = 'f8b63395-8661-410a-b058-401f375f1a70';
const UNBOUND_RA = '1fe59097-2104-4112-9d39-47822ead16b8';
const UNKNOWN = '0b6f0bd6-1b4c-4a3c-9d43-2a5f7c1e9a11';

describe('dev tenant ACS: Teams extension assignments', () => {
  let tenant: DevTenant;
  let tid: string;
  let clientId: string;
  before(async () => {
    tenant = await startTestTenant();
    tid = tenant.ctx.fixture.tenant.id;
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
  });

  const path = (objectId: string, tenantId = tid, version = '2025-06-30') =>
    `/access/teamsExtension/tenants/${tenantId}/assignments/${objectId}?api-version=${version}`;
  const put = (objectId: string, body: unknown, tenantId?: string) =>
    signedFetch(tenant, { method: 'PUT', path: path(objectId, tenantId), body: JSON.stringify(body) });
  const get = (objectId: string) => signedFetch(tenant, { method: 'GET', path: path(objectId) });
  const del = (objectId: string) => signedFetch(tenant, { method: 'DELETE', path: path(objectId) });

  it('creates (201), replaces (200), reads and deletes a resource account assignment', async () => {
    const created = await put(GOOD_RA, { principalType: 'resourceAccount' });
    assert.equal(created.status, 201);
    const body = await created.json();
    assertShape('acs-teams-extension-assignment.json', body);
    assert.deepEqual(body, { objectId: GOOD_RA, tenantId: tid, principalType: 'resourceAccount' });
    assert.deepEqual(tenant.ctx.state.data.assignments[`${tid}/${GOOD_RA}`], body);

    const replaced = await put(GOOD_RA, { principalType: 'teamsResourceAccount' });
    assert.equal(replaced.status, 200);
    assert.equal(((await replaced.json()) as { principalType: string }).principalType, 'teamsResourceAccount', 'keeps the spelling sent');

    const read = await get(GOOD_RA);
    assert.equal(read.status, 200);
    const readBody = await read.json();
    assertShape('acs-teams-extension-assignment.json', readBody);
    assert.equal((readBody as { principalType: string }).principalType, 'teamsResourceAccount');

    assert.equal((await del(GOOD_RA)).status, 204);
    await assertAcsError(await get(GOOD_RA), 404, 'AssignmentNotFound');
    assert.equal((await del(GOOD_RA)).status, 204, 'deleting again is not an error');
  });

  it('stores a user assignment with its client ids, and requires them', async () => {
    const agent = userByUpn(tenant, UPN.agent).id;
    const created = await put(agent, { principalType: 'user', clientIds: [clientId.toUpperCase()] });
    assert.equal(created.status, 201);
    const body = await created.json();
    assertShape('acs-teams-extension-assignment.json', body);
    assert.deepEqual(body, { objectId: agent, tenantId: tid, principalType: 'user', clientIds: [clientId] });
    assert.deepEqual(await (await get(agent)).json(), body);

    const second = userByUpn(tenant, UPN.secondAgent).id;
    await assertAcsError(await put(second, { principalType: 'user' }), 400, 'MissingClientIds');
    await assertAcsError(await put(second, { principalType: 'user', clientIds: [] }), 400, 'MissingClientIds');
    await assertAcsError(await put(second, { principalType: 'user', clientIds: ['my-app'] }), 400, 'InvalidClientIds');
    await assertAcsError(await put(second, { principalType: 'user', clientIds: clientId }), 400, 'InvalidClientIds');
    await assertAcsError(await get(second), 404, 'AssignmentNotFound');
  });

  it('refuses a resource account that is not bound to this ACS resource, saying how to bind it', async () => {
    const response = await put(UNBOUND_RA, { principalType: 'resourceAccount' });
    const body = await assertAcsError(response, 403, 'ResourceAccountNotBound');
    assert.match(body.error.message, /sales\.line@contoso\.dev is not bound to any ACS resource/);
    assert.match(body.error.message, /Set-CsOnlineApplicationInstance .*-AcsResourceId fdecc348-2af3-4004-9b5c-b1e399471fc5/);
    await assertAcsError(await get(UNBOUND_RA), 404, 'AssignmentNotFound');
  });

  it('refuses principals the tenant does not have, or of the other kind', async () => {
    await assertAcsError(await put(UNKNOWN, { principalType: 'resourceAccount' }), 404, 'ResourceAccountNotFound');
    await assertAcsError(await put(UNKNOWN, { principalType: 'user', clientIds: [clientId] }), 404, 'UserNotFound');
    const agent = userByUpn(tenant, UPN.agent).id;
    const userAsRa = await assertAcsError(await put(agent, { principalType: 'resourceAccount' }), 404, 'ResourceAccountNotFound');
    assert.match(userAsRa.error.message, /principalType user/);
    const raAsUser = await assertAcsError(await put(GOOD_RA, { principalType: 'user', clientIds: [clientId] }), 404, 'UserNotFound');
    assert.match(raAsUser.error.message, /principalType resourceAccount/);
  });

  it('validates the path and the body', async () => {
    await assertAcsError(await put(GOOD_RA, { principalType: 'resourceAccount' }, UNKNOWN), 404, 'TenantNotFound');
    await assertAcsError(await put(GOOD_RA, { principalType: 'resourceAccount' }, 'contoso.dev'), 400, 'InvalidTenantId');
    await assertAcsError(await put('support.line', { principalType: 'resourceAccount' }), 400, 'InvalidObjectId');
    await assertAcsError(await put(GOOD_RA, {}), 400, 'MissingField');
    const wrongType = await assertAcsError(await put(GOOD_RA, { principalType: 'group' }), 400, 'InvalidPrincipalType');
    assert.match(wrongType.error.message, /resourceAccount, teamsResourceAccount, user/);
    await assertAcsError(await put(GOOD_RA, 'resourceAccount'), 400, 'InvalidRequestBody');
    const oldVersion = await signedFetch(tenant, { method: 'GET', path: path(GOOD_RA, tid, '2023-10-01') });
    await assertAcsError(oldVersion, 400, 'UnsupportedApiVersion');
  });

  it('requires the access key', async () => {
    const response = await fetch(`${tenant.url}${path(GOOD_RA)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ principalType: 'resourceAccount' }),
    });
    await assertAcsError(response, 401, 'Denied', 'MissingAuthorization');
    assert.deepEqual(tenant.ctx.state.data.assignments, {});
  });
});
