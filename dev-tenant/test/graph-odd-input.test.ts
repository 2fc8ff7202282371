import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { consentTenantWide, passwordToken, startTestTenant, UPN, type DevTenant } from '../src/testing.js';
import { assertMatchesSchema, graphGet } from './graph-helpers.js';

const EVENTUAL = { ConsistencyLevel: 'eventual' };

/** Requests a careless or hostile client might send; each must get a Graph 4xx, never a 500 or a hang. */
const ODD_REQUESTS: { path: string; token: 'directory' | 'resourceAccounts' | 'raw'; raw?: string; headers?: Record<string, string>; status: number }[] = [
  { path: '/beta/admin/teams/resourceAccounts?$filter=%00', token: 'resourceAccounts', status: 400 },
  { path: `/beta/admin/teams/resourceAccounts?$filter=${encodeURIComponent(`appId eq '${'x'.repeat(5000)}'`)}`, token: 'resourceAccounts', status: 400 },
  { path: '/beta/admin/teams/resourceAccounts?$top=99999999999999', token: 'resourceAccounts', status: 400 },
  { path: '/beta/admin/teams/resourceAccounts?$skiptoken=a.b.c', token: 'resourceAccounts', status: 400 },
  { path: `/beta/admin/teams/resourceAccounts?$skiptoken=${'x'.repeat(3000)}`, token: 'resourceAccounts', status: 400 },
  { path: '/beta/admin/teams/resourceAccounts?$top[]=1', token: 'resourceAccounts', status: 400 },
  { path: `/v1.0/users?$search=${encodeURIComponent('('.repeat(400))}`, token: 'directory', headers: EVENTUAL, status: 400 },
  { path: `/v1.0/users?$search=${encodeURIComponent('"displayName:\\')}`, token: 'directory', headers: EVENTUAL, status: 400 },
  { path: `/v1.0/users?$search=${encodeURIComponent('"constructor:x"')}`, token: 'directory', headers: EVENTUAL, status: 400 },
  { path: `/v1.0/users?$search=${encodeURIComponent('x'.repeat(600))}`, token: 'directory', headers: EVENTUAL, status: 400 },
  { path: '/v1.0/users?$select=__proto__', token: 'directory', status: 400 },
  { path: '/v1.0/users?$select=,', token: 'directory', status: 400 },
  { path: '/v1.0/users?$count=yes', token: 'directory', headers: EVENTUAL, status: 400 },
  { path: '/v1.0/users?$count=true', token: 'directory', status: 400 },
  { path: '/v1.0/organization?$filter=x', token: 'directory', status: 400 },
  { path: '/v1.0/me', token: 'raw', raw: 'a.b.c', status: 401 },
  // An unsigned ("alg": "none") token claiming Graph's audience.
  { path: '/v1.0/me', token: 'raw', raw: 'eyJhbGciOiJub25lIn0.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.', status: 401 },
];

describe('Graph answers odd input with a 4xx Graph error', () => {
  let tenant: DevTenant;
  const tokens = { directory: '', resourceAccounts: '' };

  before(async () => {
    tenant = await startTestTenant();
    await consentTenantWide(tenant);
    tokens.directory = (await passwordToken(tenant, UPN.ccaasAdmin, 'User.Read User.ReadBasic.All Group.Read.All')).access_token;
    tokens.resourceAccounts = (await passwordToken(tenant, UPN.ccaasAdmin, 'TeamsResourceAccount.Read.All')).access_token;
  });
  after(() => tenant.close());

  for (const request of ODD_REQUESTS) {
    it(`${request.status} for ${request.path.slice(0, 100)}`, async () => {
      const token = request.token === 'raw' ? request.raw : tokens[request.token];
      const response = await graphGet(tenant, request.path, token, request.headers);
      assert.equal(response.status, request.status, response.text);
      assertMatchesSchema('error', response.body);
      assert.ok(response.text.length < 2000, 'the error message echoes too much of the input');
    });
  }

  it('does not echo a client-request-id with characters outside printable ASCII', async () => {
    const response = await graphGet(tenant, '/v1.0/me', tokens.directory, { 'client-request-id': 'caf\u00e9' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('client-request-id'), response.headers.get('request-id'));
  });
});
