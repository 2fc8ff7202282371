import { expect } from '@open-wc/testing';
import { grantAgent, unassign } from './support/admin-api.js';
import { part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { AGENTS, eventsOf, farEnd, onlineDesk, provisionTenant, registeredAgents, removeDesks, statuses, waitForAgent } from './support/calling.js';

describe('<tpe-call-agent>: access taken away', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  it('goes offline with the reason when an admin removes the agent, and goes online again only once granted', async () => {
    const { agent, events } = await onlineDesk('avery');

    await unassign(AGENTS.avery.id);
    await waitForAgent(agent, 'error');
    expect(eventsOf(events, 'tpe-error').at(-1)).to.deep.include({ code: 'no-assignment' });
    expect(part(agent, 'message')!.textContent).to.contain('access to take calls');
    expect(part(agent, 'remedy')!.textContent).to.contain('grant you agent access');
    await expect(agent).to.be.accessible();
    // The calling service cut the phone off at once: no endpoint of the agent is online, so a caller rings nobody.
    let online = -1;
    await until(() => online === 0, 'the agent to be offline on the calling service', 5000, async () => (online = (await registeredAgents()).filter((a) => a.online).length));
    const unanswered = await farEnd.call();
    expect((await farEnd.observe(unanswered.callId)).ringing).to.deep.equal([]);

    await agent.goOnline();
    expect(agent.status, 'no way back without a grant').to.equal('error');
    expect(eventsOf(events, 'tpe-error').at(-1)).to.deep.include({ code: 'no-assignment' });

    await grantAgent(AGENTS.avery.id);
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
    expect(statuses(events).slice(0, 2)).to.deep.equal(['connecting', 'ready']);
    await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring again');
  });
});
