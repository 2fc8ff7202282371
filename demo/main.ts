// Until <tpe-consent> exists, this page shows the first mile by hand: MSAL signs a fixture user in to the
// dev tenant, and an admin reads the tenant's resource accounts from Graph.
import { html, nothing, render } from 'lit';
import { InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-browser';
import { msalConfiguration } from '../src/auth/msal-configuration.js';
import { GraphRequestError, listResourceAccounts, type ResourceAccount } from '../src/graph/resource-accounts.js';
import { loadDevTenantConfig, type DevTenantConfig } from './dev-tenant-config.js';

interface PageState {
  account?: AccountInfo;
  accounts?: ResourceAccount[];
  busy?: string;
  problem?: string;
  needsAdminConsent?: boolean;
}

const root = document.querySelector<HTMLElement>('#app')!;
let state: PageState = {};
let config: DevTenantConfig;
let msal: PublicClientApplication;

function update(next: Partial<PageState>) {
  state = { ...state, ...next };
  render(view(), root);
}

async function signIn() {
  update({ busy: 'Signing in…', problem: undefined });
  try {
    const result = await msal.loginPopup({ scopes: ['User.Read'], prompt: 'select_account' });
    msal.setActiveAccount(result.account);
    update({ account: result.account, accounts: undefined, busy: undefined });
  } catch (error) {
    update({ busy: undefined, problem: describe(error) });
  }
}

async function signOut() {
  await msal.logoutPopup({ account: state.account });
  update({ account: undefined, accounts: undefined, needsAdminConsent: false });
}

async function showResourceAccounts() {
  update({ busy: 'Reading resource accounts from Graph…', problem: undefined, needsAdminConsent: false });
  try {
    const scopes = [config.scopes.graphResourceAccounts];
    const token = await msal.acquireTokenSilent({ account: state.account, scopes }).catch((error: unknown) => {
      if (error instanceof InteractionRequiredAuthError && error.subError !== 'consent_required') return msal.acquireTokenPopup({ account: state.account, scopes });
      throw error;
    });
    const accounts = await listResourceAccounts({ graphBaseUrl: config.urls.graph, accessToken: token.accessToken, botAppId: config.ccaasBotAppId });
    update({ accounts, busy: undefined });
  } catch (error) {
    const consent = error instanceof InteractionRequiredAuthError && error.subError === 'consent_required';
    update({ busy: undefined, needsAdminConsent: consent, problem: consent ? undefined : describe(error) });
  }
}

function grantAdminConsent() {
  const redirect = new URL('./admin-consent-done.html', location.href).href;
  const url = `${config.urls.entra}/adminconsent?client_id=${config.msal.clientId}&redirect_uri=${encodeURIComponent(redirect)}&state=${crypto.randomUUID()}`;
  const channel = new BroadcastChannel('tpe-demo-admin-consent');
  channel.onmessage = (event: MessageEvent<{ granted: boolean; error?: string }>) => {
    channel.close();
    if (event.data.granted) void showResourceAccounts();
    else update({ problem: event.data.error ?? 'Admin consent was not granted.' });
  };
  window.open(url, 'tpe-admin-consent', 'popup,width=520,height=720');
}

function describe(error: unknown): string {
  if (error instanceof GraphRequestError) return `Graph refused (${error.status} ${error.code}): ${error.message}`;
  const msalError = error as { errorCode?: string; errorMessage?: string; message?: string };
  if (msalError.errorCode === 'user_cancelled' || msalError.errorCode === 'access_denied') return 'Sign-in was cancelled.';
  return msalError.errorMessage?.split(' Trace ID')[0] ?? msalError.message ?? String(error);
}

function readiness(ra: ResourceAccount) {
  if (!ra.acsResourceId) return html`<span class="problem">No ACS resource id: run Set-CsOnlineApplicationInstance</span>`;
  if (ra.acsResourceId !== config.acs.immutableResourceId) return html`<span class="problem">Bound to another ACS resource</span>`;
  return html`<span class="ok">Bound to this ACS resource</span>`;
}

function view() {
  const { account, accounts, busy, problem, needsAdminConsent } = state;
  return html`
    <section aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      ${account
        ? html`<p>Signed in as <strong>${account.name}</strong> (${account.username}) in tenant <code>${account.tenantId}</code>.</p>
            <button @click=${showResourceAccounts}>Show resource accounts</button>
            <button @click=${signOut}>Sign out</button>`
        : html`<p>Sign in with a fixture user of <strong>${config.tenantDisplayName}</strong>. Resource accounts need a Teams administrator (Tara).</p>
            <button @click=${signIn}>Sign in</button>`}
    </section>
    ${busy ? html`<p role="status">${busy}</p>` : nothing}
    ${problem ? html`<p class="problem" role="alert">${problem}</p>` : nothing}
    ${needsAdminConsent
      ? html`<section aria-labelledby="consent-title">
          <h2 id="consent-title">Admin consent required</h2>
          <p>Reading resource accounts needs Graph <code>TeamsResourceAccount.Read.All</code>, which only an administrator can grant for the tenant. Sign in as Cam (Global Administrator) in the consent window.</p>
          <button @click=${grantAdminConsent}>Grant admin consent</button>
        </section>`
      : nothing}
    ${accounts
      ? html`<section aria-labelledby="ra-title">
          <h2 id="ra-title">Resource accounts bound to the CCaaS bot</h2>
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Phone number</th><th scope="col">ACS resource id</th><th scope="col">Status</th></tr></thead>
            <tbody>
              ${accounts.map((ra) => html`<tr><td>${ra.displayName}</td><td>${ra.phoneNumber}</td><td><code>${ra.acsResourceId ?? '—'}</code></td><td>${readiness(ra)}</td></tr>`)}
            </tbody>
          </table>
        </section>`
      : nothing}
  `;
}

async function start() {
  try {
    config = await loadDevTenantConfig();
  } catch (error) {
    render(html`<p class="problem" role="alert">Cannot reach the dev tenant: ${(error as Error).message} Start it with <code>npm start</code>.</p>`, root);
    return;
  }
  msal = new PublicClientApplication(msalConfiguration({ ...config.msal, redirectUri: new URL('./redirect.html', location.href).href }));
  await msal.initialize();
  await msal.handleRedirectPromise();
  update({ account: msal.getActiveAccount() ?? msal.getAllAccounts()[0] });
}

void start();
