import { expect } from '@open-wc/testing';
import type { TpeCallAgent } from '../../src/elements/tpe-call-agent.js';
import { busyAnswer, busyFor, UPSTREAM_UNAVAILABLE, type BusyService } from './support/busy-service.js';
import { part } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { eventsOf, mountDesk, provisionTenant, removeDesks, setLifetimes, waitForAgent } from './support/calling.js';

const said = (agent: TpeCallAgent) => ({
  title: part(agent, 'status')!.textContent,
  message: part(agent, 'message')!.textContent,
  remedy: part(agent, 'remedy')!.textContent,
});

describe('<tpe-call-agent> when a service is busy', () => {
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

  it('says the service is busy, not "sign out", when the proxy is busy as the agent goes online, and goes online when asked again', async () => {
    const { agent, events } = await mountDesk('avery', { persona: 'teams' });
    service = busyFor((url) => url.pathname === '/api/token/teams-user', busyAnswer(503, '20', UPSTREAM_UNAVAILABLE));

    await agent.goOnline();
    expect(agent.status).to.equal('error');
    expect(said(agent)).to.deep.equal({ title: 'The service is busy', message: 'The service is busy right now.', remedy: 'Try again in 20 seconds.' });
    expect(eventsOf(events, 'tpe-error')).to.deep.equal([
      { code: 'service-busy', message: 'The service is busy right now.', remedy: 'Try again in 20 seconds.', source: 'proxy', retryAfterSeconds: 20 },
    ]);
    await expect(agent).to.be.accessible();

    part(agent, 'online-button')!.click();
    await waitForAgent(agent, 'ready');
  });

  it('says Azure Communication Services is busy when its exchange is throttled (429) as a contact-center agent goes online', async () => {
    const { agent } = await mountDesk('avery');
    service = busyFor((url) => url.pathname.endsWith('/access/teamsExtension/:exchangeAccessToken'), busyAnswer(429, '4', { code: 'TooManyRequests', message: 'Rate limit exceeded.' }));

    await agent.goOnline();
    expect(agent.status).to.equal('error');
    expect(said(agent)).to.deep.equal({ title: 'The service is busy', message: 'Azure Communication Services is busy right now.', remedy: 'Try again in 4 seconds.' });
  });

  it('says the service is busy, not "sign out", when the busy proxy could not renew the calling token before it ran out', async () => {
    await setLifetimes({ acsTokenSeconds: 4 });
    const { agent, events } = await mountDesk('avery', { persona: 'teams' });
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
    // From now on the proxy is busy for every renewal.
    service = busyFor((url) => url.pathname === '/api/token/teams-user', busyAnswer(503, '30', UPSTREAM_UNAVAILABLE), Infinity);

    await waitForAgent(agent, 'error', 20_000);
    expect(service.seen.length, 'the credential tried to renew').to.be.greaterThan(0);
    expect(said(agent)).to.deep.equal({ title: 'The service is busy', message: 'The service is busy right now.', remedy: 'Try again in 30 seconds.' });
    expect(eventsOf(events, 'tpe-error').at(-1)).to.deep.include({ code: 'service-busy' });
  }).timeout(30_000);
});
