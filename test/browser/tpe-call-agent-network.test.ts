import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { until } from './support/consent.js';
import { devTenant, resetDevTenant } from './support/dev-tenant.js';
import { watchFetch } from './support/watched-fetch.js';
import { endOutage, eventsOf, farEnd, onlineDesk, outage, provisionTenant, removeDesks, statuses, waitForAgent, type Desk } from './support/calling.js';

/** A heartbeat short enough that a silent stream is found out within a test (its bound: 2 × 500 ms + 1 s). */
const SHORT_HEARTBEAT_MS = 500;
/** How long the page is offline: well inside the dev tenant's endpoint grace (20 s), so calls must survive. */
const OUTAGE_MS = 3000;

/** A dev tenant control under `/.dev/calling`; answers its JSON. */
async function calling<T>(path: string, body?: unknown): Promise<T> {
  const { url } = await devTenant();
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`${url}/.dev/calling/${path}`, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every open stream stays open and goes silent (no event, no ping) until the phone gives up on it. */
async function stallStreams(): Promise<number> {
  return (await calling<{ stalled: number }>('stall-streams', {})).stalled;
}

/** The page's network goes away for `ms` and comes back (real `offline`/`online` events); resolves once it is back. */
function pageOffline(ms: number): Promise<unknown> {
  return executeServerCommand('page-offline', { ms });
}

/** Holds the main thread: no timer, no event, no stream read runs meanwhile, as while the machine sleeps. */
function blockMainThread(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

/** Waits until the element's status changes since `from` (an index in its statuses) are exactly `expected`. */
function statusesSince(desk: Desk, from: number, expected: string[]): Promise<void> {
  return until(() => statuses(desk.events).slice(from).join() === expected.join(), `statuses ${expected.join(' → ')} (are ${statuses(desk.events).slice(from).join(' → ')})`);
}

/** The far end calls the support line; resolves once the element rings for that very call. */
async function ringsFor(desk: Desk, callId: string): Promise<void> {
  await until(() => desk.agent.ringing, 'the phone to ring');
  const rung = eventsOf(desk.events, 'tpe-incoming-call') as Array<{ callId: string }>;
  expect(rung.map((r) => r.callId)).to.include(callId);
}

describe('<tpe-call-agent>: survives the network going away, a stalled stream and a sleeping machine', () => {
  let heartbeatBefore: number;

  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
    heartbeatBefore = (await calling<{ heartbeatMs: number }>('settings')).heartbeatMs;
  });

  afterEach(async () => {
    removeDesks();
    await endOutage();
    await calling('settings', { heartbeatMs: heartbeatBefore });
  });

  it('says reconnecting as soon as the network goes, is ready once it is back, and rings', async () => {
    const desk = await onlineDesk('avery');
    const from = statuses(desk.events).length;
    let offlineWhenReconnecting: boolean | undefined;
    // The event's own detail: the element's `status` property catches up only on its next render.
    desk.agent.addEventListener('tpe-status-change', (event) => {
      if ((event as CustomEvent<{ status: string }>).detail.status === 'reconnecting') offlineWhenReconnecting ??= !navigator.onLine;
    });

    await pageOffline(OUTAGE_MS);
    expect(offlineWhenReconnecting, 'the status said reconnecting while the page was offline').to.equal(true);
    await statusesSince(desk, from, ['reconnecting', 'ready']);
    expect(eventsOf(desk.events, 'tpe-error')).to.deep.equal([]);

    const call = await farEnd.call();
    await ringsFor(desk, call.callId);
    expect((await farEnd.observe(call.callId)).ringing).to.have.length(1);
  }).timeout(40_000);

  it('keeps a connected call through a short outage at both ends, and hangs it up afterwards', async () => {
    const desk = await onlineDesk('avery');
    const { agent, events } = desk;
    const call = await farEnd.call();
    await ringsFor(desk, call.callId);
    await agent.accept();
    await waitForAgent(agent, 'in-call');
    const from = statuses(events).length;

    await pageOffline(OUTAGE_MS);
    await statusesSince(desk, from, ['reconnecting', 'in-call']);
    expect(eventsOf(events, 'tpe-call-ended'), 'no call ended on the phone').to.deep.equal([]);
    const during = await farEnd.observe(call.callId);
    expect(during.state, 'the far end is still connected').to.equal('Connected');

    await agent.hangUp();
    await waitForAgent(agent, 'ready');
    let seen = during;
    await until(() => seen.state === 'Disconnected', 'the far end to see the call end', 5000, async () => (seen = await farEnd.observe(call.callId)));
    expect(seen.endReason).to.deep.equal({ code: 0, subCode: 0 });
    expect(eventsOf(events, 'tpe-error')).to.deep.equal([]);
  }).timeout(40_000);

  it('takes a stalled stream for dead past its heartbeat, reconnects, and rings for a call made during the stall', async () => {
    await calling('settings', { heartbeatMs: SHORT_HEARTBEAT_MS });
    const desk = await onlineDesk('avery');
    const from = statuses(desk.events).length;
    expect(await stallStreams()).to.equal(1);
    // The service still counts the phone online, so it rings it: down a stream that carries nothing.
    const call = await farEnd.call();
    expect(call.ringing).to.have.length(1);

    await statusesSince(desk, from, ['reconnecting', 'ready']);
    await ringsFor(desk, call.callId);
    await desk.agent.accept();
    await waitForAgent(desk.agent, 'in-call');
    let seen = call;
    await until(() => seen.state === 'Connected', 'the far end to be connected', 5000, async () => (seen = await farEnd.observe(call.callId)));
    await desk.agent.hangUp();
    expect(eventsOf(desk.events, 'tpe-error')).to.deep.equal([]);
  }).timeout(40_000);

  it('checks its stream as soon as timers run again after the page stood still, and recovers a stalled one', async () => {
    await calling('settings', { heartbeatMs: SHORT_HEARTBEAT_MS });
    const desk = await onlineDesk('avery');
    const from = statuses(desk.events).length;
    await stallStreams();
    const call = await farEnd.call();

    blockMainThread(OUTAGE_MS);

    await statusesSince(desk, from, ['reconnecting', 'ready']);
    await ringsFor(desk, call.callId);
    expect(eventsOf(desk.events, 'tpe-error')).to.deep.equal([]);
  }).timeout(40_000);

  it('does not wait out the rest of a long back-off once the page resumes (after a freeze), and is ready and ringing', async () => {
    const desk = await onlineDesk('avery');
    const watched = watchFetch((url) => url.pathname.startsWith('/calling/agents'));
    try {
      // Its Retry-After (held at the phone's bound of a minute) is far longer than this test waits for ready.
      await outage(120);
      await until(() => watched.requests.some((r) => r.status === 503), 'a request refused by the outage');
      await endOutage();
      document.dispatchEvent(new Event('resume'));
      await waitForAgent(desk.agent, 'ready');
    } finally {
      watched.restore();
    }
    const call = await farEnd.call();
    await ringsFor(desk, call.callId);
    expect(eventsOf(desk.events, 'tpe-error')).to.deep.equal([]);
  }).timeout(40_000);
});
