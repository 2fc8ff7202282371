import { expect } from '@open-wc/testing';
import { linkResourceAccount } from './support/admin-api.js';
import { assertNoTokenLeaks, click, mountConsent, part, SALES_LINE, statuses, SUPPORT_LINE, until, waitForStatus, useConsentPage } from './support/consent.js';
import { consentTenantWide, devTenant, signInAs, UPN } from './support/dev-tenant.js';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import { expectScript } from './support/powershell-reference.js';
import { watchFetch } from './support/watched-fetch.js';
import { provisioningScriptShape } from './support/provisioning-script-shape.js';

function row(el: TpeConsent, name: string): HTMLElement {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="resource-account"]')].find((r) => r.textContent!.includes(name));
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

function entry(el: TpeConsent, name: string): HTMLElement | undefined {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="directory-entry"]')].find((r) => r.textContent!.includes(name));
}

async function search(el: TpeConsent, term: string, expected: string) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
  input.value = term;
  click(el, 'search-button');
  await until(() => !el.shadowRoot!.textContent!.includes('Searching…') && Boolean(entry(el, expected)), `${expected} in the results for ${term}`);
}

describe('<tpe-consent mode="admin">', () => {
  const page = useConsentPage();

  it('takes a tenant from nothing to a linked resource account and an agent with access', async () => {
    const { config } = await devTenant();
    const { el, events } = await mountConsent({ mode: 'admin' });
    await expect(el).to.be.accessible();

    // Reading resource accounts needs admin consent: the first sign-in says so and offers it.
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.ccaasAdmin });
    await waitForStatus(el, 'needs-admin-consent');
    await expect(el).to.be.accessible();
    const link = (part(el, 'admin-consent-link')!.querySelector('input, code') as HTMLInputElement | HTMLElement);
    const linkText = () => ('value' in link ? link.value : link.textContent);
    const shown = linkText();
    el.requestUpdate();
    await el.updateComplete;
    expect(linkText(), 'the admin-consent link, after the element rendered again').to.equal(shown);
    // Signed in already: the consent prompt only asks Cam to accept for the organization, and the element goes straight on.
    click(el, 'admin-consent-button');
    await signInAs({ upn: UPN.ccaasAdmin, consentForOrg: true, signedInAlready: true });
    await waitForStatus(el, 'ready');
    expect(events.some((e) => e.type === 'tpe-consent-granted' && (e.detail as { kind: string }).kind === 'admin')).to.equal(true);
    expect(events.filter((e) => e.type === 'tpe-signed-in'), 'sign-ins').to.have.length(1);
    await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account"]').length === 2, 'two resource accounts');
    expect(row(el, 'Contoso Support Line').textContent).to.contain('+14255550100').and.contain('Not linked yet');
    expect(row(el, 'Contoso Support Line').querySelector('[part~="link-button"]')!.getAttribute('aria-label')).to.equal('Link Contoso Support Line');
    await expect(el).to.be.accessible();

    // The misprovisioned account cannot be linked, and shows the PowerShell that fixes it.
    const sales = row(el, 'Contoso Sales Line');
    expect(sales.textContent).to.contain('Not bound to an ACS resource');
    expect(sales.querySelector('[part~="link-button"]')).to.equal(null);
    const fix = el.shadowRoot!.querySelector(`[part~="resource-account-fix"][data-for="${SALES_LINE}"]`)!;
    const script = fix.querySelector('[part~="command"] code')!.textContent!;
    expect(script).to.contain(`Set-CsOnlineApplicationInstance -Identity 'sales.line@contoso.dev' -ApplicationId '${config.ccaasBotAppId}' -AcsResourceId '${config.acs.immutableResourceId}'`);
    expect(script).to.contain(`Sync-CsOnlineApplicationInstance -ObjectId '${SALES_LINE}' -ApplicationId '${config.ccaasBotAppId}'`);
    expect(script).to.contain("Set-CsPhoneNumberAssignment -Identity 'sales.line@contoso.dev' -PhoneNumber '+14255550101'");

    row(el, 'Contoso Support Line').querySelector<HTMLButtonElement>('[part~="link-button"]')!.click();
    await until(() => row(el, 'Contoso Support Line').textContent!.includes('Linked: ready for calls'), 'the link to be confirmed');
    expect(events.find((e) => e.type === 'tpe-resource-account-linked')!.detail).to.deep.equal({ resourceAccountId: SUPPORT_LINE, displayName: 'Contoso Support Line' });

    await search(el, 'avery', 'Avery Agent');
    expect(entry(el, 'Avery Agent')!.textContent).to.contain('No access');
    await expect(el).to.be.accessible();
    entry(el, 'Avery Agent')!.querySelector<HTMLButtonElement>('[part~="grant-button"]')!.click();
    await until(() => entry(el, 'Avery Agent')!.textContent!.includes('Has access'), 'access to be confirmed');
    expect(events.find((e) => e.type === 'tpe-agent-access-changed')!.detail).to.deep.include({ displayName: 'Avery Agent', granted: true });

    // The agent, on their own desktop (one account per page and client id: the admin signs out first), is ready.
    await el.signOut();
    const agent = await mountConsent();
    click(agent.el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(agent.el, 'ready');

    expect(statuses(events).slice(0, 5)).to.deep.equal(['signing-in', 'needs-admin-consent', 'signing-in', 'ready', 'signed-out']);
    assertNoTokenLeaks(el, events, page.lines());
  });

  it('grants a whole group, revokes one member, and unlinks a resource account', async () => {
    await consentTenantWide();
    await linkResourceAccount(SUPPORT_LINE);
    const { el, events } = await mountConsent({ mode: 'admin' });
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.ccaasAdmin });
    await waitForStatus(el, 'ready');
    await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account"]').length === 2, 'resource accounts');
    expect(row(el, 'Contoso Support Line').textContent).to.contain('Linked: ready for calls');

    await search(el, 'contact', 'Contact center agents');
    const group = entry(el, 'Contact center agents')!;
    expect(group.textContent).to.contain('2 members');
    group.querySelector<HTMLButtonElement>('[part~="grant-button"]')!.click();
    await until(() => entry(el, 'Contact center agents')!.textContent!.includes('Has access'), 'the group grant');
    expect(events.filter((e) => e.type === 'tpe-agent-access-changed').map((e) => (e.detail as { displayName: string }).displayName).sort()).to.deep.equal(['Avery Agent', 'Blake Agent']);

    await search(el, 'blake', 'Blake Agent');
    entry(el, 'Blake Agent')!.querySelector<HTMLButtonElement>('[part~="revoke-button"]')!.click();
    await until(() => entry(el, 'Blake Agent')!.textContent!.includes('No access'), 'the revoke');

    row(el, 'Contoso Support Line').querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await until(() => row(el, 'Contoso Support Line').textContent!.includes('Not linked yet'), 'the unlink');
    expect(events.some((e) => e.type === 'tpe-resource-account-unlinked')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('leaves the list as it was and says why when a write fails', async () => {
    await consentTenantWide();
    const { el, events } = await mountConsent({ mode: 'admin' });
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.ccaasAdmin });
    await waitForStatus(el, 'ready');
    await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account"]').length === 2, 'resource accounts');

    const realFetch = window.fetch;
    window.fetch = (input, init) => (init?.method === 'PUT' ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(input, init));
    try {
      row(el, 'Contoso Support Line').querySelector<HTMLButtonElement>('[part~="link-button"]')!.click();
      await until(() => Boolean(row(el, 'Contoso Support Line').querySelector('[role=alert]')), 'the failure to show');
    } finally {
      window.fetch = realFetch;
    }
    const support = row(el, 'Contoso Support Line');
    expect(support.textContent).to.contain('Not linked yet');
    expect(support.querySelector('[role=alert]')!.textContent).to.contain('could not be reached');
    expect(support.querySelector('[part~="link-button"]')).to.not.equal(null);
    expect((events.find((e) => e.type === 'tpe-error')!.detail as { code: string }).code).to.equal('network');
    await expect(el).to.be.accessible();
  });

  it('quotes a hostile resource account name in the fix script, and shows no script for a name with a line break', async () => {
    const { config } = await devTenant();
    const hostile = "Sales'; Start-Process calc.exe; '$(Get-Date)";
    const broken = 'Support\nStart-Process calc.exe # $(Get-Date)';
    // Graph answers as a directory holding these names would; both accounts unbound, so both need a fix.
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (!String(input instanceof Request ? input.url : input).includes('/admin/teams/resourceAccounts')) return response;
      const page = (await response.json()) as { value: Array<{ id: string; displayName: string; acsResourceId: string | null }> };
      for (const account of page.value) {
        account.displayName = account.id === SALES_LINE ? hostile : broken;
        account.acsResourceId = null;
      }
      return new Response(JSON.stringify(page), { status: response.status, headers: response.headers });
    };
    await consentTenantWide();
    const { el } = await mountConsent({ mode: 'admin' });
    try {
      click(el, 'sign-in-button');
      await signInAs({ upn: UPN.ccaasAdmin });
      await waitForStatus(el, 'ready');
      await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account-fix"]').length === 2, 'two fixes');
    } finally {
      window.fetch = realFetch;
    }
    const fixFor = (id: string) => el.shadowRoot!.querySelector(`[part~="resource-account-fix"][data-for="${id}"]`)!;

    const script = fixFor(SALES_LINE).querySelector('[part~="command"] code')!.textContent!;
    expectScript(script, provisioningScriptShape({ id: SALES_LINE, userPrincipalName: 'sales.line@contoso.dev', displayName: hostile, phoneNumber: '+14255550101' }, { botAppId: config.ccaasBotAppId, acsResourceId: config.acs.immutableResourceId }));

    const support = fixFor(SUPPORT_LINE);
    expect(support.querySelector('[part~="command"]')).to.equal(null);
    expect(support.querySelector('[part~="fix-script-refused"]')!.textContent).to.contain('No script is shown: the display name contains a line break');
    await expect(el).to.be.accessible();
  });

  it('reads Graph only once the admin view is shown, not while it is hidden on the page', async () => {
    await consentTenantWide();
    const { config } = await devTenant();
    // Graph's API (the dev tenant serves Entra on the same origin).
    const graph = watchFetch((url) => url.href.startsWith(config.urls.graph) && /^\/(v1\.0|beta)\//.test(url.pathname));
    try {
      const { el } = await mountConsent({ mode: 'admin' });
      el.parentElement!.hidden = true;
      click(el, 'sign-in-button');
      await signInAs({ upn: UPN.ccaasAdmin });
      await waitForStatus(el, 'ready');
      await el.settled;
      await el.updateComplete;
      expect(graph.requests.map((r) => r.url.pathname), 'Graph requests while hidden').to.deep.equal([]);
      el.parentElement!.hidden = false;
      await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account"]').length === 2, 'two resource accounts, once shown');
      expect(graph.requests.length).to.be.greaterThan(0);
    } finally {
      graph.restore();
    }
  });

  it('shows Graph refusing a signed-in user who is not a Teams administrator', async () => {
    await consentTenantWide();
    const { el } = await mountConsent({ mode: 'admin' });
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'ready');
    await until(() => Boolean(part(el, 'resource-accounts')!.querySelector('[role=alert]')), 'the refusal');
    expect(part(el, 'resource-accounts')!.textContent).to.contain('Teams Administrator');
    await expect(el).to.be.accessible();
  });
});
