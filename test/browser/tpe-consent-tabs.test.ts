import { expect } from '@open-wc/testing';
import { until, part, statuses, waitForStatus } from './support/consent.js';
import { devTenant, resetDevTenant } from './support/dev-tenant.js';
import { AGENTS, farEnd, provisionTenant, registeredAgents, waitForAgent } from './support/calling.js';
import type { SignInTab } from './pages/sign-in-tab.js';

// Tabs of one agent desktop are same-origin frames of this page: they share its Web Locks and BroadcastChannels as
// tabs of one browser do, and removing a frame closes that "tab" for real (the browser releases its locks).

interface Tab extends SignInTab {
  frame: HTMLIFrameElement;
}

const tabs: Tab[] = [];
// A frame's elements belong to another realm: chai would walk one whole to describe it in a failure message, so
// tests assert on what a person reads (text, whether a part is there), never on the element itself.

async function openTab(query: 'signIn' | 'signIn&phone' | 'phone' | 'phone&silent' | '' | 'tabs=independent' = ''): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.src = `/test/browser/pages/sign-in-tab.html?${query}`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const tab = { ...(await (frame.contentWindow as Window & { signInTab: Promise<SignInTab> }).signInTab), frame };
  tabs.push(tab);
  return tab;
}

function closeTab(tab: Tab): void {
  tab.frame.remove();
  tabs.splice(tabs.indexOf(tab), 1);
}

/** Every message on the sign-in channel, as any same-origin page could read it. */
let heard: unknown[] = [];
let channel: BroadcastChannel | undefined;

const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;
const withToken = (values: unknown[]) => values.filter((v) => JWT.test(JSON.stringify(v)));
const eventsOf = (tab: Tab, type: string) => tab.events.filter((e) => e.type === type).map((e) => e.detail);

/** Nowhere a token may be kept or seen: storage, cookies, the elements' events, and the channel but for answers to one tab. */
async function expectNoTokenKept(all: Tab[]): Promise<void> {
  expect(Object.entries(localStorage).filter(([, value]) => value.includes('eyJ')), 'localStorage entries holding a token').to.deep.equal([]);
  expect(await indexedDB.databases(), 'IndexedDB databases').to.deep.equal([]);
  expect(document.cookie, 'cookies').not.to.include('eyJ');
  for (const tab of all) expect(withToken(tab.events), 'events holding a token').to.deep.equal([]);
  for (const message of withToken(heard)) {
    const { kind, type, to } = message as { kind: string; type: string; to?: string };
    expect({ kind, type, addressed: Boolean(to) }, 'a message that carries a token').to.deep.equal({ kind: 'reply', type: 'acs-token', addressed: true });
  }
}

describe('<tpe-consent>: one sign-in across the tabs of one origin', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
    const { config } = await devTenant();
    heard = [];
    // The tabs share the sign-in on their auth provider's client: the test automation registration they sign in through.
    channel = new BroadcastChannel(`tpe:sign-in:${config.testAutomation.clientId}`);
    channel.onmessage = (event) => heard.push(event.data);
  });

  afterEach(() => {
    channel?.close();
    for (const tab of [...tabs]) closeTab(tab);
  });

  it('opens a second tab signed in as the agent of the first, without signing in there, and says the sign-in is shared', async () => {
    const first = await openTab('signIn');
    const second = await openTab();
    expect(second.consent.status).to.equal('ready');
    expect(second.consent.account).to.deep.equal(first.consent.account);
    expect(second.consent.authProvider!.accounts(), "the second tab's own provider").to.deep.equal([]);
    expect(eventsOf(second, 'tpe-signed-in')).to.deep.equal([{ account: first.consent.account }]);
    expect(statuses(second.events)).to.deep.equal(['ready']);
    expect(part(second.consent, 'account')!.textContent).to.include(AGENTS.avery.upn);
    expect(part(second.consent, 'shared-sign-in')?.textContent, 'the small print in the second tab').to.equal('Shared with another tab.');
    expect(Boolean(part(first.consent, 'shared-sign-in')), 'the small print in the first tab').to.equal(false);
    await expectNoTokenKept([first, second]);
  });

  it("puts the second tab's phone online with ACS tokens the first tab mints for it, sent to it alone", async () => {
    const first = await openTab('signIn');
    const second = await openTab('phone');
    expect(second.consent.status).to.equal('ready');
    await second.agent!.goOnline();
    await waitForAgent(second.agent!, 'ready', 20_000);
    const online = (await registeredAgents()).filter((a) => a.online && a.oid === AGENTS.avery.id);
    expect(online, 'registrations of the agent at the dev tenant').to.have.length(1);
    expect(withToken(heard).length, 'answers carrying a token').to.be.greaterThan(0);
    await expectNoTokenKept([first, second]);
  });

  it('signs every sharing tab out when the agent signs out in one, whichever', async () => {
    const first = await openTab('signIn');
    const second = await openTab();
    const third = await openTab();
    await third.consent.signOut();
    await Promise.all([first, second].map((tab) => waitForStatus(tab.consent, 'signed-out')));
    for (const tab of [first, second, third]) expect(eventsOf(tab, 'tpe-signed-out'), 'tpe-signed-out').to.have.length(1);
    expect(first.consent.authProvider!.accounts(), "the first tab's own provider").to.deep.equal([]);
    await expectNoTokenKept([first, second, third]);
  });

  it('follows a sign-out in the tab that signed in, and a sign-in there again', async () => {
    const first = await openTab('signIn');
    const second = await openTab();
    await first.consent.signOut();
    await waitForStatus(second.consent, 'signed-out');
    first.consent.signIn();
    await waitForStatus(second.consent, 'ready');
    expect(second.consent.account).to.deep.equal(first.consent.account);
  });

  it('asks the agent to sign in here once the only signed-in tab has closed, instead of waiting for it', async () => {
    const first = await openTab('signIn');
    const second = await openTab('phone');
    closeTab(first);
    const failure = await second.consent.getAcsToken().then(
      () => undefined,
      (error: { code: string }) => error,
    );
    expect(failure?.code).to.equal('shared-sign-in-ended');
    expect(second.consent.status).to.equal('signed-out');
    expect(statuses(second.events).at(-1)).to.equal('signed-out');
    await until(() => Boolean(part(second.consent, 'sign-in-button')), 'the sign-in button');
    expect(part(second.consent, 'message')!.textContent).to.include('closed or signed out');
    expect(eventsOf(second, 'tpe-signed-out')).to.have.length(1);
    await expectNoTokenKept([second]);
  });

  it('signs a borrowing tab in by itself, without a window, as the tab it borrowed from closes: its phone stays online', async () => {
    const first = await openTab('signIn');
    const second = await openTab('phone&silent');
    await second.agent!.goOnline();
    await waitForAgent(second.agent!, 'ready', 20_000);
    closeTab(first);
    // Before its phone needs a token: the closing tab said it was going.
    await until(() => !part(second.consent, 'shared-sign-in'), 'the small print "Shared with another tab." to go');
    expect(second.consent.authProvider!.accounts(), "the second tab's own provider").to.deep.equal([second.consent.account]);
    expect(statuses(second.events), 'what the second tab said of its sign-in').to.deep.equal(['ready']);
    expect(second.agent!.status).to.equal('ready');
    // It lends now: a tab opened next starts signed in from it.
    const third = await openTab();
    expect(third.consent.status).to.equal('ready');
    expect((await third.consent.getAcsToken()).token).to.match(JWT);
    await expectNoTokenKept([second, third]);
  });

  it('keeps the phone when the tab that held it and the sign-in closes: the borrowing tab takes both, and the next call rings there', async () => {
    const first = await openTab('signIn&phone');
    const second = await openTab('phone&silent');
    await first.agent!.goOnline();
    await waitForAgent(first.agent!, 'ready', 20_000);
    await until(() => second.agent!.status === 'ready', "the second tab's phone showing the first tab's");
    const online = async () => (await registeredAgents()).filter((a) => a.online && a.oid === AGENTS.avery.id);
    const [before] = await online();
    closeTab(first);
    await until(() => second.agent!.owner && second.agent!.status === 'ready', 'the second tab to hold the phone, online', 20_000);
    expect(statuses(second.events), 'what the second tab said of its sign-in').to.deep.equal(['ready']);
    let now: Awaited<ReturnType<typeof online>> = [];
    await until(() => now.length === 1 && now[0]!.agentId !== before!.agentId, "the second tab's registration, alone", 30_000, async () => (now = await online()));
    await farEnd.call();
    await until(() => second.agent!.ringing, 'the second tab to ring');
  }).timeout(60_000);

  it('keeps a tab that borrowed and then signed in by itself signed in when the first tab closes', async () => {
    const first = await openTab('signIn');
    const second = await openTab();
    second.consent.signIn();
    await until(() => second.consent.status === 'ready' && second.consent.authProvider!.accounts().length === 1, 'its own sign-in');
    expect(Boolean(part(second.consent, 'shared-sign-in')), 'the small print').to.equal(false);
    closeTab(first);
    const { token } = await second.consent.getAcsToken();
    expect(token).to.match(JWT);
    expect(second.consent.status).to.equal('ready');
  });

  it('leaves a tab with tabs="independent" signed out', async () => {
    const first = await openTab('signIn');
    const independent = await openTab('tabs=independent');
    expect(independent.consent.status).to.equal('signed-out');
    expect(independent.consent.account).to.equal(undefined);
    expect(Boolean(part(independent.consent, 'sign-in-button')), 'the sign-in button').to.equal(true);
    await first.consent.signOut();
    expect(heard.filter((m) => (m as { type: string }).type === 'identity?'), 'questions from the independent tab').to.have.length(0);
  });
});
