import { expect } from '@open-wc/testing';
import { InteractionRequiredAuthError, type PublicClientApplication } from '@azure/msal-browser';
import { claimsOf, consentTenantWide, createMsal, devTenant, resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';

// The real @azure/msal-browser against the dev tenant's Entra authority, in headless Chromium.
describe('MSAL against the dev tenant', () => {
  let msal: PublicClientApplication;

  beforeEach(async () => {
    await resetDevTenant();
    msal = await createMsal();
  });

  async function signInByPopup(upn: string, scopes = ['User.Read']) {
    const result = msal.loginPopup({ scopes, prompt: 'select_account' });
    await signInAs({ upn });
    return result;
  }

  it('signs a fixture user in by popup, with the account Entra would give', async () => {
    const { config } = await devTenant();
    const result = await signInByPopup(UPN.agent);
    expect(result.account.username).to.equal(UPN.agent);
    expect(result.account.name).to.equal('Avery Agent');
    expect(result.account.tenantId).to.equal(config.tenantId);
    const oid = result.idTokenClaims as { oid: string };
    expect(result.account.homeAccountId).to.equal(`${oid.oid}.${config.tenantId}`);
    expect(msal.getAllAccounts().map((a) => a.username)).to.deep.equal([UPN.agent]);
  });

  it('serves Graph with the token it got, then renews that token from the refresh token', async () => {
    const { url } = await devTenant();
    const login = await signInByPopup(UPN.agent);
    const cached = await msal.acquireTokenSilent({ account: login.account, scopes: ['User.Read'] });
    expect(cached.fromCache).to.equal(true);
    expect(cached.accessToken).to.equal(login.accessToken);

    const renewed = await msal.acquireTokenSilent({ account: login.account, scopes: ['User.Read'], forceRefresh: true });
    expect(renewed.fromCache).to.equal(false);
    expect(renewed.accessToken).to.not.equal(login.accessToken);
    expect(claimsOf(renewed.accessToken).scp).to.equal('User.Read');

    const me = await fetch(`${url}/v1.0/me`, { headers: { authorization: `Bearer ${renewed.accessToken}` } });
    expect(me.status).to.equal(200);
    expect(((await me.json()) as { userPrincipalName: string }).userPrincipalName).to.equal(UPN.agent);
  });

  it('gets a token for another resource silently once the user has consented to it', async () => {
    const { config } = await devTenant();
    const login = await signInByPopup(UPN.agent);
    let refused: unknown;
    try {
      await msal.acquireTokenSilent({ account: login.account, scopes: config.scopes.ccaasPersona });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(InteractionRequiredAuthError);
    expect((refused as InteractionRequiredAuthError).subError).to.equal('consent_required');

    const consent = msal.acquireTokenPopup({ account: login.account, scopes: config.scopes.ccaasPersona });
    await signInAs({ upn: UPN.agent });
    const acs = await consent;
    expect(claimsOf(acs.accessToken).scp).to.equal('TeamsExtension.ManageCalls');
    expect(claimsOf(acs.accessToken).aud).to.equal('https://auth.msft.communication.azure.com');
    const again = await msal.acquireTokenSilent({ account: login.account, scopes: config.scopes.ccaasPersona });
    expect(again.accessToken).to.equal(acs.accessToken);
  });

  it('refuses an admin-consent scope with consent_required until an administrator consents', async () => {
    const { config, url } = await devTenant();
    const login = await signInByPopup(UPN.teamsAdmin);
    const scopes = [config.scopes.graphResourceAccounts];

    let silentError: unknown;
    try {
      await msal.acquireTokenSilent({ account: login.account, scopes });
    } catch (error) {
      silentError = error;
    }
    expect(silentError, 'silent').to.be.instanceOf(InteractionRequiredAuthError);
    expect((silentError as InteractionRequiredAuthError).subError).to.equal('consent_required');

    // A Teams admin may not grant tenant-wide consent, so the interactive request fails the same way.
    const popup = msal.acquireTokenPopup({ account: login.account, scopes });
    await signInAs({ upn: UPN.teamsAdmin });
    let popupError: { errorCode?: string; errorMessage?: string } | undefined;
    try {
      await popup;
    } catch (error) {
      popupError = error as typeof popupError;
    }
    expect(popupError?.errorCode).to.equal('consent_required');
    expect(popupError?.errorMessage).to.contain('AADSTS65001');

    await consentTenantWide();
    const granted = await msal.acquireTokenSilent({ account: login.account, scopes });
    expect(String(claimsOf(granted.accessToken).scp).split(' ')).to.include('TeamsResourceAccount.Read.All');
    const accounts = await fetch(`${url}/beta/admin/teams/resourceAccounts`, { headers: { authorization: `Bearer ${granted.accessToken}` } });
    expect(accounts.status).to.equal(200);
  });

  it('lets a global administrator grant tenant-wide consent from the admin-consent page', async () => {
    const { config, url } = await devTenant();
    const redirect = new URL('/test/browser/redirect.html', location.origin).href;
    const state = crypto.randomUUID();
    const consentWindow = window.open(`${config.urls.entra}/adminconsent?client_id=${config.msal.clientId}&redirect_uri=${encodeURIComponent(redirect)}&state=${state}`);
    await signInAs({ upn: UPN.ccaasAdmin, path: '/adminconsent' });
    // The admin-consent result lands on the query of the same-origin redirect page.
    let query = '';
    for (let i = 0; i < 200 && !query.includes('state='); i++) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        query = consentWindow?.location.search ?? '';
      } catch {
        // Still on the dev tenant's origin.
      }
    }
    consentWindow?.close();
    const result = new URLSearchParams(query);
    expect(result.get('admin_consent')).to.equal('True');
    expect(result.get('tenant')).to.equal(config.tenantId);
    expect(result.get('state')).to.equal(state);

    const login = await signInByPopup(UPN.teamsAdmin, [config.scopes.graphResourceAccounts]);
    const list = await fetch(`${url}/beta/admin/teams/resourceAccounts`, { headers: { authorization: `Bearer ${login.accessToken}` } });
    expect(list.status).to.equal(200);
  });

  it('reports a cancelled sign-in as an error, not a signed-in account', async () => {
    const result = msal.loginPopup({ scopes: ['User.Read'] });
    await signInAs({ upn: UPN.agent, cancel: true });
    let failure: { errorCode?: string } | undefined;
    try {
      await result;
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure?.errorCode).to.equal('access_denied');
    expect(msal.getAllAccounts()).to.have.length(0);
  });

  it('accepts a typed user and password, and rejects a wrong password on the page', async () => {
    const result = msal.loginPopup({ scopes: ['User.Read'] });
    await signInAs({ upn: UPN.secondAgent, password: 'Agent!2' });
    expect((await result).account.username).to.equal(UPN.secondAgent);
  });

  it('signs out: the account and its tokens are gone', async () => {
    const login = await signInByPopup(UPN.agent);
    await msal.logoutPopup({ account: login.account });
    expect(msal.getAllAccounts()).to.have.length(0);
    let error: { errorCode?: string } | undefined;
    try {
      await msal.acquireTokenSilent({ account: login.account, scopes: ['User.Read'] });
    } catch (e) {
      error = e as typeof error;
    }
    // No cached tokens remain, and the authority session is gone, so only a new interactive sign-in helps.
    expect(error).to.be.instanceOf(InteractionRequiredAuthError);
    expect(error?.errorCode).to.equal('login_required');
  });

  it('signs in by redirect and resumes the page that started it', async () => {
    const channel = new BroadcastChannel('redirect-sign-in');
    const message = new Promise<{ username?: string; resumed?: boolean; error?: string }>((resolve) => {
      channel.onmessage = (event) => resolve(event.data);
    });
    const signInWindow = window.open('/test/browser/pages/redirect-sign-in.html');
    await signInAs({ upn: UPN.secondAgent });
    const outcome = await message;
    signInWindow?.close();
    channel.close();
    expect(outcome).to.deep.include({ username: UPN.secondAgent, resumed: true });
  });
});
