import { expect } from '@open-wc/testing';
import type { TpeCallAgent } from '../../src/elements/tpe-call-agent.js';
import { until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { AGENTS, farEnd, provisionTenant, registeredAgents, type Desk } from './support/calling.js';

// Tabs of one agent desktop are same-origin frames of this page: they share its Web Locks and BroadcastChannels
// as tabs of one browser do, and removing a frame closes that "tab" for real (the browser releases its lock).

interface Tab extends Desk {
  frame: HTMLIFrameElement;
  /** Oscillators the tab's page started: a ring tone made here. */
  tones(): number;
}

const tabs: Tab[] = [];

async function openTab(mode: 'shared' | 'independent' = 'shared'): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.src = `/test/browser/pages/phone-tab.html${mode === 'independent' ? '?tabs=independent' : ''}`;
  frame.className = 'tab';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis & { tab: Promise<Desk> };
  let tones = 0;
  const start = win.OscillatorNode.prototype.start;
  win.OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
    tones += 1;
    return start.apply(this, args);
  };
  const desk = await win.tab;
  const tab = { ...desk, frame, tones: () => tones };
  tabs.push(tab);
  return tab;
}

function closeTab(tab: Tab): void {
  tab.frame.remove();
  tabs.splice(tabs.indexOf(tab), 1);
}

const phones = () => tabs.map((t) => t.agent);
const owners = () => tabs.filter((t) => t.agent.owner);
const allAre = (status: TpeCallAgent['status']) => () => tabs.every((t) => t.agent.status === status);
const onlineRegistrations = async () => (await registeredAgents()).filter((a) => a.online && a.oid === AGENTS.avery.id);

describe('<tpe-call-agent>: one phone across the tabs of one origin', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => {
    for (const tab of [...tabs]) closeTab(tab);
  });

  for (const n of [1, 2, 3, 5]) {
    it(`registers the agent once for ${n} tab(s), and every tab shows the phone`, async () => {
      for (let i = 0; i < n; i++) await openTab();
      await until(() => owners().length === 1, 'one tab to hold the phone');
      expect(owners(), 'exactly one tab holds the phone').to.have.length(1);
      // Go online from the last tab opened (a follower but for n = 1): the tab holding the phone does it.
      await tabs.at(-1)!.agent.goOnline();
      await until(allAre('ready'), 'every tab to show the phone ready', 15_000);
      let online: Awaited<ReturnType<typeof onlineRegistrations>> = [];
      await until(() => online.length === 1, 'one registration', 5000, async () => (online = await onlineRegistrations()));
      expect(online).to.have.length(1);
    }).timeout(60_000);
  }

  it('rings in every tab and sounds once; answered in a tab that does not hold the phone, the far end is connected to the one that does', async () => {
    const [owner, , other] = [await openTab(), await openTab(), await openTab()];
    await owner!.agent.goOnline();
    await until(allAre('ready'), 'every tab ready', 15_000);
    const [registration] = await onlineRegistrations();
    const call = await farEnd.call();
    await until(() => phones().every((p) => p.ringing), 'every tab to ring');
    await until(() => owner!.tones() > 0, 'the ring tone in the tab holding the phone');
    expect(tabs.filter((t) => t.tones() > 0), 'tabs making a ring tone').to.have.length(1);

    await other!.agent.accept();
    await until(allAre('in-call'), 'every tab to show the call');
    let seen = await farEnd.observe(call.callId);
    expect(seen.state).to.equal('Connected');
    expect(seen.agent?.agentId).to.equal(registration!.agentId);

    await tabs[1]!.agent.hangUp();
    await until(allAre('ready'), 'every tab ready again');
    seen = await farEnd.observe(call.callId);
    expect(seen.state).to.equal('Disconnected');
  }).timeout(60_000);

  it('hands the phone to another tab when the tab holding it closes, and rings there', async () => {
    const [first, second, third] = [await openTab(), await openTab(), await openTab()];
    await second!.agent.goOnline();
    await until(allAre('ready'), 'every tab ready', 15_000);
    const [before] = await onlineRegistrations();
    closeTab(first!);
    await until(() => owners().length === 1 && allAre('ready')(), 'another tab to hold the phone, online', 15_000);
    let online: Awaited<ReturnType<typeof onlineRegistrations>> = [];
    await until(() => online.length === 1 && online[0]!.agentId !== before!.agentId, 'the new registration, alone', 30_000, async () => (online = await onlineRegistrations()));
    await farEnd.call();
    await until(() => [second, third].every((t) => t!.agent.ringing), 'the remaining tabs to ring');
  }).timeout(60_000);

  it('misses no call when the tab holding the phone closes while it rings', async () => {
    const [first] = [await openTab(), await openTab()];
    await first!.agent.goOnline();
    await until(allAre('ready'), 'every tab ready', 15_000);
    const call = await farEnd.call();
    await until(() => phones().every((p) => p.ringing), 'every tab to ring');
    closeTab(first!);
    const [next] = tabs;
    await until(() => next!.agent.owner && next!.agent.ringing, 'the next tab to hold the phone, still ringing', 20_000);
    await next!.agent.accept();
    let state = '';
    await until(() => state === 'Connected', 'the caller to be connected', 10_000, async () => (state = (await farEnd.observe(call.callId)).state));
  }).timeout(60_000);

  it('takes the phone over from a tab that holds it but no longer answers (frozen), and rings in the new one', async () => {
    const [first, second] = [await openTab(), await openTab()];
    await first!.agent.goOnline();
    await until(allAre('ready'), 'every tab ready', 15_000);
    // A frozen tab keeps its lock and says nothing: here the holding tab's messages stop leaving it.
    const frozen = first!.frame.contentWindow as Window & typeof globalThis;
    frozen.BroadcastChannel.prototype.postMessage = () => undefined;
    await until(() => second!.agent.owner, 'the other tab to take the phone over', 20_000);
    await until(() => !first!.agent.owner, 'the silent tab to let it go');
    await until(() => second!.agent.status === 'ready', 'the phone online in its new tab', 15_000);
    let online: Awaited<ReturnType<typeof onlineRegistrations>> = [];
    await until(() => online.length === 1, 'one registration', 30_000, async () => (online = await onlineRegistrations()));
    await farEnd.call();
    await until(() => second!.agent.ringing, 'the new tab to ring');
  }).timeout(60_000);

  it('lets a tab take the phone over (the one the agent looks at)', async () => {
    const [first, second] = [await openTab(), await openTab()];
    await first!.agent.goOnline();
    await until(allAre('ready'), 'every tab ready', 15_000);
    const [before] = await onlineRegistrations();
    const changes: boolean[] = [];
    second!.agent.addEventListener('tpe-phone-owner-change', (e) => changes.push((e as CustomEvent<{ owner: boolean }>).detail.owner));
    second!.agent.takeOver();
    await until(() => second!.agent.owner && !first!.agent.owner, 'the phone to move');
    expect(changes).to.deep.equal([true]);
    let online: Awaited<ReturnType<typeof onlineRegistrations>> = [];
    await until(() => online.length === 1 && online[0]!.agentId !== before!.agentId, 'one registration, the new tab’s', 30_000, async () => (online = await onlineRegistrations()));
    await until(allAre('ready'), 'both tabs ready');
  }).timeout(60_000);

  it('puts no token on the channel between tabs, in storage or in any event', async () => {
    // What crosses between the tabs, heard as another tab would hear it.
    const heard: string[] = [];
    const channel = new BroadcastChannel('tpe:phone:agent-sign-in');
    channel.onmessage = (event) => heard.push(JSON.stringify(event.data));
    try {
      const [first, second] = [await openTab(), await openTab()];
      const events: string[] = [];
      for (const tab of tabs) {
        for (const type of ['tpe-status-change', 'tpe-incoming-call', 'tpe-call-state-change', 'tpe-call-ended', 'tpe-error', 'tpe-phone-owner-change']) {
          tab.agent.addEventListener(type, (e) => events.push(JSON.stringify((e as CustomEvent).detail)));
        }
      }
      await second!.agent.goOnline();
      await until(allAre('ready'), 'every tab ready', 15_000);
      const call = await farEnd.call();
      await until(() => phones().every((p) => p.ringing), 'every tab to ring');
      await second!.agent.accept();
      await until(allAre('in-call'), 'every tab in the call');
      await first!.agent.hangUp();
      await until(allAre('ready'), 'every tab ready again');
      expect((await farEnd.observe(call.callId)).state).to.equal('Disconnected');

      expect(heard.length, 'the tabs talked').to.be.greaterThan(5);
      const jwt = /eyJ[\w-]+\.[\w-]+/;
      expect(heard.filter((m) => jwt.test(m)), 'channel messages carrying a token').to.deep.equal([]);
      expect(events.filter((m) => jwt.test(m)), 'events carrying a token').to.deep.equal([]);
      for (const tab of tabs) {
        const win = tab.frame.contentWindow!;
        const stored = Object.keys(win.localStorage).map((k) => win.localStorage.getItem(k) ?? '');
        expect(stored.filter((v) => jwt.test(v)), 'localStorage values carrying a token').to.deep.equal([]);
        expect(jwt.test(win.document.cookie), 'a token in a cookie').to.equal(false);
        expect((await win.indexedDB.databases()).map((d) => d.name), 'IndexedDB databases').to.deep.equal([]);
      }
    } finally {
      channel.close();
    }
  }).timeout(60_000);

  it('keeps a phone per tab with tabs="independent"', async () => {
    const [a, b] = [await openTab('independent'), await openTab('independent')];
    expect(a!.agent.owner && b!.agent.owner, 'each holds its own phone').to.equal(true);
    await a!.agent.goOnline();
    await b!.agent.goOnline();
    let online: Awaited<ReturnType<typeof onlineRegistrations>> = [];
    await until(() => online.length === 2, 'two registrations', 10_000, async () => (online = await onlineRegistrations()));
  }).timeout(60_000);
});
