import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import { grantAgent, linkResourceAccount, USER_ID } from './support/admin-api.js';
import { busyAnswer, busyFor, heldScheduler, type BusyService } from './support/busy-service.js';
import { click, mountConsent, part, recordEvents, statuses, SUPPORT_LINE, until, waitForStatus, type Recorded } from './support/consent.js';
import { devTenant, resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';

const KEYS_UNAVAILABLE = { code: 'keys_unavailable', message: "The tenant's signing keys could not be fetched, so no token can be checked; try again shortly." };
const RATE_LIMITED = { code: 'rate_limited', message: 'Too many requests for this user; try again in 3 s.' };
const UPSTREAM_UNAVAILABLE = { code: 'upstream_unavailable', message: 'Azure Communication Services is busy (503); try again later.' };

const text = (el: TpeConsent) => el.shadowRoot!.textContent!;
const errors = (events: Recorded[]) => events.filter((e) => e.type === 'tpe-error').map((e) => e.detail as { code: string; remedy: string });

/** A request the element might still start would have been sent by the time a round trip of our own is back. */
async function settled(): Promise<void> {
  const { proxyUrl } = await devTenant();
  await fetch(`${proxyUrl}/api/config`);
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

describe('<tpe-consent> when a service is busy', () => {
  let service: BusyService | undefined;
  let held: ReturnType<typeof heldScheduler>;

  beforeEach(async () => {
    await resetDevTenant();
    held = heldScheduler();
  });

  afterEach(() => {
    service?.restore();
    service = undefined;
    document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove());
  });

  async function signedInAgent(options: { persona?: 'ccaas' | 'teams'; upn?: string } = {}) {
    const mounted = await mountConsent({ persona: options.persona });
    mounted.el.retryScheduler = held.scheduler;
    click(mounted.el, 'sign-in-button');
    await signInAs({ upn: options.upn ?? UPN.agent });
    return mounted;
  }

  /** An assigned agent signed in while the proxy cannot check sign-ins, the element holding its wait. */
  async function agentWaitingOnBusyProxy(retryAfter: string) {
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    const busy = busyFor((url) => url.pathname === '/api/me/assignment', busyAnswer(503, retryAfter, KEYS_UNAVAILABLE));
    service = busy;
    const { el } = await signedInAgent();
    const wait = await held.next();
    await waitForStatus(el, 'busy');
    return { el, wait, busy };
  }

  it("says the service is busy when the proxy cannot check sign-ins (503 keys_unavailable), and gets ready by itself after its Retry-After", async () => {
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    service = busyFor((url) => url.pathname === '/api/me/assignment', busyAnswer(503, '7', KEYS_UNAVAILABLE));
    const { el, events } = await signedInAgent();

    const wait = await held.next();
    await waitForStatus(el, 'busy');
    expect(wait.delayMs, 'the wait the proxy asked for').to.equal(7000);
    expect(part(el, 'status')!.textContent).to.equal('The service is busy');
    expect(part(el, 'message')!.textContent).to.equal('The service is busy right now.');
    expect(part(el, 'remedy')!.textContent).to.equal('Trying again by itself in 7 seconds.');
    expect(text(el)).to.not.match(/sign (out|in) again|network/i);
    expect(part(el, 'sign-out-button'), 'no sign-out advice').to.equal(null);
    expect(events.find((e) => e.type === 'tpe-status-change' && (e.detail as { status: string }).status === 'busy')!.detail).to.deep.include({ reason: 'service-busy' });
    expect(errors(events), 'waiting is not an error').to.deep.equal([]);
    await expect(el).to.be.accessible();

    wait.release();
    await waitForStatus(el, 'ready');
    expect(part(el, 'account')!.textContent).to.contain('Avery Agent');
    expect(statuses(events)).to.deep.equal(['signing-in', 'busy', 'ready']);
    expect(service.seen, 'asked once, then once more after the wait').to.deep.equal(['/api/me/assignment', '/api/me/assignment']);
  });

  it('waits out a rate limit (429 rate_limited) on the Teams persona\'s exchange, then is ready', async () => {
    service = busyFor((url) => url.pathname === '/api/token/teams-user', busyAnswer(429, '3', RATE_LIMITED));
    const { el, events } = await signedInAgent({ persona: 'teams', upn: UPN.secondAgent });

    const wait = await held.next();
    await waitForStatus(el, 'busy');
    expect(wait.delayMs).to.equal(3000);
    expect(part(el, 'remedy')!.textContent).to.equal('Trying again by itself in 3 seconds.');
    expect(text(el)).to.not.match(/sign (out|in) again/i);

    wait.release();
    await waitForStatus(el, 'ready');
    expect(statuses(events)).to.deep.equal(['signing-in', 'busy', 'ready']);
  });

  it('waits out a rate-limited settings read when the page loads, then offers sign-in', async () => {
    const { proxyUrl } = await devTenant();
    service = busyFor((url) => url.pathname === '/api/config', busyAnswer(429, '2', { code: 'rate_limited', message: 'Too many requests; try again in 2 s.' }));
    const host = document.createElement('div');
    document.body.append(host);
    render(html`<tpe-consent proxy-url=${proxyUrl} redirect-uri=${new URL('/test/browser/redirect.html', location.origin).href} .retryScheduler=${held.scheduler}></tpe-consent>`, host);
    const el = host.querySelector('tpe-consent')!;
    const events = recordEvents(el);

    const wait = await held.next();
    await waitForStatus(el, 'busy');
    expect(wait.delayMs).to.equal(2000);
    expect(part(el, 'remedy')!.textContent).to.equal('Trying again by itself in 2 seconds.');
    await expect(el).to.be.accessible();

    wait.release();
    await until(() => Boolean(part(el, 'sign-in-button')), 'the sign-in button');
    expect(el.status).to.equal('signed-out');
    expect(statuses(events)).to.deep.equal(['busy', 'signed-out']);
  });

  it('tries a few times, doubling the wait when the service does not say, then leaves it to the person', async () => {
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    const noRetryAfter = () => new Response(JSON.stringify({ error: UPSTREAM_UNAVAILABLE }), { status: 503, headers: { 'content-type': 'application/json' } });
    service = busyFor((url) => url.pathname === '/api/me/assignment', noRetryAfter, 6);
    const { el, events } = await signedInAgent();

    for (let i = 0; i < 5; i++) (await held.next()).release();
    await waitForStatus(el, 'error');
    expect(held.waits.map((w) => w.delayMs)).to.deep.equal([2000, 4000, 8000, 16000, 32000]);
    expect(service.seen).to.have.length(6);
    expect(part(el, 'message')!.textContent).to.equal('The service is busy right now.');
    expect(part(el, 'remedy')!.textContent).to.equal('Wait a moment, then try again.');
    expect(errors(events).map((e) => e.code)).to.deep.equal(['service-busy']);
    await expect(el).to.be.accessible();

    click(el, 'retry-button');
    await waitForStatus(el, 'ready');
  });

  it('stops waiting when the element is removed, and asks nothing more', async () => {
    const { el, wait, busy } = await agentWaitingOnBusyProxy('30');

    el.parentElement!.remove();
    expect(wait.signal.aborted, 'the wait ends with the element').to.equal(true);
    // Even a clock that fires anyway starts nothing.
    wait.release();
    await settled();
    expect(busy.seen).to.deep.equal(['/api/me/assignment']);
  });

  it('stops waiting when the person signs out', async () => {
    const { el, wait, busy } = await agentWaitingOnBusyProxy('30');

    await el.signOut();
    expect(wait.signal.aborted).to.equal(true);
    wait.release();
    await settled();
    expect(el.status).to.equal('signed-out');
    expect(busy.seen).to.deep.equal(['/api/me/assignment']);
  });

  it('lets the person try again at once instead of waiting', async () => {
    const { el, wait } = await agentWaitingOnBusyProxy('90');
    expect(part(el, 'remedy')!.textContent).to.equal('Trying again by itself in 90 seconds.');

    click(el, 'retry-button');
    await waitForStatus(el, 'ready');
    expect(wait.signal.aborted, 'the wait it no longer needs is over').to.equal(true);
  });
});
