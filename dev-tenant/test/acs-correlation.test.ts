import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CommunicationIdentityClient } from '@azure/communication-identity';
import { decodeProtectedHeader } from 'jose';
import { consentTenantWide, resetTenant, SCOPES, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { assertAcsError, claimsOf, entraAccessToken, identityClient, signedFetch } from './acs-helpers.js';

const GOOD_RA = 'f8b63395-8661-410a-b058-401f375f1a70';
const MS_CV = /^[A-Za-z0-9+/]{22}\.0$/;
/** The raw response the identity SDK hands to `onResponse` (typed through the SDK, which this package depends on). */
type RawResponse = Parameters<NonNullable<NonNullable<Parameters<CommunicationIdentityClient['createUser']>[0]>['onResponse']>>[0];

describe('dev tenant ACS: correlation headers and the token header', () => {
  let tenant: DevTenant;
  let tid: string;
  before(async () => {
    tenant = await startTestTenant();
    tid = tenant.ctx.fixture.tenant.id;
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
    await consentTenantWide(tenant);
  });

  const assignmentPath = (objectId: string) => `/access/teamsExtension/tenants/${tid}/assignments/${objectId}?api-version=2025-06-30`;

  it('echoes the identity SDK\'s own x-ms-client-request-id and adds MS-CV and api-supported-versions', async () => {
    let raw: RawResponse | undefined;
    await identityClient(tenant).createUser({ onResponse: (response) => (raw = response) });
    assert.ok(raw);
    const sent = raw.request.headers.get('x-ms-client-request-id');
    assert.ok(sent, 'the SDK sends a client request id');
    assert.equal(raw.headers.get('x-ms-client-request-id'), sent);
    assert.match(raw.headers.get('ms-cv') ?? '', MS_CV);
    assert.deepEqual(raw.headers.get('api-supported-versions')?.split(', '), ['2025-06-30', '2023-10-01']);
  });

  it('carries them on assignment answers and refusals alike, each with its own MS-CV', async () => {
    const headers = { 'x-ms-client-request-id': 'b1f2a3c4-0000-4000-8000-00000000abcd' };
    const created = await signedFetch(tenant, { method: 'PUT', path: assignmentPath(GOOD_RA), body: JSON.stringify({ principalType: 'resourceAccount' }), headers });
    assert.equal(created.status, 201);
    const missing = await signedFetch(tenant, { method: 'GET', path: assignmentPath(userByUpn(tenant, UPN.agent).id), headers });
    await assertAcsError(missing.clone(), 404, 'AssignmentNotFound');
    const forged = await signedFetch(tenant, { method: 'GET', path: assignmentPath(GOOD_RA), headers, accessKey: Buffer.from('not the key').toString('base64') });
    await assertAcsError(forged.clone(), 401, 'Denied', 'InvalidSignature');

    const cvs = new Set<string>();
    for (const response of [created, missing, forged]) {
      assert.equal(response.headers.get('x-ms-client-request-id'), headers['x-ms-client-request-id']);
      assert.equal(response.headers.get('api-supported-versions'), '2025-06-30');
      const cv = response.headers.get('ms-cv') ?? '';
      assert.match(cv, MS_CV);
      cvs.add(cv);
    }
    assert.equal(cvs.size, 3, 'every answer is its own operation');
  });

  it('echoes nothing when no id (or one that is not a header-safe id) was sent', async () => {
    const none = await signedFetch(tenant, { method: 'GET', path: assignmentPath(GOOD_RA) });
    assert.equal(none.headers.get('x-ms-client-request-id'), null);
    assert.match(none.headers.get('ms-cv') ?? '', MS_CV);
    const tooLong = await signedFetch(tenant, { method: 'GET', path: assignmentPath(GOOD_RA), headers: { 'x-ms-client-request-id': 'x'.repeat(257) } });
    assert.equal(tooLong.headers.get('x-ms-client-request-id'), null);
  });

  it('lets a page read them on the browser exchange, and signs the token with kid and x5t', async () => {
    await signedFetch(tenant, { method: 'PUT', path: assignmentPath(GOOD_RA), body: JSON.stringify({ principalType: 'resourceAccount' }) });
    const agent = userByUpn(tenant, UPN.agent).id;
    const clientIds = [tenant.ctx.fixture.apps.ccaasClient.appId, testAutomationClientId(tenant)];
    await signedFetch(tenant, { method: 'PUT', path: assignmentPath(agent), body: JSON.stringify({ principalType: 'user', clientIds }) });
    const exchange = async () => {
      const response = await fetch(`${tenant.url}/access/teamsExtension/:exchangeAccessToken?api-version=2025-06-30`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await entraAccessToken(tenant, UPN.agent, SCOPES.ccaasPersona)}`,
          'content-type': 'application/json',
          origin: 'http://localhost:5173',
          'x-ms-client-request-id': 'page-42',
        },
        body: '{}',
      });
      assert.equal(response.status, 200);
      return response;
    };
    const first = await exchange();
    assert.equal(first.headers.get('x-ms-client-request-id'), 'page-42');
    const exposed = (first.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/, */);
    for (const name of ['x-ms-client-request-id', 'ms-cv', 'api-supported-versions']) assert.ok(exposed.includes(name), `${name} is readable by the page`);

    const token = ((await first.json()) as { accessToken: { token: string } }).accessToken.token;
    const header = decodeProtectedHeader(token);
    assert.equal(header.kid, tenant.ctx.key.kid);
    assert.match(header.x5t ?? '', /^[A-Za-z0-9_-]{27}$/, 'a SHA-1 thumbprint, base64url');
    assert.equal(claimsOf(token).scp, 1792);
    const again = ((await (await exchange()).json()) as { accessToken: { token: string } }).accessToken.token;
    assert.equal(decodeProtectedHeader(again).x5t, header.x5t, 'one key, one thumbprint');
  });
});
