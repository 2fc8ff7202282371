import { expect } from '@open-wc/testing';
import { grantAgent, linkResourceAccount, USER_ID } from './support/admin-api.js';
import { click, mountConsent, part, SUPPORT_LINE, waitForStatus } from './support/consent.js';
import { consentTenantWide, devTenant, resetDevTenant, UPN } from './support/dev-tenant.js';
import { PasswordGrantProvider } from './support/password-grant-provider.js';

// Its own file, so its own page: no other test has signed in with MSAL here. Nothing imported above may
// import @azure/msal-browser (the test would then see it fetched and fail, rightly or not).

/** Module URLs this page fetched so far (the test runner serves each module as its own request). */
function fetchedModules(): string[] {
  return performance.getEntriesByType('resource').map((entry) => entry.name);
}

const MSAL_CODE = /@azure\/msal-|\/src\/auth\/msal-/;

describe('<tpe-consent> with a page-owned authProvider', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await consentTenantWide();
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
  });

  afterEach(() => document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove()));

  it('signs in to ready without the page ever fetching MSAL', async () => {
    const { config } = await devTenant();
    const authProvider = new PasswordGrantProvider(config.testAutomation.clientId, UPN.agent, 'Agent!1');
    const { el } = await mountConsent({ authProvider });
    expect(el.status).to.equal('signed-out');

    click(el, 'sign-in-button');
    await waitForStatus(el, 'ready');
    expect(part(el, 'account')!.textContent).to.contain('Avery Agent');

    // The element's own modules were fetched one by one, so an MSAL fetch would be in the list too.
    const fetched = fetchedModules();
    expect(fetched.some((url) => url.includes('/src/consent/consent-controller.ts'))).to.equal(true);
    expect(fetched.filter((url) => MSAL_CODE.test(url))).to.deep.equal([]);
  });
});
