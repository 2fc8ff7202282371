import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { assertNoTokenLeaks, captureConsole, click, part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import {
  AGENTS,
  CALLER,
  callStates,
  eventsOf,
  farEnd,
  onlineDesk,
  provisionTenant,
  removeDesks,
  statuses,
  SUPPORT_LINE,
  waitForAgent,
} from './support/calling.js';

describe('<tpe-call-agent>: incoming calls', () => {
  let consoleCapture: ReturnType<typeof captureConsole>;

  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery', 'blake']);
    consoleCapture = captureConsole();
  });

  afterEach(() => {
    consoleCapture.restore();
    removeDesks();
  });

  it('rings, answers, mutes, holds, sends tones and ends when the caller hangs up; the far end sees each', async () => {
    let observedDtmf = '';
    const { agent, events } = await onlineDesk('avery');
    expect(statuses(events)).to.deep.equal(['connecting', 'ready']);
    await expect(agent).to.be.accessible();

    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    expect(call.ringing).to.deep.equal([AGENTS.avery.id]);
    expect(eventsOf(events, 'tpe-incoming-call')).to.deep.equal([{ callId: call.callId, callerNumber: CALLER, resourceAccountId: SUPPORT_LINE, ring: { tone: true, notification: false, title: !document.hasFocus() } }]);
    expect(agent.getAttribute('ringing')).to.equal('');
    // The number is grouped for reading; its E.164 stays on the element for machines.
    expect(part(agent, 'incoming')!.textContent).to.contain('+1 206 555 0199').and.to.contain('Contoso Support Line');
    expect(part(agent, 'caller-number')!.dataset.e164).to.equal(CALLER);
    expect(part(agent, 'incoming')!.getAttribute('role')).to.equal('alert');
    await expect(agent).to.be.accessible();

    click(agent, 'accept-button');
    await waitForAgent(agent, 'in-call');
    await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
    expect(agent.ringing).to.equal(false);
    expect((await farEnd.observe(call.callId)).state).to.equal('Connected');
    expect((await farEnd.observe(call.callId)).agent?.oid).to.equal(AGENTS.avery.id);
    await expect(agent).to.be.accessible();

    click(agent, 'mute-button');
    await until(() => part(agent, 'mute-button')!.getAttribute('aria-pressed') === 'true', 'mute to show');
    expect((await farEnd.observe(call.callId)).agentMuted).to.equal(true);
    await agent.unmute();
    expect((await farEnd.observe(call.callId)).agentMuted).to.equal(false);

    click(agent, 'hold-button');
    await until(() => part(agent, 'call-state')?.textContent === 'On hold', 'hold to show');
    expect((await farEnd.observe(call.callId)).onHold).to.equal(true);
    await expect(agent).to.be.accessible();
    click(agent, 'hold-button');
    await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to resume');
    expect((await farEnd.observe(call.callId)).onHold).to.equal(false);

    click(agent, 'keypad-button');
    await until(() => Boolean(part(agent, 'keypad')), 'the keypad');
    await expect(agent).to.be.accessible();
    for (const label of ['1', '2', '#']) [...part(agent, 'keypad')!.querySelectorAll('button')].find((b) => b.textContent === label)!.click();
    await agent.sendDtmf('Num9');
    await until(() => observedDtmf === '12#9', 'the far end to hear 12#9', 5000, async () => (observedDtmf = (await farEnd.observe(call.callId)).dtmf)).catch(() => undefined);
    expect(observedDtmf).to.equal('12#9');

    await farEnd.hangUp(call.callId);
    await waitForAgent(agent, 'ready');
    expect(eventsOf(events, 'tpe-call-ended')).to.deep.equal([{ callId: call.callId, code: 0, subCode: 0, reason: 'Call ended.' }]);
    expect(callStates(events)).to.deep.equal(['Connected', 'LocalHold', 'Connected', 'Disconnected']);
    expect(part(agent, 'last-call')!.textContent).to.contain('Call ended.');
    await expect(agent).to.be.accessible();
    assertNoTokenLeaks(agent, events, consoleCapture.lines);
  });

  it('declines: the caller hears the decline and the agent stays ready', async () => {
    const { agent, events } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    click(agent, 'decline-button');
    await until(() => eventsOf(events, 'tpe-call-ended').length === 1, 'the call to end');
    expect(eventsOf(events, 'tpe-call-ended')[0]).to.deep.include({ callId: call.callId, code: 603, reason: 'Declined.' });
    expect((await farEnd.observe(call.callId)).state).to.equal('Disconnected');
    expect((await farEnd.observe(call.callId)).endReason?.code).to.equal(603);
    expect(agent.status).to.equal('ready');
    expect(agent.ringing).to.equal(false);
  });

  it('stops ringing when the caller gives up', async () => {
    const { agent, events } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await farEnd.hangUp(call.callId);
    await until(() => !agent.ringing, 'the ringing to stop');
    expect(part(agent, 'incoming')).to.equal(null);
    expect(eventsOf(events, 'tpe-call-ended')[0]).to.deep.include({ code: 487, reason: 'The caller hung up before the call was answered.' });
  });

  it('rings every online assigned agent; the first to answer takes it and the other is told', async () => {
    const avery = await onlineDesk('avery');
    const blake = await onlineDesk('blake');
    const call = await farEnd.call();
    expect([...call.ringing].sort()).to.deep.equal([AGENTS.avery.id, AGENTS.blake.id].sort());
    await until(() => avery.agent.ringing && blake.agent.ringing, 'both phones to ring');
    await blake.agent.accept();
    await waitForAgent(blake.agent, 'in-call');
    await until(() => !avery.agent.ringing, 'the other phone to stop');
    expect(eventsOf(avery.events, 'tpe-call-ended')[0]).to.deep.include({ callId: call.callId, subCode: 10003, reason: 'Answered by another agent.' });
    expect((await farEnd.observe(call.callId)).agent?.oid).to.equal(AGENTS.blake.id);
    expect(avery.agent.status).to.equal('ready');
  });

  it('lets the page take the call over by cancelling tpe-incoming-call, then answer it itself', async () => {
    const { agent } = await onlineDesk('avery');
    const screenPops: string[] = [];
    agent.addEventListener('tpe-incoming-call', (event) => {
      event.preventDefault();
      screenPops.push(event.detail.callerNumber ?? '');
    });
    const call = await farEnd.call();
    await until(() => screenPops.length === 1, 'the page to hear the call');
    expect(screenPops).to.deep.equal([CALLER]);
    expect(part(agent, 'incoming')).to.equal(null);
    expect(agent.ringing).to.equal(false);
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    expect((await farEnd.observe(call.callId)).state).to.equal('Connected');
  });

  it('answers with Alt+Shift+A and hangs up with Alt+Shift+H, and says so to screen readers', async () => {
    const { agent } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    expect(part(agent, 'accept-button')!.getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+A');
    expect(agent.shadowRoot!.getElementById('shortcuts')!.textContent).to.contain('Alt+Shift+A');
    await sendKeys({ press: 'Alt+Shift+KeyA' });
    await waitForAgent(agent, 'in-call');
    expect(part(agent, 'hang-up-button')!.getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+H');
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    await waitForAgent(agent, 'ready');
    expect((await farEnd.observe(call.callId)).state).to.equal('Disconnected');
  });

  it('plays the far end as an audible test tone while connected', async () => {
    const { agent } = await onlineDesk('avery');
    await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    let stream: MediaStream | undefined;
    await until(() => Boolean(stream), 'the far end audio', 5000, async () => (stream = await agent.remoteAudioStream()));
    expect(await peakLevel(stream!)).to.be.greaterThan(0.005);
  });
});

/** How loud a stream is, measured the way a level meter on the page would. */
async function peakLevel(stream: MediaStream): Promise<number> {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let peak = 0;
  for (let i = 0; i < 40 && peak === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    analyser.getFloatTimeDomainData(samples);
    peak = Math.max(...samples.map(Math.abs));
  }
  await context.close();
  return peak;
}
