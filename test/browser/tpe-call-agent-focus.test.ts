import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TpeCallAgent } from '../../src/elements/tpe-call-agent.js';
import { callAgentStrings } from '../../src/elements/tpe-call-agent.strings.js';
import { farEnd, mountDesk, onlineDesk, provisionTenant, removeDesks, waitForAgent } from './support/calling.js';
import { part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';

/** The caller's number as it is announced: grouped, so that a screen reader reads it as a phone number. */
const CALLER_READ = '+1 206 555 0199';

/** The control of the element that has focus, if focus is inside it. */
function focused(agent: TpeCallAgent): Element | null {
  return agent.shadowRoot!.activeElement;
}

function announced(agent: TpeCallAgent): string {
  return agent.shadowRoot!.querySelector('[part~="base"] > .visually-hidden')!.textContent!.trim();
}

/** What the browser would do before leaving the page: true when something asked to stay. */
function leavingIsQuestioned(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('<tpe-call-agent>: focus follows the call', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  it('going online, ringing, answering and hanging up, with the keyboard alone: focus lands on the next control, each change announced', async () => {
    const { agent } = await mountDesk('avery');
    await until(() => Boolean(part(agent, 'online-button')), 'the Go online button');
    expect(leavingIsQuestioned(), 'offline: leaving is not questioned').to.equal(false);
    part(agent, 'online-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitForAgent(agent, 'ready');
    await agent.updateComplete;
    expect(focused(agent) === part(agent, 'number-input'), 'online: the number field').to.equal(true);
    expect(announced(agent)).to.equal(callAgentStrings.readyTitle);
    await expect(agent).to.be.accessible();

    const { callId } = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.updateComplete;
    expect(focused(agent) === part(agent, 'accept-button'), 'ringing: Answer').to.equal(true);
    expect(announced(agent)).to.equal(callAgentStrings.announceRinging(CALLER_READ));
    expect(leavingIsQuestioned(), 'ringing: leaving is not questioned').to.equal(false);
    await expect(agent).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await waitForAgent(agent, 'in-call');
    await agent.updateComplete;
    expect(focused(agent) === part(agent, 'hang-up-button'), 'in a call: Hang up').to.equal(true);
    expect(announced(agent)).to.equal(callAgentStrings.inCallTitle);
    await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
    expect(focused(agent) === part(agent, 'hang-up-button'), 'connected: still Hang up').to.equal(true);
    expect(leavingIsQuestioned(), 'in a call: leaving is questioned').to.equal(true);
    await expect(agent).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await waitForAgent(agent, 'ready');
    await agent.updateComplete;
    expect((await farEnd.observe(callId)).state).to.equal('Disconnected');
    expect(focused(agent) === part(agent, 'number-input'), 'ended: the number field').to.equal(true);
    expect(announced(agent)).to.equal(callAgentStrings.announceEnded);
    expect(leavingIsQuestioned(), 'after hanging up: leaving is not questioned').to.equal(false);
    await expect(agent).to.be.accessible();
  });

  it("does not take focus from the page's own field when a call rings or is answered; announces instead", async () => {
    const { agent } = await onlineDesk('avery');
    const input = document.createElement('input');
    input.className = 'desk';
    input.setAttribute('aria-label', 'Ticket notes');
    document.body.append(input);
    input.focus();
    await sendKeys({ type: 'Caller asks about' });

    await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.updateComplete;
    expect(document.activeElement === input, 'focus stays in the ticket notes').to.equal(true);
    expect(focused(agent)).to.equal(null);
    expect(announced(agent)).to.equal(callAgentStrings.announceRinging(CALLER_READ));

    await agent.accept();
    await waitForAgent(agent, 'in-call');
    await agent.updateComplete;
    expect(document.activeElement === input, 'still in the ticket notes').to.equal(true);
    expect(announced(agent)).to.equal(callAgentStrings.inCallTitle);
    expect(input.value).to.equal('Caller asks about');
  });

  it('stops questioning a leave when the element goes away mid-call', async () => {
    const { agent } = await onlineDesk('avery');
    await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    expect(leavingIsQuestioned()).to.equal(true);
    removeDesks();
    expect(leavingIsQuestioned()).to.equal(false);
  });
});
