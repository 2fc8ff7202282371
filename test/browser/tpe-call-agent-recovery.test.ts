import { expect } from '@open-wc/testing';
import { until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { watchFetch } from './support/watched-fetch.js';
import {
  endOutage,
  eventsOf,
  farEnd,
  forgetRegistrations,
  onlineDesk,
  outage,
  provisionTenant,
  registeredAgents,
  removeDesks,
  setEndpointGrace,
  statuses,
  waitForAgent,
} from './support/calling.js';

/** The calling service's agent routes, as the simulator reaches them. */
const isAgentRequest = (url: URL) => url.pathname.startsWith('/calling/agents');

describe('<tpe-call-agent>: recovers by itself when the calling service loses it', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(async () => {
    removeDesks();
    await endOutage();
  });

  it('registers again when the service forgets its registration, and rings again', async () => {
    const { agent, events } = await onlineDesk('avery');
    const [before] = await registeredAgents();
    expect(await forgetRegistrations()).to.equal(1);
    let after: Awaited<ReturnType<typeof registeredAgents>> = [];
    await until(() => after.some((a) => a.online && a.agentId !== before!.agentId), 'a new registration with an open stream', 15_000, async () => (after = await registeredAgents()));
    await waitForAgent(agent, 'ready');
    expect(eventsOf(events, 'tpe-error')).to.deep.equal([]);

    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    let seen = call;
    await until(() => seen.state === 'Connected' && seen.agent?.agentId === after.find((a) => a.online)!.agentId, 'the far end to be connected to the new registration', 5000, async () => (seen = await farEnd.observe(call.callId)));
    await agent.hangUp();
    expect(statuses(events)).to.not.include('error');
  });

  it('ends the call of a forgotten registration with an end reason, and is ready again', async () => {
    await setEndpointGrace(200);
    const { agent, events } = await onlineDesk('avery');
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    await forgetRegistrations();
    await waitForAgent(agent, 'ready');
    const ended = eventsOf(events, 'tpe-call-ended') as Array<{ callId: string }>;
    expect(ended.map((e) => e.callId)).to.include(call.callId);
    let seen = call;
    await until(() => seen.state === 'Disconnected', 'the far end to see the call end', 5000, async () => (seen = await farEnd.observe(call.callId)));
    expect(statuses(events)).to.not.include('error');
  });

  it('says reconnecting (not error) through an outage, and is ready and ringing once it ends', async () => {
    const { agent, events } = await onlineDesk('avery');
    // A short outage, so that its Retry-After (which the phone honours) is short too.
    await outage(3);
    await waitForAgent(agent, 'reconnecting');
    await endOutage();
    await waitForAgent(agent, 'ready', 20_000);
    expect(statuses(events)).to.deep.equal(['connecting', 'ready', 'reconnecting', 'ready']);
    expect(eventsOf(events, 'tpe-error')).to.deep.equal([]);
    const call = await farEnd.call();
    await until(() => agent.ringing, 'the phone to ring');
    expect((await farEnd.observe(call.callId)).ringing).to.have.length(1);
  }).timeout(40_000);

  it('keeps trying through a long outage and stops every retry when the agent goes offline', async () => {
    const { agent } = await onlineDesk('avery');
    const watched = watchFetch(isAgentRequest);
    const timers = watchLongTimers();
    try {
      await outage(120);
      await waitForAgent(agent, 'reconnecting');
      await until(() => watched.requests.some((r) => r.status === 503), 'a request refused by the outage');
      // Waiting out the Retry-After (held at the simulator's bound): a timer is pending, and the phone says reconnecting.
      await until(() => timers.pending() > 0, 'the wait for the service to come back');
      expect(agent.status).to.equal('reconnecting');
      const before = watched.requests.length;
      await agent.goOffline();
      await waitForAgent(agent, 'offline');
      // Nothing is left that could send another request: no wait pending, and the only request since is the goodbye.
      expect(timers.pending(), 'waits left pending').to.equal(0);
      expect(watched.requests.slice(before).map((r) => r.url.pathname.split('/').length)).to.deep.equal([4]);
    } finally {
      timers.restore();
      watched.restore();
    }
  }).timeout(40_000);
});

type SetTimer = (handler: TimerHandler, timeout?: number, ...args: unknown[]) => number;
type ClearTimer = (id?: number) => void;

/** The page's pending timeouts of a second or longer (the simulator's waits; rendering and polling use shorter ones). */
function watchLongTimers() {
  const pending = new Set<number>();
  const real = { set: window.setTimeout as unknown as SetTimer, clear: window.clearTimeout as ClearTimer };
  const patched: { setTimeout: SetTimer; clearTimeout: ClearTimer } = {
    setTimeout(handler, timeout, ...args) {
      if (!timeout || timeout < 1000 || typeof handler !== 'function') return real.set.call(window, handler, timeout, ...args);
      const run = (...a: unknown[]) => {
        pending.delete(id);
        (handler as (...x: unknown[]) => void)(...a);
      };
      const id = real.set.call(window, run, timeout, ...args);
      pending.add(id);
      return id;
    },
    clearTimeout(id) {
      if (id !== undefined) pending.delete(id);
      real.clear.call(window, id);
    },
  };
  Object.assign(window, patched);
  return {
    pending: () => pending.size,
    restore: () => Object.assign(window, { setTimeout: real.set, clearTimeout: real.clear }),
  };
}
