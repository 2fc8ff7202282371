import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resetTenant, startTestTenant, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { assertAcsError, assertShape, signedFetch } from './acs-helpers.js';

const GOOD_RA = 'f8b63395-8661-410a-b058-401f375f1a70';
const OTHER_CLIENT = '5d1e2c3b-4a59-4f68-8a7b-9c0d1e2f3a4b';
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

// The 2025-06-30 spec has no PATCH; the dev tenant's is inferred (RFC 7396 merge patch), see assignments.ts.
describe('dev tenant ACS: PATCH of a Teams extension assignment (JSON merge patch)', () => {
  let tenant: DevTenant;
  let tid: string;
  let clientId: string;
  let agent: string;
  before(async () => {
    tenant = await startTestTenant();
    tid = tenant.ctx.fixture.tenant.id;
    clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
    agent = userByUpn(tenant, UPN.agent).id;
  });
  after(() => tenant.close());
  beforeEach(() => resetTenant(tenant));

  const path = (objectId: string) => `/access/teamsExtension/tenants/${tid}/assignments/${objectId}?api-version=2025-06-30`;
  const put = (objectId: string, body: unknown) => signedFetch(tenant, { method: 'PUT', path: path(objectId), body: JSON.stringify(body) });
  const patch = (objectId: string, body: unknown, headers: Record<string, string> = MERGE_PATCH) =>
    signedFetch(tenant, { method: 'PATCH', path: path(objectId), body: JSON.stringify(body), headers });
  const get = async (objectId: string) => (await signedFetch(tenant, { method: 'GET', path: path(objectId) })).json();

  it('replaces the members it names and keeps the others', async () => {
    assert.equal((await put(agent, { principalType: 'user', clientIds: [clientId] })).status, 201);
    const patched = await patch(agent, { clientIds: [clientId, OTHER_CLIENT.toUpperCase()] });
    assert.equal(patched.status, 200, await patched.clone().text());
    const body = await patched.json();
    assertShape('acs-teams-extension-assignment.json', body);
    assert.deepEqual(body, { objectId: agent, tenantId: tid, principalType: 'user', clientIds: [clientId, OTHER_CLIENT] });
    assert.deepEqual(await get(agent), body, 'what PATCH answered is what is stored');

    assert.equal((await put(GOOD_RA, { principalType: 'resourceAccount' })).status, 201);
    const respelled = await patch(GOOD_RA, { principalType: 'teamsResourceAccount' }, { 'content-type': 'application/json' });
    assert.equal(respelled.status, 200, 'plain application/json is taken too');
    assert.deepEqual(await get(GOOD_RA), { objectId: GOOD_RA, tenantId: tid, principalType: 'teamsResourceAccount' });
  });

  it('removes a member set to null, and refuses what the result would not allow', async () => {
    await put(GOOD_RA, { principalType: 'resourceAccount', clientIds: [clientId] });
    assert.equal((await patch(GOOD_RA, { clientIds: null })).status, 200);
    assert.deepEqual(await get(GOOD_RA), { objectId: GOOD_RA, tenantId: tid, principalType: 'resourceAccount' });

    await put(agent, { principalType: 'user', clientIds: [clientId] });
    await assertAcsError(await patch(agent, { clientIds: null }), 400, 'MissingClientIds');
    await assertAcsError(await patch(agent, { principalType: null }), 400, 'MissingField');
    await assertAcsError(await patch(agent, { principalType: 'resourceAccount' }), 404, 'ResourceAccountNotFound');
    await assertAcsError(await patch(agent, { objectId: GOOD_RA }), 400, 'ReadOnlyField');
    await assertAcsError(await patch(agent, ['not', 'an', 'object']), 400, 'InvalidRequestBody');
    assert.deepEqual(await get(agent), { objectId: agent, tenantId: tid, principalType: 'user', clientIds: [clientId] }, 'a refused patch changes nothing');
  });

  it('answers 404 for an assignment that does not exist: PATCH does not create', async () => {
    await assertAcsError(await patch(agent, { principalType: 'user', clientIds: [clientId] }), 404, 'AssignmentNotFound');
  });

  it('is signed like every other operation: a body changed in transit is refused', async () => {
    await put(agent, { principalType: 'user', clientIds: [clientId] });
    const tampered = await signedFetch(tenant, {
      method: 'PATCH',
      path: path(agent),
      body: JSON.stringify({ clientIds: [clientId] }),
      sendBody: JSON.stringify({ clientIds: [OTHER_CLIENT] }),
      headers: MERGE_PATCH,
    });
    await assertAcsError(tampered, 401, 'Denied', 'ContentHashMismatch');
  });
});
