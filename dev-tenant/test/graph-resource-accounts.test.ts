import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { consentForUser, consentTenantWide, passwordToken, SCOPES, shiftClock, startTestTenant, UPN, type DevTenant } from '../src/testing.js';
import { allPages, assertGraphError, assertMatchesSchema, graphGet, ids } from './graph-helpers.js';

const RESOURCE_ACCOUNTS = '/beta/admin/teams/resourceAccounts';
const BOT_APP_ID = '839499e9-4c7e-4a5f-ab4f-ffd1adcd1326';
const ACS_RESOURCE_ID = 'fdecc348-2af3-4004-9b5c-b1e399471fc5';
const SUPPORT_LINE = 'f8b63395-8661-410a-b058-401f375f1a70';
const SALES_LINE = '1fe59097-2104-4112-9d39-47822ead16b8';
const RECEPTION = 'c7f8633f-ab12-4fe3-a201-38df7abb9445';

function withFilter(filter: string, extra = ''): string {
  return `${RESOURCE_ACCOUNTS}?$filter=${encodeURIComponent(filter)}${extra}`;
}

async function graphToken(tenant: DevTenant, upn: string, scope: string = SCOPES.graphResourceAccounts): Promise<string> {
  return (await passwordToken(tenant, upn, scope)).access_token;
}

describe('Graph beta admin/teams/resourceAccounts', () => {
  let tenant: DevTenant;
  let teamsAdmin: string;
  /** Tara's token from before admin consent, when she had consented to User.Read only. */
  let teamsAdminUserReadOnly: string;

  before(async () => {
    tenant = await startTestTenant();
    // Tokens carry every consented scope of a resource, so this one is taken before the admin consents.
    await consentForUser(tenant, UPN.teamsAdmin, ['https://graph.microsoft.com/User.Read']);
    teamsAdminUserReadOnly = await graphToken(tenant, UPN.teamsAdmin, 'User.Read');
    // TeamsResourceAccount.Read.All needs admin consent before anyone can get it.
    await consentTenantWide(tenant);
    teamsAdmin = await graphToken(tenant, UPN.teamsAdmin);
  });
  after(() => tenant.close());

  describe('listing', () => {
    it('gives the Teams administrator every resource account as Graph shapes it', async () => {
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS, teamsAdmin);
      assert.equal(response.status, 200, response.text);
      assertMatchesSchema('resourceAccountCollection', response.body);
      assert.equal(response.body['@odata.context'], `${tenant.url}/beta/$metadata#admin/teams/resourceAccounts`);
      assert.deepEqual(ids([response]), [SUPPORT_LINE, SALES_LINE, RECEPTION]);
      assert.equal(response.body['@odata.nextLink'], undefined);
      const support = response.body.value[0];
      assert.deepEqual(support, {
        id: SUPPORT_LINE,
        userPrincipalName: 'support.line@contoso.dev',
        appId: BOT_APP_ID,
        displayName: 'Contoso Support Line',
        phoneNumber: 'tel:+14255550100',
        acsResourceId: ACS_RESOURCE_ID,
      });
      assert.equal(response.body.value[1].acsResourceId, null);
    });

    it('also lets a Global Administrator list them', async () => {
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS, await graphToken(tenant, UPN.ccaasAdmin));
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.value.length, 3);
    });

    it('filters by the CCaaS bot app id', async () => {
      const response = await graphGet(tenant, withFilter(`appId eq '${BOT_APP_ID}'`), teamsAdmin);
      assert.equal(response.status, 200, response.text);
      assertMatchesSchema('resourceAccountCollection', response.body);
      assert.deepEqual(ids([response]), [SUPPORT_LINE, SALES_LINE]);
    });

    it('filters by the ACS resource id, ignoring GUID case', async () => {
      const response = await graphGet(tenant, withFilter(`acsResourceId eq '${ACS_RESOURCE_ID.toUpperCase()}'`), teamsAdmin);
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(ids([response]), [SUPPORT_LINE]);
    });

    it('returns an empty page for a bot app id no resource account uses', async () => {
      const response = await graphGet(tenant, withFilter("appId eq '00000000-0000-0000-0000-000000000001'"), teamsAdmin);
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body.value, []);
    });

    it('echoes client-request-id and sends a request-id', async () => {
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS, teamsAdmin, { 'client-request-id': 'portal-1234' });
      assert.equal(response.headers.get('client-request-id'), 'portal-1234');
      assert.match(response.headers.get('request-id') ?? '', /^[0-9a-f-]{36}$/);
    });
  });

  describe('paging', () => {
    it('returns every resource account exactly once with $top=1', async () => {
      const pages = await allPages(tenant, `${RESOURCE_ACCOUNTS}?$top=1`, teamsAdmin);
      assert.deepEqual(pages.map((p) => p.body.value.length), [1, 1, 1]);
      assert.deepEqual(ids(pages), [SUPPORT_LINE, SALES_LINE, RECEPTION]);
      for (const page of pages) assertMatchesSchema('resourceAccountCollection', page.body);
    });

    it('keeps the filter on every page', async () => {
      const pages = await allPages(tenant, withFilter(`appId eq '${BOT_APP_ID}'`, '&$top=1'), teamsAdmin);
      assert.deepEqual(ids(pages), [SUPPORT_LINE, SALES_LINE]);
    });

    it('pages 25 resource accounts by 7 without losing or repeating one', async () => {
      const many = await startTestTenant((fixture) => {
        const template = fixture.resourceAccounts[0]!;
        fixture.resourceAccounts = Array.from({ length: 25 }, (_, i) => ({
          ...template,
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          userPrincipalName: `line${i}@contoso.dev`,
          displayName: `Line ${i}`,
          phoneNumber: `tel:+1425555${String(i).padStart(4, '0')}`,
        }));
      });
      try {
        await consentTenantWide(many);
        const token = await graphToken(many, UPN.teamsAdmin);
        const pages = await allPages(many, `${RESOURCE_ACCOUNTS}?$top=7`, token);
        assert.deepEqual(pages.map((p) => p.body.value.length), [7, 7, 7, 4]);
        assert.deepEqual(ids(pages), many.ctx.fixture.resourceAccounts.map((ra) => ra.id));
      } finally {
        await many.close();
      }
    });
  });

  describe('who may list them', () => {
    it('refuses an agent without an admin role, even with the consented permission', async () => {
      const agent = await graphToken(tenant, UPN.agent);
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS, agent);
      assertGraphError(response, 403, 'Authorization_RequestDenied', /Teams Administrator or Global Administrator/);
    });

    it('refuses a Teams administrator whose token lacks TeamsResourceAccount.Read.All', async () => {
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS, teamsAdminUserReadOnly);
      assertGraphError(response, 403, 'Authorization_RequestDenied', /TeamsResourceAccount\.Read\.All/);
    });

    it('asks for a token when there is none', async () => {
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS);
      assertGraphError(response, 401, 'InvalidAuthenticationToken', /Access token is empty/);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
    });

    it('refuses a token that is not a JWT', async () => {
      assertGraphError(await graphGet(tenant, RESOURCE_ACCOUNTS, 'not-a-jwt'), 401, 'InvalidAuthenticationToken', /not a well-formed JWT/);
    });

    it('refuses credentials in another scheme', async () => {
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS, undefined, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
      assertGraphError(response, 401, 'InvalidAuthenticationToken', /Bearer/);
    });

    it('refuses an expired token', async () => {
      await shiftClock(tenant, tenant.ctx.fixture.lifetimes.entraAccessTokenSeconds + 1);
      try {
        assertGraphError(await graphGet(tenant, RESOURCE_ACCOUNTS, teamsAdmin), 401, 'InvalidAuthenticationToken', /expired/);
      } finally {
        await shiftClock(tenant, 0);
      }
      assert.equal((await graphGet(tenant, RESOURCE_ACCOUNTS, teamsAdmin)).status, 200);
    });

    it('refuses a token issued for ACS instead of Graph', async () => {
      const acs = await graphToken(tenant, UPN.teamsAdmin, 'https://auth.msft.communication.azure.com/Teams.ManageCalls');
      assertGraphError(await graphGet(tenant, RESOURCE_ACCOUNTS, acs), 401, 'InvalidAuthenticationToken', /Invalid audience/);
    });

    it('refuses a token signed by another dev tenant', async () => {
      const other = await startTestTenant();
      try {
        await consentTenantWide(other);
        const foreign = await graphToken(other, UPN.teamsAdmin);
        assertGraphError(await graphGet(tenant, RESOURCE_ACCOUNTS, foreign), 401, 'InvalidAuthenticationToken', /Invalid issuer or signature/);
      } finally {
        await other.close();
      }
    });

    it('puts the error body request-id and client-request-id in the headers too', async () => {
      const response = await graphGet(tenant, RESOURCE_ACCOUNTS, undefined, { 'client-request-id': 'trace-42' });
      assert.equal(response.body.error.innerError['client-request-id'], 'trace-42');
      assert.equal(response.headers.get('client-request-id'), 'trace-42');
      assert.equal(response.headers.get('request-id'), response.body.error.innerError['request-id']);
    });
  });

  describe('query validation', () => {
    const badFilters: [string, string, RegExp][] = [
      [`appId eq ${BOT_APP_ID}`, 'BadRequest', /single clause/],
      [`displayName eq 'Contoso Support Line'`, 'Request_UnsupportedQuery', /property 'displayName'/],
      [`appId ne '${BOT_APP_ID}'`, 'Request_UnsupportedQuery', /operator 'ne'/],
      [`appId eq 'support'`, 'BadRequest', /GUID/],
      [`appId eq '${BOT_APP_ID}' and acsResourceId eq '${ACS_RESOURCE_ID}'`, 'BadRequest', /single clause/],
      [`startswith(displayName,'Contoso')`, 'BadRequest', /single clause/],
      ['', 'BadRequest', /single clause/],
    ];
    for (const [filter, code, message] of badFilters) {
      it(`rejects $filter=${filter || '(empty)'}`, async () => {
        assertGraphError(await graphGet(tenant, withFilter(filter), teamsAdmin), 400, code, message);
      });
    }

    for (const top of ['0', '1000', '-1', '1.5', 'abc', '']) {
      it(`rejects $top=${top || '(empty)'}`, async () => {
        assertGraphError(await graphGet(tenant, `${RESOURCE_ACCOUNTS}?$top=${top}`, teamsAdmin), 400, top === '0' || top === '1000' ? 'Request_UnsupportedQuery' : 'BadRequest', /\$top|page size/);
      });
    }

    it('accepts the largest page size, 999', async () => {
      assert.equal((await graphGet(tenant, `${RESOURCE_ACCOUNTS}?$top=999`, teamsAdmin)).status, 200);
    });

    it('rejects $top given twice', async () => {
      assertGraphError(await graphGet(tenant, `${RESOURCE_ACCOUNTS}?$top=1&$top=2`, teamsAdmin), 400, 'BadRequest', /more than once/);
    });

    it('rejects a query option the API does not support', async () => {
      assertGraphError(await graphGet(tenant, `${RESOURCE_ACCOUNTS}?$orderby=displayName`, teamsAdmin), 400, 'BadRequest', /'\$orderby' is not supported/);
    });

    async function firstNextLink(path: string, token = teamsAdmin): Promise<URL> {
      const response = await graphGet(tenant, path, token);
      assert.ok(response.body['@odata.nextLink'], response.text);
      return new URL(response.body['@odata.nextLink']);
    }

    it('rejects a $skiptoken whose position was changed', async () => {
      const next = await firstNextLink(`${RESOURCE_ACCOUNTS}?$top=1`);
      const [payload, mac] = next.searchParams.get('$skiptoken')!.split('.');
      const position = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      position.offset = 0;
      next.searchParams.set('$skiptoken', `${Buffer.from(JSON.stringify(position)).toString('base64url')}.${mac}`);
      assertGraphError(await graphGet(tenant, next.href, teamsAdmin), 400, 'BadRequest', /\$skiptoken is not valid/);
    });

    it('rejects a $skiptoken that is not one at all', async () => {
      assertGraphError(await graphGet(tenant, `${RESOURCE_ACCOUNTS}?$skiptoken=page2`, teamsAdmin), 400, 'BadRequest', /\$skiptoken is not valid/);
    });

    it('rejects a $skiptoken from another dev tenant', async () => {
      const other = await startTestTenant();
      try {
        await consentTenantWide(other);
        const response = await graphGet(other, `${RESOURCE_ACCOUNTS}?$top=1`, await graphToken(other, UPN.teamsAdmin));
        const skiptoken = new URL(response.body['@odata.nextLink']).searchParams.get('$skiptoken')!;
        const replayed = await graphGet(tenant, `${RESOURCE_ACCOUNTS}?$top=1&$skiptoken=${encodeURIComponent(skiptoken)}`, teamsAdmin);
        assertGraphError(replayed, 400, 'BadRequest', /not issued by this dev tenant/);
      } finally {
        await other.close();
      }
    });

    it('rejects a $skiptoken replayed without the filter it was issued for', async () => {
      const next = await firstNextLink(withFilter(`appId eq '${BOT_APP_ID}'`, '&$top=1'));
      next.searchParams.delete('$filter');
      assertGraphError(await graphGet(tenant, next.href, teamsAdmin), 400, 'BadRequest', /issued for \$filter=appId eq/);
    });

    it('rejects a $skiptoken from another collection', async () => {
      const directoryReader = await graphToken(tenant, UPN.teamsAdmin, 'User.ReadBasic.All');
      const usersNext = await firstNextLink('/v1.0/users?$top=1', directoryReader);
      const skiptoken = usersNext.searchParams.get('$skiptoken')!;
      const response = await graphGet(tenant, `${RESOURCE_ACCOUNTS}?$skiptoken=${encodeURIComponent(skiptoken)}`, teamsAdmin);
      assertGraphError(response, 400, 'BadRequest', /pages users/);
    });
  });
});
