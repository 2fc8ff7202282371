import { expect } from '@open-wc/testing';
import { resetMouse, sendMouse, setViewport } from '@web/test-runner-commands';
import type { TpeCallAgent } from '../../src/elements/tpe-call-agent.js';
import { CALLER, farEnd, onlineDesk, provisionTenant, removeDesks, SALES_LINE, SUPPORT_LINE, waitForAgent, type Observation } from './support/calling.js';
import { click, part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';

const CUSTOMER = '+12065550123';
/** Someone the caller conferences in. */
const COLLEAGUE = '+12065550142';
const SUPPORT = 'on Contoso Support Line (+1 425 555 0100)';

function text(agent: TpeCallAgent, name: string): string | undefined {
  return part(agent, name)?.textContent?.replace(/\s+/g, ' ').trim();
}

async function ringAndAnswer(agent: TpeCallAgent, displayName?: string): Promise<Observation> {
  const call = await farEnd.call(undefined, CALLER, displayName);
  await until(() => agent.ringing, 'the phone to ring');
  click(agent, 'accept-button');
  await until(() => text(agent, 'call-state') === 'Connected', 'the call to connect');
  return call;
}

async function placeCall(agent: TpeCallAgent): Promise<Observation> {
  (part(agent, 'number-input') as HTMLInputElement).value = CUSTOMER;
  (part(agent, 'dial-form') as HTMLFormElement).requestSubmit();
  let call: Observation | undefined;
  await until(() => call?.state === 'Ringing', 'the far end to ring', 5000, async () => (call = await farEnd.latest()));
  return call!;
}

/** The button's box on screen, where the agent would see and click it. */
function box(el: Element): DOMRect {
  return el.getBoundingClientRect();
}

function center(el: Element): [number, number] {
  const { x, y, width, height } = box(el);
  return [Math.round(x + width / 2), Math.round(y + height / 2)];
}

describe('<tpe-call-agent>: the ringing and in-call cards read at a glance', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(async () => {
    removeDesks();
    await resetMouse();
  });

  it('names the caller apart from the number, grouped for reading, and the line the call came in on, ringing and in the call', async () => {
    const { agent, events } = await onlineDesk('avery');
    await farEnd.call(undefined, CALLER, 'Dana Whitfield');
    await until(() => agent.ringing, 'the phone to ring');
    const incoming = part(agent, 'incoming')!;
    expect(text(agent, 'caller')).to.equal('Dana Whitfield');
    expect(incoming.querySelector('[part~="caller-number"]')!.textContent).to.equal('+1 206 555 0199');
    expect((incoming.querySelector('[part~="caller-number"]') as HTMLElement).dataset.e164).to.equal(CALLER);
    expect(incoming.querySelector('[part~="line"]')!.textContent).to.equal(SUPPORT);
    expect(agent.shadowRoot!.querySelector('[part~="base"] > .visually-hidden')!.textContent).to.equal('Incoming call from Dana Whitfield, +1 206 555 0199.');
    // Machines still get the E.164.
    expect(events.find((e) => e.type === 'tpe-incoming-call')!.detail).to.deep.include({ callerNumber: CALLER, callerName: 'Dana Whitfield' });
    await expect(agent).to.be.accessible();

    click(agent, 'accept-button');
    await until(() => text(agent, 'call-state') === 'Connected', 'the call to connect');
    const card = part(agent, 'call')!;
    expect(card.querySelector('[part~="caller"]')!.textContent).to.equal('Dana Whitfield');
    expect(card.querySelector('[part~="caller-number"]')!.textContent).to.equal('+1 206 555 0199');
    expect(card.querySelector('[part~="caller-number"]')!.getAttribute('title')).to.equal(CALLER);
    expect(card.querySelector('[part~="line"]')!.textContent).to.equal(SUPPORT);
    await expect(agent).to.be.accessible();
    await agent.hangUp();
  });

  it('shows only the number, once, for a caller without a name', async () => {
    const { agent } = await onlineDesk('avery');
    await ringAndAnswer(agent);
    const card = part(agent, 'call')!;
    expect(card.querySelectorAll('[part~="caller-number"]')).to.have.length(1);
    expect(text(agent, 'caller')).to.equal('+1 206 555 0199');
    expect((card.querySelector('[part~="caller-number"]') as HTMLElement).dataset.e164).to.equal(CALLER);
    await agent.hangUp();
  });

  it('names the line a placed call is made as, and whom it calls', async () => {
    const { agent } = await onlineDesk('avery');
    const call = await placeCall(agent);
    expect(call.resourceAccountId).to.equal(SUPPORT_LINE);
    expect(text(agent, 'caller')).to.equal('+1 206 555 0123');
    expect(text(agent, 'line')).to.equal(SUPPORT);
    await farEnd.answer(call.callId);
    await until(() => text(agent, 'call-state') === 'Connected', 'the call to connect');
    expect(text(agent, 'line')).to.equal(SUPPORT);
    await agent.hangUp();
  });

  it('lists the tones sent in this call, and forgets them with the call', async () => {
    const { agent } = await onlineDesk('avery');
    const first = await ringAndAnswer(agent);
    expect(part(agent, 'tones')).to.equal(null);
    click(agent, 'keypad-button');
    await until(() => Boolean(part(agent, 'keypad')), 'the keypad');
    for (const label of ['1', '2', '#']) [...part(agent, 'keypad')!.querySelectorAll('button')].find((b) => b.textContent === label)!.click();
    await until(() => text(agent, 'tones') === 'Tones sent: 1 2 #', 'the tones to show');
    expect((await farEnd.observe(first.callId)).dtmf).to.equal('12#');
    await expect(agent).to.be.accessible();
    await farEnd.hangUp(first.callId);
    await waitForAgent(agent, 'ready');

    await ringAndAnswer(agent);
    expect(part(agent, 'tones')).to.equal(null);
    await agent.hangUp();
  });

  it('offers End for everyone only when it differs from hanging up: once someone else joined, and it ends the call for them too', async () => {
    const { agent } = await onlineDesk('avery');
    const call = await ringAndAnswer(agent);
    expect(part(agent, 'hang-up-button')).to.not.equal(null);
    expect(part(agent, 'end-for-everyone-button'), 'two parties: hanging up ends it anyway').to.equal(null);

    await farEnd.join(call.callId, COLLEAGUE);
    await until(() => Boolean(part(agent, 'end-for-everyone-button')), 'End for everyone once a third party joined');
    await expect(agent).to.be.accessible();
    click(agent, 'end-for-everyone-button');
    await waitForAgent(agent, 'ready');
    expect((await farEnd.observe(call.callId)).state, 'ended for the caller and the colleague too').to.equal('Disconnected');
  });

  it('leaves a call that others joined going on without the agent when the agent only hangs up', async () => {
    const { agent } = await onlineDesk('avery');
    const call = await ringAndAnswer(agent);
    await farEnd.join(call.callId, COLLEAGUE);
    await until(() => Boolean(part(agent, 'end-for-everyone-button')), 'End for everyone');
    click(agent, 'hang-up-button');
    await waitForAgent(agent, 'ready');
    expect((await farEnd.observe(call.callId)).state, 'the caller and the colleague still talk').to.equal('Connected');
    await farEnd.hangUp(call.callId);
  });

  describe('on a 360 px wide screen', () => {
    beforeEach(() => setViewport({ width: 360, height: 640 }));
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('shows Answer without scrolling, and wraps the in-call buttons inside the card', async () => {
      const { agent } = await onlineDesk('avery');
      // The agent's phone is on screen, as it is on a desk; a call then rings into it.
      agent.scrollIntoView({ block: 'start' });
      const scrolled = window.scrollY;
      await farEnd.call(undefined, CALLER, 'Dana Whitfield');
      await until(() => agent.ringing, 'the phone to ring');
      await agent.updateComplete;
      expect(window.scrollY).to.equal(scrolled);
      const answer = box(part(agent, 'accept-button')!);
      expect(answer.top, 'Answer below the top').to.be.at.least(0);
      expect(answer.bottom, 'Answer above the bottom').to.be.at.most(window.innerHeight);
      expect(answer.right, 'Answer inside the width').to.be.at.most(window.innerWidth);

      click(agent, 'accept-button');
      await until(() => text(agent, 'call-state') === 'Connected', 'the call to connect');
      const controls = part(agent, 'controls')!;
      const card = box(part(agent, 'call')!);
      const buttons = [...controls.querySelectorAll('button')];
      for (const button of buttons) expect(box(button).right, button.textContent!).to.be.at.most(Math.min(card.right, window.innerWidth));
      expect(controls.scrollWidth).to.be.at.most(controls.clientWidth);
      expect(new Set(buttons.map((b) => Math.round(box(b).top))).size, 'the buttons wrap onto more than one row').to.be.greaterThan(1);
      expect(document.documentElement.scrollWidth, 'nothing scrolls sideways').to.be.at.most(window.innerWidth);
      await agent.hangUp();
    });
  });

  it('shows a disabled button as disabled: faded, a not-allowed pointer, and no hover look', async () => {
    const { agent } = await onlineDesk('avery');
    await placeCall(agent);
    await until(() => text(agent, 'call-state') === 'Ringing…', 'ringing to show');
    const hold = part(agent, 'hold-button') as HTMLButtonElement;
    const hangUp = part(agent, 'hang-up-button') as HTMLButtonElement;
    expect(hold.disabled).to.equal(true);
    expect(Number(getComputedStyle(hold).opacity)).to.be.lessThan(0.6);
    expect(getComputedStyle(hold).cursor).to.equal('not-allowed');
    expect(Number(getComputedStyle(hangUp).opacity)).to.equal(1);
    expect(getComputedStyle(hangUp).cursor).to.equal('pointer');

    await sendMouse({ type: 'move', position: center(hangUp) });
    expect(getComputedStyle(hangUp).boxShadow, 'an enabled button answers the pointer').to.not.equal('none');
    await sendMouse({ type: 'move', position: center(hold) });
    expect(getComputedStyle(hold).boxShadow, 'a disabled one does not').to.equal('none');
    await agent.hangUp();
  });

  describe('a problem shows next to the control it concerns', () => {
    it('a refused in-call action: inside the call card, under its controls', async () => {
      const { agent } = await onlineDesk('avery');
      await ringAndAnswer(agent);
      click(agent, 'transfer-button');
      await until(() => Boolean(part(agent, 'transfer-form')), 'the transfer form');
      (part(agent, 'transfer-form')!.querySelector('input') as HTMLInputElement).value = 'the front desk';
      (part(agent, 'transfer-form') as HTMLFormElement).requestSubmit();
      await until(() => Boolean(part(agent, 'notice')), 'the notice');
      const notice = part(agent, 'notice')!;
      expect(notice.textContent).to.contain('is not a phone number');
      expect(part(agent, 'call')!.contains(notice), 'in the call card').to.equal(true);
      expect(part(agent, 'controls')!.compareDocumentPosition(notice) & Node.DOCUMENT_POSITION_FOLLOWING, 'after the controls').to.not.equal(0);
      expect(text(agent, 'call-state'), 'the call goes on').to.equal('Connected');
      await expect(agent).to.be.accessible();
      await agent.hangUp();
    });

    it('a number that cannot be dialed: right under the dial form', async () => {
      const { agent } = await onlineDesk('avery');
      (part(agent, 'number-input') as HTMLInputElement).value = '555-CALL-ME';
      (part(agent, 'dial-form') as HTMLFormElement).requestSubmit();
      await until(() => Boolean(part(agent, 'notice')), 'the notice');
      expect(part(agent, 'dial-form')!.nextElementSibling).to.equal(part(agent, 'notice'));
    });

    it('a call the service refuses after dialing: under the dial form, not beside Go offline', async () => {
      const { agent } = await onlineDesk('avery');
      await agent.dial(CUSTOMER, { resourceAccountId: SALES_LINE }).catch(() => undefined);
      await until(() => Boolean(part(agent, 'notice')), 'the notice');
      expect(part(agent, 'notice')!.textContent).to.contain('Calls cannot be placed for this resource account');
      expect(part(agent, 'dial-form')!.nextElementSibling).to.equal(part(agent, 'notice'));
      expect(part(agent, 'actions')!.previousElementSibling).to.not.equal(part(agent, 'notice'));
    });

    it('a call that cannot be answered: in the ringing card, under Answer', async () => {
      const { agent } = await onlineDesk('avery');
      const original = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      try {
        await farEnd.call();
        await until(() => agent.ringing, 'the phone to ring');
        click(agent, 'accept-button');
        await until(() => Boolean(part(agent, 'notice')), 'the notice');
        expect(part(agent, 'incoming')!.contains(part(agent, 'notice')), 'in the ringing card').to.equal(true);
        await expect(agent).to.be.accessible();
      } finally {
        navigator.mediaDevices.getUserMedia = original;
      }
    });
  });
});
