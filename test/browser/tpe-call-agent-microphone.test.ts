import { expect } from '@open-wc/testing';
import { part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { eventsOf, farEnd, mountDesk, onlineDesk, provisionTenant, removeDesks, waitForAgent } from './support/calling.js';

// This Chromium runs with a fake microphone whose permission is always granted (the flag cannot be turned off for
// one test), so a refused or unplugged microphone is the browser's own MediaDevices answering as it does then.
const media = navigator.mediaDevices;
const real = { getUserMedia: media.getUserMedia, enumerateDevices: media.enumerateDevices };

function refuseMicrophone(): void {
  media.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
}

function unplugMicrophones(): void {
  media.enumerateDevices = async () => (await real.enumerateDevices.call(media)).filter((d) => d.kind !== 'audioinput');
  media.dispatchEvent(new Event('devicechange'));
}

function plugBack(): void {
  media.enumerateDevices = real.enumerateDevices;
  media.dispatchEvent(new Event('devicechange'));
}

/** Resolves once something starts listening for devicechange: only the element's watch does. */
function deviceWatchStarted(): Promise<void> {
  return new Promise((resolve) => {
    media.addEventListener = (...args: Parameters<MediaDevices['addEventListener']>) => {
      if (args[0] === 'devicechange') {
        stopSpying();
        resolve();
      }
      EventTarget.prototype.addEventListener.apply(media, args as Parameters<EventTarget['addEventListener']>);
    };
  });
}

function stopSpying(): void {
  delete (media as Partial<MediaDevices>).addEventListener;
}

const microphoneNotice = (agent: HTMLElement) => [...(part(agent, 'microphone')?.querySelectorAll('p') ?? [])].map((p) => p.textContent?.trim()).join(' ');

describe('<tpe-call-agent> checks the microphone before any call rings', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => {
    Object.assign(media, real);
    stopSpying();
    removeDesks();
  });

  it('shows a refused microphone beside the status when going online, with what to do', async () => {
    const { agent, events } = await mountDesk('avery');
    refuseMicrophone();
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
    await until(() => Boolean(part(agent, 'microphone')), 'the microphone problem to show');
    expect(microphoneNotice(agent)).to.equal(
      'The browser is not allowed to use your microphone. Allow microphone access for this site (the icon in the address bar), then try again.',
    );
    expect(eventsOf(events, 'tpe-error').map((e) => (e as { code: string }).code)).to.include('microphone-denied');
    // Said before any call rings: the heading and the problem come first on the screen.
    const order = [...agent.shadowRoot!.querySelectorAll('[part]')].map((el) => el.getAttribute('part'));
    expect(order.indexOf('microphone')).to.be.lessThan(order.indexOf('dial-form'));
    await expect(agent).to.be.accessible();
  });

  it('says nothing about a working microphone', async () => {
    const { agent, events } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    expect(part(agent, 'microphone')).to.equal(null);
    expect(eventsOf(events, 'tpe-error')).to.deep.equal([]);
    await farEnd.hangUp(call.callId);
  });

  it('notices a microphone unplugged mid-shift, and clears the problem when one is back', async () => {
    const watching = deviceWatchStarted();
    const { agent, events } = await onlineDesk('avery');
    expect(eventsOf(events, 'tpe-error')).to.deep.equal([]);
    // The watch starts once the check on going online is done (about a second of listening); unplugged after
    // that, only the devicechange can tell it.
    await watching;
    unplugMicrophones();
    await until(() => Boolean(part(agent, 'microphone')), 'the notice of the unplugged microphone', 5000);
    expect(microphoneNotice(agent)).to.equal('No microphone is connected. Plug in a headset or microphone.');
    plugBack();
    await until(() => !part(agent, 'microphone'), 'the problem to clear');
  });
});
