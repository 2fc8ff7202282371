import { expect } from '@open-wc/testing';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import { grantAgent, USER_ID } from './support/admin-api.js';
import { click, mountConsent, until, waitForStatus } from './support/consent.js';
import { consentTenantWide, devTenant, resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';

function row(el: TpeConsent, name: string): HTMLElement {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="resource-account"]')].find((r) => r.textContent!.includes(name));
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

function entry(el: TpeConsent, name: string): HTMLElement {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="directory-entry"]')].find((r) => r.textContent!.includes(name));
  if (!found) throw new Error(`no entry for ${name}`);
  return found;
}

const says = (node: Node, words: string) => node.textContent!.includes(words);

/** What the browser itself recorded of every request to the proxy: its URL and the status it answered. */
function proxyRequests(proxyUrl: string): { url: string; status: number }[] {
  return performance
    .getEntriesByType('resource')
    .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && e.name.startsWith(proxyUrl))
    .map((e) => ({ url: e.name, status: e.responseStatus }));
}

describe('<tpe-consent mode="admin"> reading assignments', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await consentTenantWide();
  });

  afterEach(() => {
    document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove());
  });

  it('lists, searches, links, unlinks, grants and revokes without one request to the proxy answering 404', async () => {
    const { proxyUrl } = await devTenant();
    await grantAgent(USER_ID.agent);
    // Only what the element asks from here on.
    performance.clearResourceTimings();

    const { el } = await mountConsent({ mode: 'admin' });
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.ccaasAdmin });
    await waitForStatus(el, 'ready');
    await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account"]').length === 2, 'two resource accounts');
    expect(row(el, 'Contoso Support Line').textContent).to.contain('Not linked yet');
    expect(row(el, 'Contoso Sales Line').textContent).to.contain('Not bound to an ACS resource');

    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = 'agent';
    click(el, 'search-button');
    await until(() => el.shadowRoot!.querySelectorAll('[part~="directory-entry"]').length === 3 && !says(el.shadowRoot!, 'Searching…'), 'the group and both agents');
    expect(entry(el, 'Avery Agent').textContent).to.contain('Has access');
    expect(entry(el, 'Blake Agent').textContent).to.contain('No access');
    expect(entry(el, 'Contact center agents').textContent, 'one of its two members has no access').to.contain('2 members').and.contain('No access');

    // Every write is read back: a link and a grant find an assignment, an unlink and a revoke find none.
    row(el, 'Contoso Support Line').querySelector<HTMLButtonElement>('[part~="link-button"]')!.click();
    await until(() => says(row(el, 'Contoso Support Line'), 'Linked: ready for calls'), 'the link');
    row(el, 'Contoso Support Line').querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await until(() => says(row(el, 'Contoso Support Line'), 'Not linked yet'), 'the unlink');
    entry(el, 'Blake Agent').querySelector<HTMLButtonElement>('[part~="grant-button"]')!.click();
    await until(() => says(entry(el, 'Blake Agent'), 'Has access'), 'the grant');
    entry(el, 'Avery Agent').querySelector<HTMLButtonElement>('[part~="revoke-button"]')!.click();
    await until(() => says(entry(el, 'Avery Agent'), 'No access'), 'the revoke');
    expect(el.shadowRoot!.querySelector('[role=alert]'), 'no write failed').to.equal(null);

    const requests = proxyRequests(proxyUrl);
    expect(requests.filter((r) => r.url.includes('/assignments')).length, 'the element read assignments').to.be.greaterThan(0);
    expect(requests.filter((r) => !(r.status > 0)), 'every answer has a status the browser recorded').to.deep.equal([]);
    expect(requests.filter((r) => r.status === 404)).to.deep.equal([]);
  });
});
