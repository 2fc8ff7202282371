import { expect } from '@open-wc/testing';
import { GraphRequestError, listResourceAccounts } from '../../src/graph/resource-accounts.js';
import { consentTenantWide, createMsal, devTenant, resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';

describe('listResourceAccounts against the dev tenant', () => {
  async function tokenFor(upn: string) {
    const { config } = await devTenant();
    const msal = await createMsal();
    const login = msal.loginPopup({ scopes: [config.scopes.graphResourceAccounts], prompt: 'select_account' });
    await signInAs({ upn });
    return (await login).accessToken;
  }

  beforeEach(async () => {
    await resetDevTenant();
    await consentTenantWide();
  });

  it('lists the accounts bound to the CCaaS bot across pages, with plain E.164 numbers', async () => {
    const { config } = await devTenant();
    const accessToken = await tokenFor(UPN.teamsAdmin);
    const accounts = await listResourceAccounts({ graphBaseUrl: config.urls.graph, accessToken, botAppId: config.ccaasBotAppId, pageSize: 1 });
    expect(accounts.map((a) => a.displayName).sort()).to.deep.equal(['Contoso Sales Line', 'Contoso Support Line']);
    const support = accounts.find((a) => a.displayName === 'Contoso Support Line')!;
    expect(support.phoneNumber).to.equal('+14255550100');
    expect(support.acsResourceId).to.equal(config.acs.immutableResourceId);
    expect(accounts.find((a) => a.displayName === 'Contoso Sales Line')!.acsResourceId).to.equal(null);
  });

  it('reports Graph refusing a caller without the Teams administrator role', async () => {
    const { config } = await devTenant();
    const accessToken = await tokenFor(UPN.agent);
    let error: unknown;
    try {
      await listResourceAccounts({ graphBaseUrl: config.urls.graph, accessToken, botAppId: config.ccaasBotAppId });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(GraphRequestError);
    expect((error as GraphRequestError).status).to.equal(403);
    expect((error as GraphRequestError).code).to.equal('Authorization_RequestDenied');
  });

  it('refuses a bot app id that is not a GUID before it calls Graph', async () => {
    const { config } = await devTenant();
    let error: unknown;
    try {
      await listResourceAccounts({ graphBaseUrl: config.urls.graph, accessToken: 'unused', botAppId: "x' or appId ne '" });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
  });
});
