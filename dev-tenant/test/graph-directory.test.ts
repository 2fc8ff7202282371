import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { consentForUser, consentTenantWide, passwordToken, startTestTenant, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { allPages, assertGraphError, assertMatchesSchema, graphGet, ids, type GraphResponse } from './graph-helpers.js';

const EVENTUAL = { ConsistencyLevel: 'eventual' };
const AGENTS_GROUP = '9387d6d6-d758-4797-a74b-9c18cbda2f88';

function search(path: string, query: string, extra = ''): string {
  return `${path}?$search=${encodeURIComponent(query)}${extra}`;
}

function upns(response: GraphResponse): string[] {
  return response.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName);
}

describe('Graph directory reads', () => {
  let tenant: DevTenant;
  /** Tara, Teams admin, with only User.Read. */
  let userRead: string;
  /** Avery, an agent, with what a people picker asks for. */
  let directoryReader: string;

  before(async () => {
    tenant = await startTestTenant();
    // Tokens carry every consented scope of a resource, so Tara's is taken while she has consented to User.Read only.
    await consentForUser(tenant, UPN.teamsAdmin, ['https://graph.microsoft.com/User.Read']);
    userRead = (await passwordToken(tenant, UPN.teamsAdmin, 'User.Read')).access_token;
    // Group.Read.All needs admin consent.
    await consentTenantWide(tenant);
    directoryReader = (await passwordToken(tenant, UPN.agent, 'User.Read User.ReadBasic.All Group.Read.All')).access_token;
  });
  after(() => tenant.close());

  describe('/me', () => {
    it('returns the signed-in user with Graph default properties', async () => {
      const response = await graphGet(tenant, '/v1.0/me', userRead);
      assert.equal(response.status, 200, response.text);
      assertMatchesSchema('user', response.body);
      const tara = userByUpn(tenant, UPN.teamsAdmin);
      assert.equal(response.body['@odata.context'], `${tenant.url}/v1.0/$metadata#users/$entity`);
      assert.equal(response.body.id, tara.id);
      assert.equal(response.body.userPrincipalName, UPN.teamsAdmin);
      assert.equal(response.body.displayName, 'Tara Teams-Admin');
      assert.equal(response.body.givenName, 'Tara');
      assert.equal(response.body.surname, 'Teams-Admin');
      assert.equal(response.body.mail, UPN.teamsAdmin);
      assert.equal(response.body.jobTitle, null);
      assert.ok(!response.text.includes(tara.password), 'the password leaked');
    });

    it('answers for whoever the token belongs to', async () => {
      const response = await graphGet(tenant, '/v1.0/me', directoryReader);
      assert.equal(response.body.id, userByUpn(tenant, UPN.agent).id);
    });

    it('is served on beta too', async () => {
      const response = await graphGet(tenant, '/beta/me', userRead);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body['@odata.context'], `${tenant.url}/beta/$metadata#users/$entity`);
    });

    it('returns only the $select-ed properties', async () => {
      const response = await graphGet(tenant, '/v1.0/me?$select=displayName,mail', userRead);
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(Object.keys(response.body), ['@odata.context', 'displayName', 'mail']);
      assert.match(response.body['@odata.context'], /#users\(displayName,mail\)\/\$entity$/);
    });

    it('rejects $select of a property users do not have', async () => {
      assertGraphError(await graphGet(tenant, '/v1.0/me?$select=password', userRead), 400, 'BadRequest', /property named 'password'/);
    });

    it('needs a token', async () => {
      assertGraphError(await graphGet(tenant, '/v1.0/me'), 401, 'InvalidAuthenticationToken');
    });
  });

  describe('/organization', () => {
    it('describes the tenant with its verified domains', async () => {
      const response = await graphGet(tenant, '/v1.0/organization', userRead);
      assert.equal(response.status, 200, response.text);
      assertMatchesSchema('organizationCollection', response.body);
      const [organization] = response.body.value;
      assert.equal(organization.id, tenant.ctx.fixture.tenant.id);
      assert.equal(organization.displayName, tenant.ctx.fixture.tenant.displayName);
      const defaults = organization.verifiedDomains.filter((d: { isDefault: boolean }) => d.isDefault);
      assert.deepEqual(defaults.map((d: { name: string }) => d.name), [tenant.ctx.fixture.tenant.domain]);
      const initial = organization.verifiedDomains.filter((d: { isInitial: boolean }) => d.isInitial);
      assert.equal(initial.length, 1);
      assert.match(initial[0].name, /\.onmicrosoft\.com$/);
    });
  });

  describe('/users', () => {
    it('lists users with Graph default properties and nothing secret', async () => {
      const response = await graphGet(tenant, '/v1.0/users', directoryReader);
      assert.equal(response.status, 200, response.text);
      assertMatchesSchema('userCollection', response.body);
      assert.deepEqual(ids([response]), tenant.ctx.fixture.users.map((u) => u.id));
      for (const user of tenant.ctx.fixture.users) assert.ok(!response.text.includes(user.password), `${user.userPrincipalName}'s password leaked`);
      assert.ok(!/roles|password/i.test(response.text));
    });

    it('finds users by a display name word prefix', async () => {
      const response = await graphGet(tenant, search('/v1.0/users', '"displayName:av"'), directoryReader, EVENTUAL);
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(upns(response), [UPN.agent]);
    });

    it('splits display names into words as Graph does (Teams-Admin has the word "admin")', async () => {
      const response = await graphGet(tenant, search('/v1.0/users', '"displayName:admin"'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(response), [UPN.teamsAdmin, UPN.ccaasAdmin]);
    });

    it('matches userPrincipalName from its start only', async () => {
      const blake = await graphGet(tenant, search('/v1.0/users', '"userPrincipalName:blake"'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(blake), [UPN.secondAgent]);
      const middle = await graphGet(tenant, search('/v1.0/users', '"userPrincipalName:agent"'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(middle), []);
    });

    it('combines clauses with OR and AND', async () => {
      const either = await graphGet(tenant, search('/v1.0/users', '"displayName:avery" OR "displayName:uma"'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(either), [UPN.agent, UPN.unlicensed]);
      const both = await graphGet(tenant, search('/v1.0/users', '"displayName:agent" AND "displayName:blake"'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(both), [UPN.secondAgent]);
    });

    it('groups clauses with parentheses, AND binding tighter than OR', async () => {
      const grouped = await graphGet(tenant, search('/v1.0/users', '"displayName:agent" AND ("displayName:avery" OR "displayName:uma")'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(grouped), [UPN.agent]);
      const ungrouped = await graphGet(tenant, search('/v1.0/users', '"displayName:agent" AND "displayName:avery" OR "displayName:uma"'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(ungrouped), [UPN.agent, UPN.unlicensed]);
    });

    it('reads escaped quotes inside a clause', async () => {
      const response = await graphGet(tenant, search('/v1.0/users', String.raw`"displayName:\"Avery\""`), directoryReader, EVENTUAL);
      assert.deepEqual(upns(response), [UPN.agent]);
    });

    it('counts the matches with $count=true', async () => {
      const response = await graphGet(tenant, search('/v1.0/users', '"displayName:agent"', '&$count=true'), directoryReader, EVENTUAL);
      assert.equal(response.body['@odata.count'], 2);
    });

    it('refuses $search without ConsistencyLevel: eventual, as Graph does', async () => {
      const response = await graphGet(tenant, search('/v1.0/users', '"displayName:av"'), directoryReader);
      assertGraphError(response, 400, 'Request_UnsupportedQuery', /ConsistencyLevel: eventual/);
    });

    it('refuses a $search without quoted property:term clauses', async () => {
      assertGraphError(await graphGet(tenant, search('/v1.0/users', 'displayName:av'), directoryReader, EVENTUAL), 400, 'BadRequest', /quoted clause/);
      assertGraphError(await graphGet(tenant, search('/v1.0/users', '"av"'), directoryReader, EVENTUAL), 400, 'BadRequest', /names no property/);
      assertGraphError(await graphGet(tenant, search('/v1.0/users', '"displayName:av" NOT "mail:x"'), directoryReader, EVENTUAL), 400, 'BadRequest', /AND or OR/);
      assertGraphError(await graphGet(tenant, search('/v1.0/users', '("displayName:av"'), directoryReader, EVENTUAL), 400, 'BadRequest', /not closed/);
      assertGraphError(await graphGet(tenant, search('/v1.0/users', '"displayName:av'), directoryReader, EVENTUAL), 400, 'BadRequest', /closing double quote/);
    });

    it('refuses $search on a property that cannot be searched', async () => {
      const response = await graphGet(tenant, search('/v1.0/users', '"password:Agent"'), directoryReader, EVENTUAL);
      assertGraphError(response, 400, 'Request_UnsupportedQuery', /'password'/);
    });

    it('returns only $select-ed properties, in the order asked', async () => {
      const response = await graphGet(tenant, '/v1.0/users?$select=id,displayName,userPrincipalName,mail', directoryReader);
      assert.equal(response.status, 200, response.text);
      for (const user of response.body.value) assert.deepEqual(Object.keys(user), ['id', 'displayName', 'userPrincipalName', 'mail']);
      assert.match(response.body['@odata.context'], /#users\(id,displayName,userPrincipalName,mail\)$/);
    });

    it('pages by $top, every user exactly once', async () => {
      const all = await allPages(tenant, '/v1.0/users?$top=2', directoryReader);
      assert.deepEqual(all.map((p) => p.body.value.length), [2, 2, 1]);
      assert.deepEqual(ids(all), tenant.ctx.fixture.users.map((u) => u.id));
    });

    it('pages a search, keeping it on every page', async () => {
      const agents = await allPages(tenant, search('/v1.0/users', '"displayName:agent"', '&$top=1'), directoryReader, EVENTUAL);
      assert.deepEqual(agents.flatMap(upns), [UPN.agent, UPN.secondAgent]);
    });

    it('needs User.ReadBasic.All: User.Read alone only reads /me', async () => {
      assertGraphError(await graphGet(tenant, '/v1.0/users', userRead), 403, 'Authorization_RequestDenied', /User\.ReadBasic\.All/);
    });
  });

  describe('/groups', () => {
    it('lists groups as security groups without mail', async () => {
      const response = await graphGet(tenant, '/v1.0/groups', directoryReader);
      assert.equal(response.status, 200, response.text);
      assertMatchesSchema('groupCollection', response.body);
      assert.deepEqual(response.body.value.map((g: { id: string }) => g.id), [AGENTS_GROUP]);
      const [group] = response.body.value;
      assert.equal(group.displayName, 'Contact center agents');
      assert.equal(group.mail, null);
      assert.equal(group.securityEnabled, true);
      assert.deepEqual(group.groupTypes, []);
    });

    it('searches groups by display name', async () => {
      const hit = await graphGet(tenant, search('/v1.0/groups', '"displayName:contact"', '&$top=5'), directoryReader, EVENTUAL);
      assert.deepEqual(ids([hit]), [AGENTS_GROUP]);
      const miss = await graphGet(tenant, search('/v1.0/groups', '"displayName:sales"'), directoryReader, EVENTUAL);
      assert.deepEqual(miss.body.value, []);
    });

    it('refuses group $search without ConsistencyLevel', async () => {
      assertGraphError(await graphGet(tenant, search('/v1.0/groups', '"displayName:contact"'), directoryReader), 400, 'Request_UnsupportedQuery', /ConsistencyLevel/);
    });

    it('needs Group.Read.All', async () => {
      assertGraphError(await graphGet(tenant, '/v1.0/groups', userRead), 403, 'Authorization_RequestDenied', /Group\.Read\.All/);
    });

    it('lists the members of a group as users', async () => {
      const response = await graphGet(tenant, `/v1.0/groups/${AGENTS_GROUP}/members`, directoryReader);
      assert.equal(response.status, 200, response.text);
      assertMatchesSchema('groupMemberCollection', response.body);
      assert.deepEqual(upns(response), [UPN.agent, UPN.secondAgent]);
    });

    it('pages and searches members', async () => {
      const pages = await allPages(tenant, `/v1.0/groups/${AGENTS_GROUP}/members?$top=1&$select=id`, directoryReader);
      assert.deepEqual(ids(pages), [userByUpn(tenant, UPN.agent).id, userByUpn(tenant, UPN.secondAgent).id]);
      assert.deepEqual(Object.keys(pages[0]!.body.value[0]), ['@odata.type', 'id']);
      const blake = await graphGet(tenant, search(`/v1.0/groups/${AGENTS_GROUP}/members`, '"displayName:blake"'), directoryReader, EVENTUAL);
      assert.deepEqual(upns(blake), [UPN.secondAgent]);
    });

    it('answers 404 for a group that does not exist', async () => {
      const response = await graphGet(tenant, '/v1.0/groups/00000000-0000-0000-0000-000000000042/members', directoryReader);
      assertGraphError(response, 404, 'Request_ResourceNotFound', /00000000-0000-0000-0000-000000000042/);
    });

    it('answers 400 for a group id that is not a GUID', async () => {
      assertGraphError(await graphGet(tenant, '/v1.0/groups/agents/members', directoryReader), 400, 'Request_BadRequest', /Invalid object identifier 'agents'/);
    });
  });

  describe('$search tokenization, on a group named like a product', () => {
    let named: DevTenant;
    let reader: string;

    before(async () => {
      named = await startTestTenant((fixture) => {
        fixture.groups[0]!.displayName = 'TeamsPhone.Agents2024';
      });
      await consentTenantWide(named);
      reader = (await passwordToken(named, UPN.agent, 'Group.Read.All')).access_token;
    });
    after(() => named.close());

    async function groupSearch(term: string): Promise<number> {
      const response = await graphGet(named, search('/v1.0/groups', `"displayName:${term}"`), reader, EVENTUAL);
      assert.equal(response.status, 200, response.text);
      return response.body.value.length;
    }

    it('splits words at a lower-to-upper case change, at symbols and at digits', async () => {
      assert.equal(await groupSearch('phone'), 1);
      assert.equal(await groupSearch('agents'), 1);
      assert.equal(await groupSearch('2024'), 1);
    });

    it('also matches the words joined across a symbol', async () => {
      assert.equal(await groupSearch('teamsphoneagents'), 1);
    });

    it('does not match inside a word', async () => {
      assert.equal(await groupSearch('eamsphone'), 0);
      assert.equal(await groupSearch('gents'), 0);
    });
  });
});
