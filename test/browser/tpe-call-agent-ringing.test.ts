import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { RingDetail } from '../../src/calling/call-agent-events.js';
import { captureConsole, click, part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { eventsOf, farEnd, mountDesk, onlineDesk, provisionTenant, removeDesks, waitForAgent } from './support/calling.js';

// Headless Chromium plays no sound and shows no notification a test could see: what the page asks of
// AudioContext and Notification is the honest observation point, so both are recording fakes here.
const log: string[] = [];

/**
 * The ringer's AudioContext, recorded; a context that listens to the microphone (the check on going online)
 * is the browser's own and left out of the log: it rings nothing.
 */
class FakeAudioContext extends window.AudioContext {
  #listening = false;
  constructor(options?: AudioContextOptions) {
    super(options);
    log.push('audio:new');
  }
  override createMediaStreamSource(stream: MediaStream): MediaStreamAudioSourceNode {
    if (!this.#listening) {
      this.#listening = true;
      log.splice(log.lastIndexOf('audio:new'), 1);
    }
    return super.createMediaStreamSource(stream);
  }
  override async resume() {}
  async setSinkId(id: string) {
    log.push(`audio:sink:${id}`);
  }
  override async close() {
    if (!this.#listening) log.push('audio:close');
    await super.close();
  }
  override createGain() {
    return { gain: { value: 0, setValueAtTime: () => undefined }, connect: () => undefined } as unknown as GainNode;
  }
  override createOscillator() {
    return { frequency: { value: 0 }, connect: () => undefined, start: () => log.push('audio:start') } as unknown as OscillatorNode;
  }
}

class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static async requestPermission() {
    log.push('notification:ask');
    return FakeNotification.permission;
  }
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

const real = { AudioContext: window.AudioContext, Notification: window.Notification };

function away(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hasFocus', { configurable: true, value: () => !hidden });
}

const rings = (events: Parameters<typeof eventsOf>[0]) => eventsOf(events, 'tpe-incoming-call').map((d) => (d as { ring?: RingDetail }).ring);

describe('<tpe-call-agent>: a ringing call is noticed', () => {
  let consoleCapture: ReturnType<typeof captureConsole>;

  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
    consoleCapture = captureConsole();
    log.length = 0;
    FakeNotification.shown = [];
    FakeNotification.permission = 'granted';
    Object.assign(window, { AudioContext: FakeAudioContext, Notification: FakeNotification });
    away(false);
  });

  afterEach(() => {
    consoleCapture.restore();
    removeDesks();
    Object.assign(window, real);
    delete (document as { visibilityState?: unknown }).visibilityState;
    delete (document as { hasFocus?: unknown }).hasFocus;
  });

  it('asks for notifications only from the agent\'s own click on Go online', async () => {
    FakeNotification.permission = 'default';
    const { agent } = await mountDesk('avery');
    await until(() => Boolean(part(agent, 'online-button')), 'the Go online button');
    const box = part(agent, 'online-button')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await waitForAgent(agent, 'ready');
    expect(log).to.deep.equal(['notification:ask']);
  });

  it('says why notifications will be asked for beside Go online, only until the browser has asked', async () => {
    FakeNotification.permission = 'default';
    const { agent } = await mountDesk('avery');
    await until(() => Boolean(part(agent, 'online-button')), 'the Go online button');
    expect(part(agent, 'notification-hint')!.hidden).to.equal(false);
    expect(part(agent, 'notification-hint')!.textContent).to.contain('Allow notifications');
    await expect(agent).to.be.accessible();
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
    FakeNotification.permission = 'denied';
    await agent.goOffline();
    await agent.updateComplete;
    expect(part(agent, 'notification-hint')!.hidden).to.equal(true);
    FakeNotification.permission = 'granted';
    agent.requestUpdate();
    await agent.updateComplete;
    expect(part(agent, 'notification-hint')!.hidden).to.equal(true);
  });

  it('shows the notification and the tab title in the words the page set through strings', async () => {
    const { agent } = await onlineDesk('avery');
    agent.strings = { notificationTitle: 'Appel entrant', notificationBody: (caller) => `${caller} appelle.`, ringingTitle: (title) => `(Sonnerie) ${title}` };
    document.title = 'Agent desk';
    away(true);
    await farEnd.call();
    await until(() => FakeNotification.shown.length === 1, 'a notification');
    expect(FakeNotification.shown[0]!.title).to.equal('Appel entrant');
    expect(FakeNotification.shown[0]!.options.body).to.equal('+1 206 555 0199 appelle.');
    expect(document.title).to.equal('(Sonnerie) Agent desk');
    click(agent, 'decline-button');
    await until(() => document.title === 'Agent desk', 'the title to be restored');
  });

  it('rings a tone on the chosen ringer device while the page is in view, and stops it on answer', async () => {
    const { agent, events } = await onlineDesk('avery');
    agent.ringDevice = 'ringer-1';
    const title = document.title;
    await farEnd.call();
    await until(() => log.includes('audio:start'), 'the tone to start');
    expect(log).to.deep.equal(['audio:new', 'audio:sink:ringer-1', 'audio:start', 'audio:start']);
    expect(rings(events)).to.deep.equal([{ tone: true, notification: false, title: false }]);
    expect(FakeNotification.shown).to.have.length(0);
    expect(document.title).to.equal(title);
    click(agent, 'accept-button');
    await waitForAgent(agent, 'in-call');
    await until(() => log.includes('audio:close'), 'the tone to stop');
  });

  it('notifies with the caller and prefixes the title while the page is hidden; the notification focuses Answer; decline restores both', async () => {
    const { agent, events } = await onlineDesk('avery');
    document.title = 'Agent desk';
    away(true);
    await farEnd.call();
    await until(() => FakeNotification.shown.length === 1, 'a notification');
    const [notification] = FakeNotification.shown;
    expect(notification!.options.body, 'the number grouped for reading').to.contain('+1 206 555 0199');
    expect(notification!.title).to.equal('Incoming call');
    expect(document.title).to.equal('(Ringing) Agent desk');
    expect(rings(events)).to.deep.equal([{ tone: true, notification: true, title: true }]);
    notification!.onclick!();
    expect(agent.shadowRoot!.activeElement?.getAttribute('part')).to.contain('accept-button');
    expect(notification!.closed).to.equal(true);
    click(agent, 'decline-button');
    await until(() => !agent.ringing, 'the ring to end');
    await until(() => document.title === 'Agent desk', 'the title to be restored');
    expect(log).to.include('audio:close');
  });

  it('notifies and prefixes the title when the agent looks away while the call rings', async () => {
    const { agent, events } = await onlineDesk('avery');
    document.title = 'Agent desk';
    const call = await farEnd.call();
    await until(() => log.includes('audio:start'), 'the tone to start');
    expect(FakeNotification.shown).to.have.length(0);
    away(true);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeNotification.shown).to.have.length(1);
    expect(document.title).to.equal('(Ringing) Agent desk');
    expect(rings(events)).to.deep.equal([{ tone: true, notification: true, title: true }]);
    window.dispatchEvent(new Event('blur'));
    expect(FakeNotification.shown).to.have.length(1);
    await farEnd.hangUp(call.callId);
    await until(() => document.title === 'Agent desk', 'the title to be restored');
    expect(FakeNotification.shown[0]!.closed).to.equal(true);
    expect(agent.ringing).to.equal(false);
  });

  it('ends the ring when the agent goes offline or the element leaves the page', async () => {
    const { agent } = await onlineDesk('avery');
    document.title = 'Agent desk';
    away(true);
    await farEnd.call();
    await until(() => log.includes('audio:start') && FakeNotification.shown.length === 1, 'the ring');
    await agent.goOffline();
    expect(log).to.include('audio:close');
    expect(FakeNotification.shown[0]!.closed).to.equal(true);
    expect(document.title).to.equal('Agent desk');

    log.length = 0;
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
    await farEnd.call();
    await until(() => log.includes('audio:start') && FakeNotification.shown.length === 2, 'the second ring');
    removeDesks();
    expect(log).to.include('audio:close');
    expect(FakeNotification.shown[1]!.closed).to.equal(true);
    expect(document.title).to.equal('Agent desk');
  });

  it('rings nothing itself when the page cancels tpe-incoming-call', async () => {
    const { agent, events } = await onlineDesk('avery');
    away(true);
    agent.addEventListener('tpe-incoming-call', (event) => event.preventDefault());
    const title = document.title;
    const call = await farEnd.call();
    await until(() => rings(events).length === 1, 'the page to hear the call');
    // What must not happen has no event to await. A tone would start within a module load from the test server
    // and an AudioContext (milliseconds), the title and a notification at once: 300 ms would see any of them.
    await new Promise((r) => setTimeout(r, 300));
    expect(rings(events)).to.deep.equal([{ tone: false, notification: false, title: false }]);
    expect(log).to.deep.equal([]);
    expect(FakeNotification.shown).to.have.length(0);
    expect(document.title).to.equal(title);
    await farEnd.hangUp(call.callId);
  });

  it('plays no tone with ring-tone="off"; a page tone that is refused falls back to a notification and the title', async () => {
    const { agent, events } = await onlineDesk('avery');
    agent.setAttribute('ring-tone', 'off');
    const first = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    // A tone that must not start has no event to await; one would within milliseconds (as above).
    await new Promise((r) => setTimeout(r, 300));
    expect(log).to.deep.equal([]);
    expect(rings(events)).to.deep.equal([{ tone: false, notification: false, title: false }]);
    await farEnd.hangUp(first.callId);
    await until(() => !agent.ringing, 'the ring to end');

    agent.removeAttribute('ring-tone');
    const played: string[] = [];
    agent.ringTone = {
      play: () => {
        played.push('play');
        return Promise.reject(new DOMException('No click yet.', 'NotAllowedError'));
      },
      stop: () => played.push('stop'),
    };
    document.title = 'Agent desk';
    const second = await farEnd.call();
    await until(() => FakeNotification.shown.length === 1, 'the fallback notification');
    expect(played).to.deep.equal(['play']);
    expect(document.title).to.equal('(Ringing) Agent desk');
    expect(rings(events)[1]).to.deep.equal({ tone: false, notification: true, title: true });
    await farEnd.hangUp(second.callId);
    await until(() => document.title === 'Agent desk', 'the title to be restored');
    expect(FakeNotification.shown[0]!.closed).to.equal(true);

    // A refused tone is tried again on the next call: the agent may have clicked the page since.
    const third = await farEnd.call();
    await until(() => played.length === 2, 'the tone to be tried again');
    expect(played).to.deep.equal(['play', 'play']);
    await farEnd.hangUp(third.callId);
  });
});
