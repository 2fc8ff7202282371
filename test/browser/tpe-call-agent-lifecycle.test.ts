import { expect } from '@open-wc/testing';
import { click, part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import {
  eventsOf,
  farEnd,
  mountDesk,
  onlineDesk,
  outage,
  provisionTenant,
  registeredAgents,
  removeDesks,
  setLifetimes,
  statuses,
  waitForAgent,
} from './support/calling.js';

/** Module URLs the page fetched so far (the test runner serves each module as its own request). */
function fetchedModules(): string[] {
  return performance.getEntriesByType('resource').map((entry) => entry.name);
}

describe('<tpe-call-agent>: lifecycle', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  // Before the agent's identity is ready nothing is fetched; once it is, idle time fetches the calling code
  // (tpe-call-agent-prefetch.test.ts). Either way it is there once the agent is online.
  it('has the calling code once the agent goes online', async () => {
    const { agent } = await mountDesk('avery');
    expect(agent.status).to.equal('offline');
    await expect(agent).to.be.accessible();
    click(agent, 'online-button');
    await waitForAgent(agent, 'ready');
    expect(fetchedModules().some((url) => url.includes('/src/simulator/'))).to.equal(true);
    expect(fetchedModules().some((url) => url.includes('call-agent-session'))).to.equal(true);
  });

  it('says what to do when going online before signing in', async () => {
    const { consent, agent, events } = await mountDesk('avery');
    await consent.signOut();
    await agent.goOnline();
    expect(agent.status).to.equal('error');
    expect(part(agent, 'remedy')!.textContent).to.contain('signing in');
    expect(eventsOf(events, 'tpe-error')[0]).to.deep.include({ code: 'signed-out' });
    await expect(agent).to.be.accessible();
  });

  it('renews a short-lived token during a call without interrupting it', async () => {
    await setLifetimes({ acsTokenSeconds: 4 });
    const { agent, events } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    // The calling service counts the renewals it was handed. Three in the call (one every half lifetime): the
    // token the call began with has ended meanwhile, and the service would have dropped a phone that kept it.
    let renewals = (await registeredAgents())[0]!.tokenRenewals;
    const atAnswer = renewals;
    await until(() => renewals >= atAnswer + 3, 'three token renewals during the call', 20_000, async () => (renewals = (await registeredAgents())[0]!.tokenRenewals));
    expect((await farEnd.observe(call.callId)).state).to.equal('Connected');
    expect(agent.status).to.equal('in-call');
    const [registration] = await registeredAgents();
    expect(registration!.online).to.equal(true);
    expect(statuses(events)).to.deep.equal(['connecting', 'ready', 'in-call']);
    await agent.hangUp();
  }).timeout(30_000);

  it('shows reconnecting when the connection drops, and is ready again once it is back', async () => {
    const { agent, events } = await onlineDesk('avery');
    await outage(1);
    await waitForAgent(agent, 'reconnecting');
    expect(part(agent, 'message')!.textContent).to.contain('connection');
    await expect(agent).to.be.accessible();
    await waitForAgent(agent, 'ready', 10_000);
    expect(statuses(events)).to.deep.equal(['connecting', 'ready', 'reconnecting', 'ready']);
    // And it still rings.
    await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
  });

  it('goes offline when the agent signs out, and unregisters from the service', async () => {
    const { consent, agent } = await onlineDesk('avery');
    expect((await registeredAgents()).length).to.equal(1);
    await consent.signOut();
    await waitForAgent(agent, 'offline');
    await until(() => remaining === 0, 'the registration to go', 5000, async () => (remaining = (await registeredAgents()).length));
  });

  it('disposes everything when removed from the page', async () => {
    await onlineDesk('avery');
    removeDesks();
    await until(() => remaining === 0, 'the registration to go', 5000, async () => (remaining = (await registeredAgents()).length));
  });

  it('leaves no listeners, timers or agents behind after 50 online/offline cycles', async () => {
    const { agent } = await mountDesk('avery');
    const watch = watchResources();
    for (let i = 0; i < 50; i++) {
      await agent.goOnline();
      expect(agent.status, `cycle ${i}`).to.equal('ready');
      await agent.goOffline();
    }
    // The last goOffline may leave a timeout that runs out within moments; one still pending after 300 ms was
    // left behind. Waits only as long as one is pending.
    await until(() => watch.pendingTimeouts() === 0, 'the last timeouts to run', 300).catch(() => undefined);
    watch.stop();
    expect(watch.liveIntervals(), 'intervals').to.equal(0);
    expect(watch.pendingTimeouts(), 'timeouts').to.equal(0);
    expect(watch.windowListeners(), 'window listeners').to.equal(0);
    await until(() => remaining === 0, 'the registrations to go', 5000, async () => (remaining = (await registeredAgents()).length));
  }).timeout(60_000);

  it('shows a clear message when the microphone is not allowed', async () => {
    const { agent, events } = await onlineDesk('avery');
    const original = navigator.mediaDevices.getUserMedia;
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    try {
      await farEnd.call();
      await until(() => agent.ringing, 'the phone to ring');
      click(agent, 'accept-button');
      await until(() => Boolean(part(agent, 'notice')), 'the notice');
      expect(part(agent, 'notice')!.textContent).to.contain('microphone').and.to.contain('Allow microphone access');
      expect(eventsOf(events, 'tpe-error').at(-1)).to.deep.include({ code: 'microphone-denied' });
      expect(agent.ringing, 'still ringing, so the agent can answer once allowed').to.equal(true);
      await expect(agent).to.be.accessible();
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
  });

  it('lists the microphones and speakers to choose from', async () => {
    const { agent } = await onlineDesk('avery');
    await until(() => Boolean(part(agent, 'devices')), 'the device picker');
    const options = [...part(agent, 'devices')!.querySelectorAll('option')].map((o) => o.textContent);
    expect(options.some((name) => /Fake.*Audio Input/.test(name ?? ''))).to.equal(true);
    const select = part(agent, 'devices')!.querySelector('select')!;
    select.value = select.options[select.options.length - 1]!.value;
    select.dispatchEvent(new Event('change'));
    await until(() => part(agent, 'devices')!.querySelector('select')!.value === select.options[select.options.length - 1]!.value, 'the choice to stick');
    await expect(agent).to.be.accessible();
  });
});

let remaining = -1;

type SetTimer = (handler: TimerHandler, timeout?: number, ...args: unknown[]) => number;
type ClearTimer = (id?: number) => void;
type Listen = (type: string, ...rest: unknown[]) => void;

/** Counts what the page starts while watched: intervals, timeouts not yet run, listeners on window. */
function watchResources() {
  const intervals = new Set<number | undefined>();
  const timeouts = new Set<number | undefined>();
  const listeners = new Map<string, number>();
  const real = {
    setInterval: window.setInterval as unknown as SetTimer,
    clearInterval: window.clearInterval as ClearTimer,
    setTimeout: window.setTimeout as unknown as SetTimer,
    clearTimeout: window.clearTimeout as ClearTimer,
    add: window.addEventListener as unknown as Listen,
    remove: window.removeEventListener as unknown as Listen,
  };
  const patched = {
    setInterval(handler: TimerHandler, timeout?: number, ...args: unknown[]) {
      const id = real.setInterval.call(window, handler, timeout, ...args);
      intervals.add(id);
      return id;
    },
    clearInterval(id?: number) {
      intervals.delete(id);
      real.clearInterval.call(window, id);
    },
    setTimeout(handler: TimerHandler, timeout?: number, ...args: unknown[]) {
      const run = (...a: unknown[]) => {
        timeouts.delete(id);
        if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
      };
      const id = real.setTimeout.call(window, run, timeout, ...args);
      timeouts.add(id);
      return id;
    },
    clearTimeout(id?: number) {
      timeouts.delete(id);
      real.clearTimeout.call(window, id);
    },
    addEventListener(type: string, ...rest: unknown[]) {
      listeners.set(type, (listeners.get(type) ?? 0) + 1);
      real.add.call(window, type, ...rest);
    },
    removeEventListener(type: string, ...rest: unknown[]) {
      listeners.set(type, (listeners.get(type) ?? 0) - 1);
      real.remove.call(window, type, ...rest);
    },
  };
  Object.assign(window, patched);
  return {
    liveIntervals: () => intervals.size,
    pendingTimeouts: () => timeouts.size,
    windowListeners: () => [...listeners.values()].reduce((a, b) => a + b, 0),
    stop() {
      Object.assign(window, { setInterval: real.setInterval, clearInterval: real.clearInterval, setTimeout: real.setTimeout, clearTimeout: real.clearTimeout, addEventListener: real.add, removeEventListener: real.remove });
    },
  };
}
