import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resetTenant, startTestTenant, type DevTenant } from '../src/testing.js';
import { assertAcsError, assertSdkError, assertShape, claimsOf, identityClient, signedFetch } from './acs-helpers.js';

const V = 'api-version=2023-10-01';

describe('dev tenant ACS: identities and their tokens', () => {
  let tenant: DevTenant;
  let res: string;
  before(async () => {
    tenant = await startTestTenant();
    res = tenant.ctx.fixture.acs.immutableResourceId;
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
  });

  const post = (path: string, body?: unknown) =>
    signedFetch(tenant, { method: 'POST', path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const idPath = (id: string, action = '') => `/identities/${encodeURIComponent(id)}${action}?${V}`;

  it('serves the whole identity SDK lifecycle: create, token, revoke, delete', async () => {
    const client = identityClient(tenant);
    const user = await client.createUser();
    assert.match(user.communicationUserId, new RegExp(`^8:acs:${res}_[0-9a-f-]{36}$`));
    assert.ok(tenant.ctx.state.data.identities[user.communicationUserId]);

    const startedAt = Date.now();
    const token = await client.getToken(user, ['chat', 'voip'], { tokenExpiresInMinutes: 60 });
    const claims = claimsOf(token.token);
    assert.equal(claims.skypeid, user.communicationUserId.slice(2));
    assert.equal(claims.acsScope, 'chat,voip');
    assert.equal(claims.scp, 1792);
    assert.equal(claims.resourceId, res);
    assert.equal(claims.resourceLocation, tenant.ctx.fixture.acs.location);
    assert.equal(claims.oid, undefined, 'ACS users have no Entra object id');
    assert.ok(Math.abs(token.expiresOn.getTime() - (startedAt + 3600_000)) < 5_000, `expires in an hour, not at ${token.expiresOn.toISOString()}`);

    const both = await client.createUserAndToken(['voip']);
    assert.equal(claimsOf(both.token).skypeid, both.user.communicationUserId.slice(2));
    assert.equal(claimsOf(both.token).acsScope, 'voip');
    assert.ok(Math.abs(both.expiresOn.getTime() - (startedAt + 86_400_000)) < 5_000, 'the default is 24 hours');

    await client.revokeTokens(user);
    assert.ok(tenant.ctx.state.data.identities[user.communicationUserId]!.revokedBefore);
    await client.deleteUser(user);
    assert.equal(tenant.ctx.state.data.identities[user.communicationUserId], undefined);
    assertSdkError(await client.getToken(user, ['voip']).catch((e: unknown) => e), 404, 'IdentityNotFound');
    assertSdkError(await client.deleteUser(user).catch((e: unknown) => e), 404, 'IdentityNotFound');
  });

  it('answers in the REST spec shapes', async () => {
    const bare = await post(`/identities?${V}`, {});
    assert.equal(bare.status, 201);
    const created = (await bare.json()) as { identity: { id: string }; accessToken?: unknown };
    assertShape('acs-access-token-result.json', created);
    assert.equal(created.accessToken, undefined);

    const withToken = await post('/identities?api-version=2025-06-30', { createTokenWithScopes: ['chat'], expiresInMinutes: 1440 });
    assert.equal(withToken.status, 201);
    const body = (await withToken.json()) as { accessToken: { token: string } };
    assertShape('acs-access-token-result.json', body);
    assert.equal(claimsOf(body.accessToken.token).acsScope, 'chat');

    const issued = await post(idPath(created.identity.id, '/:issueAccessToken'), { scopes: ['voip.join'] });
    assert.equal(issued.status, 200);
    assertShape('acs-access-token.json', await issued.json());
    assert.equal((await post(idPath(created.identity.id, '/:revokeAccessTokens'))).status, 204);
  });

  it('validates scopes and expiresInMinutes (60 to 1440)', async () => {
    const { identity } = (await (await post(`/identities?${V}`, {})).json()) as { identity: { id: string } };
    const issue = (body: unknown) => post(idPath(identity.id, '/:issueAccessToken'), body);
    await assertAcsError(await issue({}), 400, 'InvalidScopes');
    await assertAcsError(await issue({ scopes: [] }), 400, 'InvalidScopes');
    const unknown = await assertAcsError(await issue({ scopes: ['voip', 'video'] }), 400, 'InvalidScopes');
    assert.match(unknown.error.message, /"video"/);
    for (const expiresInMinutes of [59, 1441, 90.5, '60']) {
      await assertAcsError(await issue({ scopes: ['voip'], expiresInMinutes }), 400, 'InvalidExpiresInMinutes');
    }
    assert.equal((await issue({ scopes: ['voip'], expiresInMinutes: 60 })).status, 200);
    await assertAcsError(await post(`/identities?${V}`, { createTokenWithScopes: 'voip' }), 400, 'InvalidScopes');
    await assertAcsError(await post(`/identities?${V}`, { expiresInMinutes: 10_000 }), 400, 'InvalidExpiresInMinutes');
    assert.equal(Object.keys(tenant.ctx.state.data.identities).length, 1, 'refused requests created nothing');
  });

  it('answers 404 for identities it does not have', async () => {
    const unknown = `8:acs:${res}_6a1b7f0e-0c55-4d0c-9d7e-3a8b9e2f1c00`;
    await assertAcsError(await post(idPath(unknown, '/:issueAccessToken'), { scopes: ['voip'] }), 404, 'IdentityNotFound');
    await assertAcsError(await post(idPath(unknown, '/:revokeAccessTokens')), 404, 'IdentityNotFound');
    const del = await signedFetch(tenant, { method: 'DELETE', path: idPath(unknown) });
    await assertAcsError(del, 404, 'IdentityNotFound');
    const foreign = await post(idPath('8:acs:00000000-0000-0000-0000-000000000000_x', '/:issueAccessToken'), { scopes: ['voip'] });
    const body = await assertAcsError(foreign, 404, 'IdentityNotFound');
    assert.match(body.error.message, new RegExp(`start with 8:acs:${res}_`));
    // Names of Object.prototype members are ids like any other, not crashes or phantom identities.
    for (const name of ['constructor', '__proto__', 'toString']) {
      await assertAcsError(await post(idPath(name, '/:issueAccessToken'), { scopes: ['voip'] }), 404, 'IdentityNotFound');
      await assertAcsError(await signedFetch(tenant, { method: 'DELETE', path: idPath(name) }), 404, 'IdentityNotFound');
    }
  });
});
