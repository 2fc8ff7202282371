import { expect } from '@open-wc/testing';
import { part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { AGENTS, agentIdentity, callStates, eventsOf, farEnd, mountDesk, onlineDesk, provisionTenant, removeDesks, SALES_LINE, SUPPORT_LINE, waitForAgent, type Observation } from './support/calling.js';

const CUSTOMER = '+12065550123';

function dialFromForm(agent: HTMLElement, number: string): void {
  const input = part(agent, 'number-input') as HTMLInputElement;
  input.value = number;
  (part(agent, 'dial-form') as HTMLFormElement).requestSubmit();
}

describe('<tpe-call-agent>: outgoing calls and transfers', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery', 'blake']);
  });

  afterEach(() => removeDesks());

  it('refuses a number that cannot be dialed before anything is sent, and says how to write it', async () => {
    const { agent, events } = await onlineDesk('avery');
    dialFromForm(agent, '555-CALL-ME');
    await until(() => Boolean(part(agent, 'notice')), 'the notice');
    expect(part(agent, 'notice')!.textContent).to.contain('is not a phone number').and.to.contain('+14255550123');
    expect(part(agent, 'number-input')!.getAttribute('aria-invalid')).to.equal('true');
    expect(eventsOf(events, 'tpe-error')).to.deep.equal([
      // `values` carry what was typed, so that a translated screen can say it in its own words.
      {
        code: 'invalid-number',
        message: '“555-CALL-ME” is not a phone number that can be dialed.',
        remedy: 'Enter the number in international form, for example +14255550123.',
        source: 'calling',
        values: { input: '555-CALL-ME' },
      },
    ]);
    await expect(agent).to.be.accessible();
    expect(agent.status).to.equal('ready');
    expect(await farEnd.all()).to.deep.equal([]);
  });

  it('calls a customer on behalf of the resource account; the far end answers, the agent hangs up', async () => {
    const { agent, events } = await onlineDesk('avery');
    dialFromForm(agent, '+1 (206) 555-0123');
    await waitForAgent(agent, 'in-call');
    let call: Observation | undefined;
    await until(() => call?.state === 'Ringing', 'the far end to ring', 5000, async () => (call = await farEnd.latest()));
    expect(call).to.deep.include({ direction: 'outbound', to: CUSTOMER, resourceAccountId: SUPPORT_LINE });
    expect(call!.agent?.oid).to.equal(AGENTS.avery.id);
    await until(() => part(agent, 'call-state')?.textContent === 'Ringing…', 'ringing to show');
    await expect(agent).to.be.accessible();

    await farEnd.answer(call!.callId);
    await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
    await until(() => /\d:\d\d/.test(part(agent, 'timer')?.textContent ?? ''), 'the timer');

    click(agent, 'hang-up-button');
    await waitForAgent(agent, 'ready');
    expect((await farEnd.observe(call!.callId)).state).to.equal('Disconnected');
    expect(callStates(events)).to.deep.equal(['Connecting', 'Ringing', 'Connected', 'Disconnecting', 'Disconnected']);
    expect(eventsOf(events, 'tpe-call-ended')).to.deep.equal([{ callId: call!.callId, code: 0, subCode: 0, reason: 'Call ended.' }]);
  });

  it('ends a call for everyone when asked to', async () => {
    const { agent } = await onlineDesk('avery');
    await agent.dial(CUSTOMER);
    let call: Observation | undefined;
    await until(() => call?.state === 'Ringing', 'the far end to ring', 5000, async () => (call = await farEnd.latest()));
    await farEnd.answer(call!.callId);
    await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
    await agent.hangUp({ forEveryone: true });
    await waitForAgent(agent, 'ready');
    expect((await farEnd.observe(call!.callId)).state).to.equal('Disconnected');
  });

  it('disables hold, mute and transfer during an emergency call', async () => {
    const { agent, events } = await onlineDesk('avery');
    await agent.dial('911');
    let call: Observation | undefined;
    await until(() => call?.state === 'Ringing', 'the emergency line to ring', 5000, async () => (call = await farEnd.latest()));
    expect(call!.isEmergencyCall).to.equal(true);
    await farEnd.answer(call!.callId);
    await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
    await until(() => Boolean(part(agent, 'emergency')), 'the emergency notice');
    for (const name of ['hold-button', 'mute-button', 'transfer-button']) expect((part(agent, name) as HTMLButtonElement).disabled, name).to.equal(true);
    expect((part(agent, 'hang-up-button') as HTMLButtonElement).disabled).to.equal(false);
    await expect(agent).to.be.accessible();
    // The service refuses it too, whatever a page calls.
    await agent.hold().catch(() => undefined);
    expect(eventsOf(events, 'tpe-error').at(-1)).to.deep.include({ code: 'not-during-emergency' });
    expect((await farEnd.observe(call!.callId)).onHold).to.equal(false);
    await agent.hangUp();
  });

  it('transfers a call to a phone number: the caller goes on to it and the agent is free', async () => {
    const { agent, events } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.accept();
    await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
    click(agent, 'transfer-button');
    await until(() => Boolean(part(agent, 'transfer-form')), 'the transfer form');
    await expect(agent).to.be.accessible();
    (part(agent, 'transfer-form')!.querySelector('input') as HTMLInputElement).value = '+14255550177';
    (part(agent, 'transfer-form') as HTMLFormElement).requestSubmit();
    await waitForAgent(agent, 'ready');
    expect(eventsOf(events, 'tpe-call-ended').at(-1)).to.deep.include({ callId: call.callId, subCode: 7015, reason: 'Transferred.' });
    expect((await farEnd.observe(call.callId)).transfer).to.deep.include({ target: '+14255550177', state: 'Transferred' });
  });

  it('transfers a call to another agent, whose phone rings with who transferred it', async () => {
    const avery = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => avery.agent.ringing, 'the phone to ring');
    await avery.agent.accept();
    await until(() => part(avery.agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
    const blake = await onlineDesk('blake');
    await avery.agent.transfer(await agentIdentity('blake'));
    await waitForAgent(avery.agent, 'ready');
    await until(() => blake.agent.ringing, 'the other agent to ring');
    expect(part(blake.agent, 'incoming')!.textContent).to.contain('transferred by');
    await blake.agent.accept();
    await waitForAgent(blake.agent, 'in-call');
    expect((await farEnd.observe(call.callId)).agent?.oid).to.equal(AGENTS.blake.id);
  });

  it('says so when the resource account it calls for is not linked (46401)', async () => {
    const { agent, events } = await onlineDesk('avery');
    await agent.dial(CUSTOMER, { resourceAccountId: SALES_LINE });
    await until(() => eventsOf(events, 'tpe-call-ended').length === 1, 'the call to be refused');
    expect(eventsOf(events, 'tpe-call-ended')[0]).to.deep.include({ code: 403, subCode: 46401 });
    expect(part(agent, 'notice')!.textContent).to.contain('Calls cannot be placed for this resource account');
    expect(await farEnd.all()).to.deep.equal([]);
  });

  it('refuses outgoing calls from the Teams persona (10057) and says which sign-in is needed', async () => {
    const { agent, events } = await mountDesk('avery', { persona: 'teams' });
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
    await agent.dial(CUSTOMER);
    await until(() => eventsOf(events, 'tpe-call-ended').length === 1, 'the call to be refused');
    expect(eventsOf(events, 'tpe-call-ended')[0]).to.deep.include({ code: 408, subCode: 10057 });
    expect(part(agent, 'notice')!.textContent).to.contain('Teams persona');
    expect(eventsOf(events, 'tpe-error').at(-1)).to.deep.include({ code: 'wrong-persona' });
  });
});

function click(el: HTMLElement, name: string): void {
  (part(el, name) as HTMLElement).click();
}
