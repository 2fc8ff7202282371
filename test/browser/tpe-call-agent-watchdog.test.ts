import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { busyAnswer, busyFor, heldScheduler, UPSTREAM_UNAVAILABLE, type BusyService } from './support/busy-service.js';
import { part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { settle } from './support/manual-clock.js';
import { eventsOf, farEnd, mountDesk, onlineDesk, provisionTenant, registeredAgents, removeDesks, setLifetimes, statuses, waitForAgent } from './support/calling.js';

const isExchange = (url: URL) => url.pathname.endsWith('/access/teamsExtension/:exchangeAccessToken');

/** Takes the page's network away for `ms` (real `offline`/`online` events, failing requests), running `meanwhile` once it is gone. */
async function offlineFor(ms: number, meanwhile: () => void = () => undefined): Promise<void> {
  addEventListener('offline', meanwhile, { once: true });
  try {
    await executeServerCommand('page-offline', { ms });
  } finally {
    removeEventListener('offline', meanwhile);
  }
}

describe('<tpe-call-agent> keeps itself online without a person', () => {
  let service: BusyService | undefined;

  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => {
    service?.restore();
    service = undefined;
    removeDesks();
  });

  it('gets a fresh token and registers again when its token ran out while renewals were refused, without signing out', async () => {
    await setLifetimes({ acsTokenSeconds: 4 });
    const { consent, agent, events } = await onlineDesk('avery');
    const [first] = await registeredAgents();
    // Every renewal is throttled until the token is gone and the service says so.
    service = busyFor(isExchange, busyAnswer(429, '2', { code: 'TooManyRequests', message: 'Rate limit exceeded.' }), Infinity);
    await waitForAgent(agent, 'error', 20_000);
    expect(part(agent, 'retry')?.textContent, 'says it will try again by itself').to.match(/^Trying again by itself at /);
    service.restore();

    await waitForAgent(agent, 'ready', 20_000);
    expect(consent.status, 'the agent was not signed out').to.equal('ready');
    expect(statuses(events).slice(-3)).to.deep.equal(['error', 'reconnecting', 'ready']);
    let now: Awaited<ReturnType<typeof registeredAgents>> = [];
    await until(() => now.some((a) => a.online && a.agentId !== first!.agentId), 'a new registration with an open stream', 5000, async () => (now = await registeredAgents()));
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring on the new registration');
    expect((await farEnd.observe(call.callId)).ringing).to.have.length(1);
  }).timeout(60_000);

  it('registers again with a fresh token when the service refuses the one it let lapse while the network was down', async () => {
    await setLifetimes({ acsTokenSeconds: 3 });
    const { consent, agent, events } = await onlineDesk('avery');
    // Longer than the token's life: no renewal can reach anyone, so the service's copy runs out.
    await offlineFor(5000);
    await waitForAgent(agent, 'ready', 20_000);
    expect(consent.status).to.equal('ready');
    expect(eventsOf(events, 'tpe-error').map((e) => (e as { code: string }).code)).to.not.include('signed-out');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring after the network came back');
    expect((await farEnd.observe(call.callId)).ringing).to.have.length(1);
  }).timeout(60_000);

  it('says the computer is offline when going online without a network, and goes online by itself when it is back', async () => {
    const { agent, events } = await mountDesk('avery');
    let seenOffline = '';
    await offlineFor(3000, () => {
      void agent.goOnline();
      // Once the attempt has failed, before the network is back.
      void until(() => agent.status === 'error', 'the attempt to fail', 2500).then(async () => {
        await agent.updateComplete;
        seenOffline = part(agent, 'retry')?.textContent ?? '';
      }, () => undefined);
    });
    await waitForAgent(agent, 'ready', 20_000);
    expect(seenOffline).to.match(/^This computer is offline\. Calls resume when the network is back\. Trying again by itself at /);
    expect(eventsOf(events, 'tpe-error').map((e) => (e as { code: string }).code)).to.include('network');
  }).timeout(40_000);

  it('stops trying by itself once the agent goes offline', async () => {
    const { agent } = await mountDesk('avery', { persona: 'teams' });
    const held = heldScheduler();
    agent.retryScheduler = held.scheduler;
    service = busyFor((url) => url.pathname === '/api/token/teams-user', busyAnswer(503, '2', UPSTREAM_UNAVAILABLE), Infinity);
    await agent.goOnline();
    expect(agent.status).to.equal('error');
    expect(part(agent, 'retry'), 'says it will try again').to.not.equal(null);
    expect(agent.nextAttemptAt, 'an attempt pending').to.be.a('number');
    const [wait] = held.waits;
    expect(wait?.delayMs, 'as long as the service asked').to.equal(2000);
    await agent.goOffline();
    expect(agent.nextAttemptAt, 'no attempt pending').to.equal(undefined);
    expect(wait!.signal.aborted, 'the wait called off').to.equal(true);
    const tried = service.seen.length;
    // A page's clock that ends the wait all the same (it missed the abort) starts nothing either.
    wait!.release();
    await settle();
    expect(service.seen.length, 'no attempt after going offline').to.equal(tried);
    expect(agent.status).to.equal('offline');
    expect(held.waits, 'no further wait').to.have.length(1);
  });
});
