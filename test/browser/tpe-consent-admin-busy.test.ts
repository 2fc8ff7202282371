import { expect } from '@open-wc/testing';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import { busyAnswer, busyFor, heldScheduler, type BusyService } from './support/busy-service.js';
import { click, mountConsent, part, until, waitForStatus } from './support/consent.js';
import { consentTenantWide, devTenant, resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';

const GRAPH_THROTTLED = { code: 'TooManyRequests', message: 'Too many requests.' };

describe('<tpe-consent mode="admin"> when Microsoft Graph is busy', () => {
  let service: BusyService | undefined;

  beforeEach(async () => {
    await resetDevTenant();
    await consentTenantWide();
  });

  afterEach(() => {
    service?.restore();
    service = undefined;
    document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove());
  });

  const busyNote = (el: TpeConsent, section: string) => part(el, section)!.querySelector('[part~="busy"]');

  it('says the directory is busy (429 + Retry-After), then lists the resource accounts and the search results by itself', async () => {
    const held = heldScheduler();
    const { el, events } = await mountConsent({ mode: 'admin' });
    el.retryScheduler = held.scheduler;
    service = busyFor((url) => url.pathname === '/beta/admin/teams/resourceAccounts', busyAnswer(429, '5', GRAPH_THROTTLED));

    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.ccaasAdmin });
    await waitForStatus(el, 'ready');
    const listing = await held.next();
    expect(listing.delayMs).to.equal(5000);
    await until(() => Boolean(busyNote(el, 'resource-accounts')), 'the busy note');
    expect(busyNote(el, 'resource-accounts')!.textContent).to.equal('The directory (Microsoft Graph) is busy right now. Trying again by itself in 5 seconds.');
    expect(part(el, 'resource-accounts')!.querySelector('[role=alert]'), 'not an error').to.equal(null);
    await expect(el).to.be.accessible();

    listing.release();
    await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account"]').length === 2, 'two resource accounts');
    expect(busyNote(el, 'resource-accounts')).to.equal(null);
    expect(service.seen, 'listed once more after the wait').to.have.length(2);
    service.restore();

    service = busyFor((url) => url.pathname === '/v1.0/users', busyAnswer(429, '2', GRAPH_THROTTLED));
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = 'avery';
    click(el, 'search-button');
    const searching = await held.next();
    await until(() => Boolean(busyNote(el, 'agents')), 'the busy note on the search');
    expect(searching.delayMs).to.equal(2000);
    expect(busyNote(el, 'agents')!.textContent).to.contain('Microsoft Graph').and.contain('Trying again by itself in 2 seconds.');
    searching.release();
    await until(() => Boolean(part(el, 'directory-entry')?.textContent!.includes('Avery Agent')), 'Avery in the results');
    expect(service.seen).to.deep.equal(['/v1.0/users', '/v1.0/users']);
    expect(events.filter((e) => e.type === 'tpe-error')).to.deep.equal([]);
  });

  async function signedInAdmin(held: ReturnType<typeof heldScheduler>) {
    const mounted = await mountConsent({ mode: 'admin' });
    mounted.el.retryScheduler = held.scheduler;
    click(mounted.el, 'sign-in-button');
    await signInAs({ upn: UPN.ccaasAdmin });
    await waitForStatus(mounted.el, 'ready');
    return mounted;
  }

  it('stops after a few tries and says the directory is busy, with what to do', async () => {
    const held = heldScheduler();
    const throttled = () => new Response(JSON.stringify({ error: GRAPH_THROTTLED }), { status: 429, headers: { 'content-type': 'application/json' } });
    service = busyFor((url) => url.pathname === '/beta/admin/teams/resourceAccounts', throttled, 6);
    const { el } = await signedInAdmin(held);

    for (let i = 0; i < 5; i++) (await held.next()).release();
    await until(() => Boolean(part(el, 'resource-accounts')!.querySelector('[role=alert]')), 'the failure to show');
    expect(held.waits.map((w) => w.delayMs)).to.deep.equal([2000, 4000, 8000, 16000, 32000]);
    expect(part(el, 'resource-accounts')!.querySelector('[role=alert]')!.textContent).to.equal('The directory (Microsoft Graph) is busy right now. Wait a moment, then try again.');
    expect(service.seen).to.have.length(6);
    await expect(el).to.be.accessible();
  });

  it('stops waiting for Graph when the element is removed, and asks nothing more', async () => {
    const held = heldScheduler();
    service = busyFor((url) => url.pathname === '/beta/admin/teams/resourceAccounts', busyAnswer(429, '30', GRAPH_THROTTLED));
    const { el } = await signedInAdmin(held);
    const wait = await held.next();

    el.parentElement!.remove();
    expect(wait.signal.aborted, 'the wait ends with the element').to.equal(true);
    wait.release();
    // A request the element might still start would have been sent by the time a round trip of our own is back.
    await fetch(`${(await devTenant()).proxyUrl}/api/config`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(service.seen).to.deep.equal(['/beta/admin/teams/resourceAccounts']);
  });
});
