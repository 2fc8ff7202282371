import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TpeCallAgent } from '../../src/elements/tpe-call-agent.js';
import { farEnd, onlineDesk, provisionTenant, removeDesks, waitForAgent } from './support/calling.js';
import { click, part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';

/**
 * The page's own keystrokes, as the page sees them once every listener (the element's included) had its turn.
 * A shortcut the element takes is prevented; one it leaves alone is not.
 */
function pageKeys(): { last(code: string): KeyboardEvent | undefined; stop(): void } {
  const seen: KeyboardEvent[] = [];
  const record = (event: KeyboardEvent) => seen.push(event);
  window.addEventListener('keydown', record);
  return {
    last: (code) => seen.filter((e) => e.code === code).at(-1),
    stop: () => window.removeEventListener('keydown', record),
  };
}

/** A text field of the host page, with its own keydown handler. */
function hostField(): { input: HTMLInputElement; keys: KeyboardEvent[] } {
  const input = document.createElement('input');
  input.className = 'desk';
  input.setAttribute('aria-label', 'Ticket notes');
  const keys: KeyboardEvent[] = [];
  input.addEventListener('keydown', (event) => keys.push(event));
  document.body.append(input);
  return { input, keys };
}

/** An editable region inside another component's shadow root (a rich-text editor on the page). */
function editorInShadowRoot(): HTMLElement {
  const host = document.createElement('div');
  host.className = 'desk';
  const editable = document.createElement('div');
  editable.contentEditable = 'true';
  editable.setAttribute('aria-label', 'Reply');
  editable.textContent = 'Dear customer,';
  host.attachShadow({ mode: 'open' }).append(editable);
  document.body.append(host);
  return editable;
}

async function ringingDesk(): Promise<{ agent: TpeCallAgent; callId: string }> {
  const { agent } = await onlineDesk('avery');
  const { callId } = await farEnd.call();
  await until(() => agent.ringing, 'the phone to ring');
  return { agent, callId };
}

function blurAll(): void {
  (document.activeElement as HTMLElement | null)?.blur();
}

describe('<tpe-call-agent>: keyboard shortcuts', () => {
  let keys: ReturnType<typeof pageKeys>;

  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
    keys = pageKeys();
  });

  afterEach(() => {
    keys.stop();
    removeDesks();
  });

  it("leaves Alt+Shift+H and Alt+Shift+A to the page while offline, in the page's text field and elsewhere", async () => {
    const agent = document.createElement('tpe-call-agent');
    agent.className = 'desk';
    document.body.append(agent);
    await agent.updateComplete;
    expect(agent.status).to.equal('offline');

    const { input, keys: fieldKeys } = hostField();
    input.focus();
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    await sendKeys({ press: 'Alt+Shift+KeyA' });
    expect(fieldKeys.filter((e) => e.code === 'KeyH' || e.code === 'KeyA').map((e) => [e.code, e.defaultPrevented])).to.deep.equal([
      ['KeyH', false],
      ['KeyA', false],
    ]);

    blurAll();
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    expect(keys.last('KeyH')?.target).to.equal(document.body);
    expect(keys.last('KeyH')?.defaultPrevented).to.equal(false);
  });

  it('leaves Alt+Shift+H to the page while online with no call', async () => {
    const { agent } = await onlineDesk('avery');
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    expect(keys.last('KeyH')?.defaultPrevented).to.equal(false);
    expect(agent.status).to.equal('ready');
  });

  it("does not answer or hang up from the page's own fields, even in another shadow root; does from anywhere else", async () => {
    const { agent, callId } = await ringingDesk();
    expect(part(agent, 'accept-button')!.getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+A');
    expect(part(agent, 'decline-button')!.getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+H');

    const { input, keys: fieldKeys } = hostField();
    input.focus();
    await sendKeys({ press: 'Alt+Shift+KeyA' });
    // The element acts only after preventing the keystroke: not prevented means not answered.
    expect(fieldKeys.find((e) => e.code === 'KeyA')?.defaultPrevented).to.equal(false);
    expect(keys.last('KeyA')?.defaultPrevented).to.equal(false);

    editorInShadowRoot().focus();
    await sendKeys({ press: 'Alt+Shift+KeyA' });
    expect(keys.last('KeyA')?.defaultPrevented).to.equal(false);
    expect(agent.ringing).to.equal(true);

    blurAll();
    await sendKeys({ press: 'Alt+Shift+KeyA' });
    expect(keys.last('KeyA')?.defaultPrevented).to.equal(true);
    await waitForAgent(agent, 'in-call');
    expect(part(agent, 'hang-up-button')!.getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+H');

    input.focus();
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    expect(keys.last('KeyH')?.defaultPrevented).to.equal(false);
    expect(agent.status).to.equal('in-call');

    blurAll();
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    expect(keys.last('KeyH')?.defaultPrevented).to.equal(true);
    await waitForAgent(agent, 'ready');
    expect((await farEnd.observe(callId)).state).to.equal('Disconnected');
  });

  it('declines a ringing call with Alt+Shift+H', async () => {
    const { agent, callId } = await ringingDesk();
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    expect(keys.last('KeyH')?.defaultPrevented).to.equal(true);
    await until(() => !agent.ringing, 'the ringing to stop');
    let farEndState = '';
    await until(() => farEndState === 'Disconnected', 'the far end to hear the decline', 5000, async () => (farEndState = (await farEnd.observe(callId)).state));
    expect(agent.status).to.equal('ready');
  });

  it('with no-shortcuts, neither key works and no button declares one', async () => {
    const { agent } = await ringingDesk();
    agent.setAttribute('no-shortcuts', '');
    await agent.updateComplete;
    expect(agent.noShortcuts).to.equal(true);
    expect(part(agent, 'accept-button')!.hasAttribute('aria-keyshortcuts')).to.equal(false);
    expect(part(agent, 'decline-button')!.hasAttribute('aria-keyshortcuts')).to.equal(false);
    expect(agent.shadowRoot!.getElementById('shortcuts')).to.equal(null);
    await expect(agent).to.be.accessible();

    await sendKeys({ press: 'Alt+Shift+KeyA' });
    expect(keys.last('KeyA')?.defaultPrevented).to.equal(false);
    expect(agent.ringing).to.equal(true);

    click(agent, 'accept-button');
    await waitForAgent(agent, 'in-call');
    expect(part(agent, 'hang-up-button')!.hasAttribute('aria-keyshortcuts')).to.equal(false);
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    expect(keys.last('KeyH')?.defaultPrevented).to.equal(false);
    expect(agent.status).to.equal('in-call');

    // Turned back on, by property this time: the reflected attribute goes and the shortcut works again.
    agent.noShortcuts = false;
    await agent.updateComplete;
    expect(agent.hasAttribute('no-shortcuts')).to.equal(false);
    expect(part(agent, 'hang-up-button')!.getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+H');
    await sendKeys({ press: 'Alt+Shift+KeyH' });
    await waitForAgent(agent, 'ready');
  });
});
