import { expect } from '@open-wc/testing';
import type { ConsentController } from '../../src/consent/consent-controller.js';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import type { TpeErrorDetail } from '../../src/tpe-error.js';
import { grantAgent, linkResourceAccount, USER_ID } from './support/admin-api.js';
import { heldScheduler } from './support/busy-service.js';
import { click, mountConsent, part, statuses, SUPPORT_LINE, until, waitForStatus } from './support/consent.js';
import { resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';
import { watchFetch, type WatchedFetch, type WatchedRequest } from './support/watched-fetch.js';

const ASSIGNMENT = '/api/me/assignment';
const EXCHANGE = '/access/teamsExtension/:exchangeAccessToken';
const isCheck = (url: URL) => url.pathname === ASSIGNMENT || url.pathname === EXCHANGE;

/** The detail behind what the element shows, `source` included (the page sees it in tpe-error for errors only). */
const failureOf = (el: TpeConsent): TpeErrorDetail | undefined => (el as unknown as { consent: ConsentController }).consent.failure;

const NOT_ASSIGNED: TpeErrorDetail = {
  code: 'no-assignment',
  message: 'Your account has not been given access to take calls here yet.',
  remedy: 'Ask your CCaaS administrator to grant you agent access.',
  source: 'proxy',
};

describe('<tpe-consent mode="agent" persona="ccaas"> checking an agent', () => {
  let checks: WatchedFetch | undefined;

  beforeEach(async () => {
    await resetDevTenant();
  });

  afterEach(() => {
    checks?.restore();
    checks = undefined;
    document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove());
  });

  /** Signs `upn` in while the assignment check and the exchange are held; resolves once both were asked. */
  async function signInWithBothHeld(upn: string, hold: (url: URL) => boolean = isCheck) {
    checks = watchFetch(isCheck, { hold });
    const mounted = await mountConsent();
    click(mounted.el, 'sign-in-button');
    await signInAs({ upn });
    // Before, the exchange waited for the assignment's answer: with that answer held it never started.
    await until(() => checks!.to(ASSIGNMENT).length === 1 && checks!.to(EXCHANGE).length === 1, 'the assignment check and the exchange, both asked');
    const [assignment] = checks.to(ASSIGNMENT) as [WatchedRequest];
    const [exchange] = checks.to(EXCHANGE) as [WatchedRequest];
    return { ...mounted, assignment, exchange };
  }

  it('asks for the assignment and the exchange together, and is ready once both say yes', async () => {
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    const { el, events, assignment, exchange } = await signInWithBothHeld(UPN.agent);
    expect([assignment.held, exchange.held], 'both on their way, neither answered').to.deep.equal([true, true]);

    await Promise.all([assignment.release(), exchange.release()]);
    await waitForStatus(el, 'ready');
    expect([assignment.status, exchange.status]).to.deep.equal([200, 200]);
    expect(statuses(events)).to.deep.equal(['signing-in', 'ready']);
    expect(failureOf(el)).to.equal(undefined);
  });

  it("says the agent is not assigned, in the proxy's words, even when the exchange's refusal came first", async () => {
    await linkResourceAccount(SUPPORT_LINE);
    const { el, events, assignment, exchange } = await signInWithBothHeld(UPN.agent);

    await exchange.release();
    expect(exchange.status, 'ACS refused the exchange').to.equal(403);
    await assignment.release();
    await waitForStatus(el, 'needs-assignment');
    expect(failureOf(el)).to.deep.equal(NOT_ASSIGNED);
    expect(part(el, 'remedy')!.textContent).to.equal(NOT_ASSIGNED.remedy);
    expect(statuses(events)).to.deep.equal(['signing-in', 'needs-assignment']);
    expect(events.find((e) => e.type === 'tpe-status-change' && (e.detail as { status: string }).status === 'needs-assignment')!.detail).to.deep.equal({
      status: 'needs-assignment',
      previous: 'signing-in',
      reason: 'no-assignment',
    });
    expect(events.filter((e) => e.type === 'tpe-error'), 'not an error').to.deep.equal([]);
  });

  it('says so without waiting for the exchange once the proxy says not assigned, and drops the exchange', async () => {
    await linkResourceAccount(SUPPORT_LINE);
    const { el, exchange } = await signInWithBothHeld(UPN.agent, (url) => url.pathname === EXCHANGE);

    await waitForStatus(el, 'needs-assignment');
    expect(exchange.held).to.equal(true);
    expect(exchange.signal!.aborted, 'the exchange is no longer wanted').to.equal(true);
    expect(failureOf(el)).to.deep.equal(NOT_ASSIGNED);
  });

  it('says not assigned while ACS is busy: the assignment explains it, and waiting would not help', async () => {
    await linkResourceAccount(SUPPORT_LINE);
    checks = watchFetch(isCheck, {
      answer: (url) => (url.pathname === EXCHANGE ? new Response(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Rate limit exceeded.' } }), { status: 429, headers: { 'retry-after': '5' } }) : undefined),
    });
    const { el, events } = await mountConsent();
    el.retryScheduler = heldScheduler().scheduler;
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'needs-assignment');
    expect(failureOf(el)).to.deep.equal(NOT_ASSIGNED);
    expect(statuses(events), 'never busy').to.deep.equal(['signing-in', 'needs-assignment']);
  });

  it('waits out a busy exchange for an assigned agent, then is ready', async () => {
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    let busy = 1;
    checks = watchFetch(isCheck, {
      answer: (url) =>
        url.pathname === EXCHANGE && busy-- > 0 ? new Response(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Rate limit exceeded.' } }), { status: 429, headers: { 'retry-after': '5' } }) : undefined,
    });
    const held = heldScheduler();
    const { el, events } = await mountConsent();
    el.retryScheduler = held.scheduler;
    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    const wait = await held.next();
    await waitForStatus(el, 'busy');
    expect(wait.delayMs).to.equal(5000);
    expect(failureOf(el)).to.deep.include({ code: 'service-busy', source: 'acs' });

    wait.release();
    await waitForStatus(el, 'ready');
    expect(statuses(events)).to.deep.equal(['signing-in', 'busy', 'ready']);
    expect(checks.to(EXCHANGE).map((r) => r.status)).to.deep.equal([429, 200]);
  });

  it("tells an assigned agent without a Teams licence so, as ACS's refusal said before", async () => {
    await grantAgent(USER_ID.unlicensed);
    await linkResourceAccount(SUPPORT_LINE);
    const { el, events, assignment, exchange } = await signInWithBothHeld('uma.unlicensed@contoso.dev');

    await Promise.all([exchange.release(), assignment.release()]);
    await waitForStatus(el, 'error');
    expect(part(el, 'message')!.textContent).to.contain('no Microsoft Teams licence');
    const errors = events.filter((e) => e.type === 'tpe-error').map((e) => e.detail);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.deep.include({ code: 'no-teams-license', source: 'acs' });
    expect(statuses(events)).to.deep.equal(['signing-in', 'error']);
  });

  it('drops both when the element is removed while they are on their way', async () => {
    await grantAgent(USER_ID.agent);
    await linkResourceAccount(SUPPORT_LINE);
    const { el, assignment, exchange } = await signInWithBothHeld(UPN.agent);

    el.parentElement!.remove();
    expect([assignment.signal!.aborted, exchange.signal!.aborted]).to.deep.equal([true, true]);
  });
});
