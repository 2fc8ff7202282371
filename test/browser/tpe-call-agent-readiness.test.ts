import { expect } from '@open-wc/testing';
import { part, until, waitForStatus } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { CALLER, eventsOf, farEnd, mountDesk, onlineDesk, provisionTenant, removeDesks, waitForAgent } from './support/calling.js';

/** What each card says about taking calls, in words a person reads. */
const cards = async (desk: { consent: HTMLElement & { updateComplete: Promise<boolean> }; agent: HTMLElement & { updateComplete: Promise<boolean> } }) => {
  await desk.consent.updateComplete;
  await desk.agent.updateComplete;
  return {
    consent: part(desk.consent, 'status')?.textContent?.trim(),
    phone: part(desk.agent, 'status')?.textContent?.trim(),
    phoneMessage: part(desk.agent, 'message')?.textContent?.trim(),
    goOnline: Boolean(part(desk.agent, 'online-button')),
  };
};

describe('<tpe-consent> and <tpe-call-agent> agree on readiness', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  it('offers Go online only while going online can succeed, and the consent card never claims the phone’s state', async () => {
    const desk = await mountDesk('avery');
    expect(await cards(desk)).to.deep.equal({ consent: 'Allowed to take calls.', phone: 'Offline', phoneMessage: 'Go online to take and place calls.', goOnline: true });

    await desk.agent.goOnline();
    await waitForAgent(desk.agent, 'ready');
    expect(await cards(desk)).to.deep.include({ consent: 'Allowed to take calls.', phone: 'Ready for calls', goOnline: false });

    await desk.consent.signOut();
    await waitForStatus(desk.consent, 'signed-out');
    await waitForAgent(desk.agent, 'offline');
    expect(await cards(desk)).to.deep.equal({
      consent: 'Sign in to take calls',
      phone: 'Offline',
      phoneMessage: 'Sign in with your work account first; then you can go online.',
      goOnline: false,
    });
    await expect(desk.agent).to.be.accessible();
  });
});

describe('<tpe-call-agent>: status', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  it('is already the new one when a page’s listener reads it on tpe-status-change', async () => {
    const { agent } = await mountDesk('avery');
    const seen: string[] = [];
    agent.addEventListener('tpe-status-change', (event) => seen.push(`${(event as CustomEvent<{ status: string }>).detail.status}=${agent.status}`));
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
    expect(seen).to.deep.equal(['connecting=connecting', 'ready=ready']);
  });
});

describe('<tpe-call-agent>: a missed call is shown and evented', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  it('says who called when the caller gives up before anyone answers, until the agent clears it', async () => {
    const { agent, events } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await farEnd.hangUp(call.callId);
    await until(() => eventsOf(events, 'tpe-missed-call').length === 1, 'the missed-call event');
    expect(eventsOf(events, 'tpe-missed-call')[0]).to.deep.include({ callId: call.callId, callerNumber: CALLER });
    await agent.updateComplete;
    expect(part(agent, 'missed-calls')?.textContent).to.match(/^\s*Missed call from \+1 206 555 0199 at /);

    part(agent, 'missed-calls')!.querySelector('button')!.click();
    await agent.updateComplete;
    expect(part(agent, 'missed-calls')).to.equal(null);
  });

  it('does not call a declined or answered call missed', async () => {
    const { agent, events } = await onlineDesk('avery');
    await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.decline();
    await until(() => !agent.ringing, 'the ringing to stop');
    const answered = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring again');
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    await farEnd.hangUp(answered.callId);
    await waitForAgent(agent, 'ready');
    expect(eventsOf(events, 'tpe-call-ended')).to.have.length(2);
    expect(eventsOf(events, 'tpe-missed-call')).to.deep.equal([]);
    expect(part(agent, 'missed-calls')).to.equal(null);
  });
});
