import { expect } from '@open-wc/testing';
import { resolveConsentSettings } from '../../src/consent/consent-settings.js';
import { loadMsalProvider } from '../../src/auth/load-msal-provider.js';
import { documentServices } from '../../src/page-services.js';
import { ProxyClient } from '../../src/proxy/proxy-client.js';
import { grantAgent, linkResourceAccount, USER_ID } from './support/admin-api.js';
import { assertNoTokenLeaks, click, mountConsent, part, statuses, SUPPORT_LINE, until, waitForStatus, useConsentPage } from './support/consent.js';
import { devTenant, setTenantPolicy, signInAs, UPN } from './support/dev-tenant.js';

describe('<tpe-consent mode="agent">', () => {
  const page = useConsentPage();

  it('takes an agent from signed-out to needs-assignment, then ready once an admin grants access', async () => {
    const { el, events } = await mountConsent();
    expect(el.status).to.equal('signed-out');
    expect(el.getAttribute('status')).to.equal('signed-out');
    await expect(el).to.be.accessible();

    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'needs-assignment');
    expect(el.account?.username).to.equal(UPN.agent);
    expect(part(el, 'remedy')!.textContent).to.contain('Ask your CCaaS administrator');
    await expect(el).to.be.accessible();

    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    click(el, 'retry-button');
    await waitForStatus(el, 'ready');
    expect(part(el, 'account')!.textContent).to.contain('Avery Agent');
    await expect(el).to.be.accessible();

    expect(events.filter((e) => e.type === 'tpe-signed-in')).to.have.length(1);
    expect(statuses(events)).to.deep.equal(['signing-in', 'needs-assignment', 'ready']);
    expect(events.find((e) => e.type === 'tpe-status-change' && (e.detail as { status: string }).status === 'needs-assignment')!.detail).to.deep.equal({
      status: 'needs-assignment',
      previous: 'signing-in',
      reason: 'no-assignment',
    });

    await el.signOut();
    expect(el.status).to.equal('signed-out');
    expect(events.at(-1)!.type).to.equal('tpe-signed-out');
    assertNoTokenLeaks(el, events, page.lines());
  });

  it('signs in silently on load when a session exists, and shows no second popup for a second tag', async () => {
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    const first = await mountConsent();
    click(first.el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(first.el, 'ready');

    const opened: unknown[] = [];
    const realOpen = window.open;
    window.open = (...args: Parameters<typeof window.open>) => {
      opened.push(args);
      return realOpen.apply(window, args);
    };
    try {
      const second = await mountConsent();
      await waitForStatus(second.el, 'ready');
      expect(second.el.account?.username).to.equal(UPN.agent);
      expect(opened, 'no popup for the second tag').to.have.length(0);
      assertNoTokenLeaks(second.el, second.events, page.lines());

      // Signing out in one tag signs the other out too.
      await first.el.signOut();
      await waitForStatus(second.el, 'signed-out');
    } finally {
      window.open = realOpen;
    }
  });

  it('offers consent when a silent check finds it missing, and records the consent the agent gives', async () => {
    const { proxyUrl } = await devTenant();
    const settings = await resolveConsentSettings(new ProxyClient(proxyUrl), { redirectUri: new URL('/test/browser/redirect.html', location.origin).href });
    // An earlier visit signed the agent in for their profile only.
    // The page's own MSAL application, as the element will find it.
    const provider = await loadMsalProvider(settings, {}, documentServices());
    await provider.initialize();
    const login = provider.signIn({ scopes: ['User.Read'] });
    await signInAs({ upn: UPN.agent });
    await login;

    const { el, events } = await mountConsent();
    await waitForStatus(el, 'needs-consent');
    expect(part(el, 'message')!.textContent).to.contain('needs your permission');
    await expect(el).to.be.accessible();

    click(el, 'consent-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'needs-assignment');
    expect(events.some((e) => e.type === 'tpe-consent-granted' && (e.detail as { kind: string }).kind === 'user')).to.equal(true);
    assertNoTokenLeaks(el, events, page.lines());
  });

  it('says an administrator must approve when the tenant makes the ACS permissions admin-only', async () => {
    await setTenantPolicy({ acsPermissionsRequireAdminConsent: true });
    const { el, events } = await mountConsent();
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'needs-admin-consent');
    const link = part(el, 'admin-consent-link')!.querySelector('input')!;
    expect(link.value).to.match(/\/adminconsent\?client_id=[0-9a-f-]{36}&redirect_uri=/);
    expect(part(el, 'remedy')!.textContent).to.contain('Global or Cloud Application Administrator');
    expect(statuses(events)).to.deep.equal(['signing-in', 'needs-admin-consent']);
    await expect(el).to.be.accessible();
    assertNoTokenLeaks(el, events, page.lines());
  });

  it("shows the admin's one-line fix when the ACS first-party app is missing from the tenant", async () => {
    await setTenantPolicy({ acsServicePrincipalInstalled: false });
    const { el, events } = await mountConsent();
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'needs-admin-consent');
    expect(part(el, 'command')!.textContent).to.contain('New-MgServicePrincipal -AppId 1fd5118e-2576-4263-8130-9503064c837a');
    expect(events.find((e) => e.type === 'tpe-status-change' && (e.detail as { status: string }).status === 'needs-admin-consent')!.detail).to.deep.include({ reason: 'acs-app-missing' });
    await expect(el).to.be.accessible();
  });

  it('tells an agent without a Teams licence so, with the remedy', async () => {
    await grantAgent(USER_ID.unlicensed);
    await linkResourceAccount(SUPPORT_LINE);
    const { el, events } = await mountConsent();
    click(el, 'sign-in-button');
    await signInAs({ upn: 'uma.unlicensed@contoso.dev' });
    await waitForStatus(el, 'error');
    expect(part(el, 'message')!.textContent).to.contain('no Microsoft Teams licence');
    const error = events.find((e) => e.type === 'tpe-error')!.detail as { code: string; remedy: string; source: string };
    expect(error).to.deep.include({ code: 'no-teams-license', source: 'acs' });
    await expect(el).to.be.accessible();
    assertNoTokenLeaks(el, events, page.lines());
  });

  it('returns to signed-out, saying so, when the person cancels sign-in', async () => {
    const { el, events } = await mountConsent();
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent, cancel: true });
    await until(() => statuses(events).length === 2, 'two status changes');
    expect(statuses(events)).to.deep.equal(['signing-in', 'signed-out']);
    expect(part(el, 'message')!.textContent).to.contain('cancelled');
    await expect(el).to.be.accessible();
  });

  it('explains a blocked popup', async () => {
    const { el, events } = await mountConsent();
    const realOpen = window.open;
    window.open = () => null;
    try {
      click(el, 'sign-in-button');
      await waitForStatus(el, 'error');
    } finally {
      window.open = realOpen;
    }
    expect((events.find((e) => e.type === 'tpe-error')!.detail as { code: string }).code).to.equal('popup-blocked');
    expect(part(el, 'remedy')!.textContent).to.contain('Allow pop-ups');
    await expect(el).to.be.accessible();
  });

  it('explains a sign-in already in progress', async () => {
    const { el, events } = await mountConsent();
    el.signIn();
    el.signIn();
    await until(() => events.some((e) => e.type === 'tpe-error'), 'an error event');
    expect((events.find((e) => e.type === 'tpe-error')!.detail as { code: string }).code).to.equal('interaction-in-progress');
    expect(part(el, 'remedy')!.textContent).to.contain('close the other sign-in window');
    await expect(el).to.be.accessible();
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'needs-assignment');
  });

  it('says the network is down when the proxy cannot be reached', async () => {
    const { el, events } = await mountConsent({ proxyUrl: 'http://127.0.0.1:9' });
    await waitForStatus(el, 'error');
    expect((events.find((e) => e.type === 'tpe-error')!.detail as { code: string }).code).to.equal('network');
    expect(part(el, 'remedy')!.textContent).to.contain('network connection');
    await expect(el).to.be.accessible();
  });

  it('starts over with settings its owner changes after it was created, without firing events', async () => {
    const { proxyUrl } = await devTenant();
    const { el, events } = await mountConsent({ proxyUrl: 'http://127.0.0.1:9' });
    await waitForStatus(el, 'error');
    const before = events.length;
    el.proxyUrl = proxyUrl;
    await until(() => Boolean(part(el, 'sign-in-button')), 'the sign-in button');
    expect(el.status).to.equal('signed-out');
    expect(events.length, 'no event for a change the owner made').to.equal(before);
  });

  it('lets an agent of the Teams persona get ready through the proxy exchange', async () => {
    const { el, events } = await mountConsent({ persona: 'teams' });
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.secondAgent });
    await waitForStatus(el, 'ready');
    expect(el.account?.username).to.equal(UPN.secondAgent);
    await expect(el).to.be.accessible();
    assertNoTokenLeaks(el, events, page.lines());
  });
});

