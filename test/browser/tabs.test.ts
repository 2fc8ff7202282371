import { expect } from '@open-wc/testing';
import { PhoneLock } from '../../src/tabs/phone-lock.js';
import { TabLink } from '../../src/tabs/tab-link.js';
import { TpeError } from '../../src/tpe-error.js';
import type { TabEvent, TabMessage, TabPage } from './pages/tab.js';

// Each tab of the phone is a same-origin frame: it shares Web Locks and BroadcastChannel with this page, and removing
// the frame closes that tab for real (the browser releases its locks).
const PAGE = '/test/browser/pages/tab.html';

interface Tab {
  name: string;
  frame: HTMLIFrameElement;
  page: TabPage;
}

/** The first of these tabs to report the event. */
function nextEvent(tabs: Tab[], event: TabEvent): Promise<Tab> {
  return new Promise((resolve) => {
    const listen = ({ source, data }: MessageEvent) => {
      const message = data as Partial<TabMessage> | null;
      const tab = tabs.find((candidate) => candidate.frame.contentWindow === source);
      if (!tab || message?.type !== 'tpe-tab' || message.event !== event) return;
      window.removeEventListener('message', listen);
      resolve(tab);
    };
    window.addEventListener('message', listen);
  });
}

async function openTab(phone: string, name: string): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.className = 'tpe-tab';
  frame.src = `${PAGE}?phone=${phone}&tab=${name}`;
  const ready = nextEvent([{ name, frame } as Tab], 'ready');
  document.body.append(frame);
  await ready;
  return { name, frame, page: frame.contentWindow!.tpeTab! };
}

const openTabs = (phone: string, names: string[]) => Promise.all(names.map((name) => openTab(phone, name)));
const owners = (tabs: Tab[]) => tabs.filter((tab) => tab.page.lock.owned).map((tab) => tab.name);

/**
 * The phone's lock as the browser's lock manager sees it, once it has handled every request these tabs made: a tab's
 * query goes the same way as its own lock requests, so it answers after them.
 */
async function lockState(phone: string, tabs: Tab[]): Promise<{ held: number; pending: number }> {
  await Promise.all(tabs.map((tab) => tab.frame.contentWindow!.navigator.locks.query()));
  const { held = [], pending = [] } = await navigator.locks.query();
  const mine = (lock: LockInfo) => lock.name === `tpe-phone:${phone}`;
  return { held: held.filter(mine).length, pending: pending.filter(mine).length };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

afterEach(() => {
  document.querySelectorAll('iframe.tpe-tab').forEach((frame) => frame.remove());
});

/** Tabs A and B of one phone: A holds it, B waits in line for it. */
async function aHoldsBWaits(phone: string) {
  const [a, b] = await openTabs(phone, ['A', 'B']);
  const aOwns = nextEvent([a!], 'owned');
  a!.page.lock.start();
  await aOwns;
  b!.page.lock.start();
  return [a, b];
}

describe('PhoneLock: one tab of an origin owns the phone', () => {
  for (const count of [1, 2, 3, 4, 5]) {
    it(`gives the phone to exactly one of ${count} tab(s) and queues the others`, async () => {
      const phone = crypto.randomUUID();
      const tabs = await openTabs(phone, ['A', 'B', 'C', 'D', 'E'].slice(0, count));
      const firstOwner = nextEvent(tabs, 'owned');
      tabs.forEach((tab) => tab.page.lock.start());
      const owner = await firstOwner;

      expect(await lockState(phone, tabs)).to.deep.equal({ held: 1, pending: count - 1 });
      expect(owners(tabs)).to.deep.equal([owner.name]);
      expect(tabs.map((tab) => tab.page.events)).to.deep.equal(tabs.map((tab) => (tab === owner ? ['owned'] : [])));
    });
  }

  it('when the owner tab closes, exactly one of the others gets the phone, until one tab is left', async () => {
    const phone = crypto.randomUUID();
    let tabs = await openTabs(phone, ['A', 'B', 'C', 'D', 'E']);
    const firstOwner = nextEvent(tabs, 'owned');
    tabs.forEach((tab) => tab.page.lock.start());
    let owner = await firstOwner;

    while (tabs.length > 1) {
      const closing = owner;
      tabs = tabs.filter((tab) => tab !== closing);
      const heir = nextEvent(tabs, 'owned');
      closing.frame.remove();
      owner = await heir;
      expect(await lockState(phone, tabs)).to.deep.equal({ held: 1, pending: tabs.length - 1 });
      expect(owners(tabs)).to.deep.equal([owner.name]);
      expect(owner.page.events).to.deep.equal(['owned']);
    }
    owner.frame.remove();
    expect(await lockState(phone, [])).to.deep.equal({ held: 0, pending: 0 });
  });

  it('when the owner tab reloads, the waiting tab gets the phone and the reloaded tab starts afresh', async () => {
    const phone = crypto.randomUUID();
    const [a, b] = await aHoldsBWaits(phone);

    const bOwns = nextEvent([b!], 'owned');
    const aBack = nextEvent([a!], 'ready');
    a!.frame.contentWindow!.location.reload();
    await Promise.all([bOwns, aBack]);
    const reloaded = a!.frame.contentWindow!.tpeTab!;
    expect(reloaded.lock.owned).to.equal(false);
    expect(reloaded.events).to.deep.equal([]);
    expect(await lockState(phone, [a!, b!])).to.deep.equal({ held: 1, pending: 0 });
  });

  it('takeOver moves the phone to the tab that asks: the old owner hears lost() and queues again', async () => {
    const phone = crypto.randomUUID();
    const [a, b] = await aHoldsBWaits(phone);
    expect(await lockState(phone, [a!, b!])).to.deep.equal({ held: 1, pending: 1 });

    const aLost = nextEvent([a!], 'lost');
    const bOwns = nextEvent([b!], 'owned');
    b!.page.lock.takeOver();
    await Promise.all([aLost, bOwns]);
    expect(owners([a!, b!])).to.deep.equal(['B']);
    expect(a!.page.events).to.deep.equal(['owned', 'lost']);
    expect(b!.page.events).to.deep.equal(['owned']);
    // B's queued request was withdrawn for the steal: the only one waiting is A's, queued again.
    expect(await lockState(phone, [a!, b!])).to.deep.equal({ held: 1, pending: 1 });

    const aOwnsAgain = nextEvent([a!], 'owned');
    b!.frame.remove();
    await aOwnsAgain;
    expect(a!.page.events).to.deep.equal(['owned', 'lost', 'owned']);
  });

  it('a tab that never started can take the phone over', async () => {
    const phone = crypto.randomUUID();
    const [a, b] = await openTabs(phone, ['A', 'B']);
    const aOwns = nextEvent([a!], 'owned');
    a!.page.lock.start();
    await aOwns;

    const aLost = nextEvent([a!], 'lost');
    const bOwns = nextEvent([b!], 'owned');
    b!.page.lock.takeOver();
    await Promise.all([aLost, bOwns]);
    expect(owners([a!, b!])).to.deep.equal(['B']);
  });

  it('release passes the phone to the next tab in the queue; a waiting tab that releases stops waiting', async () => {
    const phone = crypto.randomUUID();
    const tabs = await openTabs(phone, ['A', 'B', 'C']);
    const [a] = tabs;
    const aOwns = nextEvent([a!], 'owned');
    a!.page.lock.start();
    await aOwns;
    tabs.slice(1).forEach((tab) => tab.page.lock.start());
    expect(await lockState(phone, tabs)).to.deep.equal({ held: 1, pending: 2 });

    const others = tabs.slice(1);
    const heirOwns = nextEvent(others, 'owned');
    a!.page.lock.release();
    const heir = await heirOwns;
    expect(owners(tabs)).to.deep.equal([heir.name]);
    expect(a!.page.events, 'release is not a loss').to.deep.equal(['owned']);
    expect(await lockState(phone, tabs)).to.deep.equal({ held: 1, pending: 1 });

    const waiting = others.find((tab) => tab !== heir)!;
    waiting.page.lock.release();
    expect(await lockState(phone, tabs)).to.deep.equal({ held: 1, pending: 0 });
    heir.page.lock.release();
    expect(await lockState(phone, tabs)).to.deep.equal({ held: 0, pending: 0 });
    expect(owners(tabs)).to.deep.equal([]);
    expect(waiting.page.events).to.deep.equal([]);
  });

  it('without navigator.locks, every tab owns its own phone, as before', async () => {
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    try {
      const owned: string[] = [];
      const both = ['A', 'B'].map(
        (name) =>
          new Promise<PhoneLock>((resolve) => {
            const lock: PhoneLock = new PhoneLock('no-locks', { owned: () => (owned.push(name), resolve(lock)), lost: () => owned.push(`${name} lost`) });
            lock.start();
          }),
      );
      const locks = await Promise.all(both);
      expect(owned.sort()).to.deep.equal(['A', 'B']);
      expect(locks.map((lock) => lock.owned)).to.deep.equal([true, true]);
      locks[0]!.release();
      expect(locks.map((lock) => lock.owned)).to.deep.equal([false, true]);
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
    expect(navigator.locks).to.be.an.instanceOf(LockManager);
  });
});

describe('TabLink: the tabs of one phone talk to each other', () => {
  let phone: string;
  let here: TabLink;
  let a: Tab;
  let b: Tab;
  let c: Tab;

  beforeEach(async () => {
    phone = crypto.randomUUID();
    here = new TabLink(phone);
    [a, b, c] = (await openTabs(phone, ['A', 'B', 'C'])) as [Tab, Tab, Tab];
  });

  afterEach(() => here.close());

  /** How many times each tab served `type` (asked of each tab by name, after everything this page sent before). */
  const counts = (type: string) => Promise.all([a, b, c].map((tab) => here.request<number>('count', { type }, { timeoutMs: 5_000, to: tab.page.link.tabId })));

  /** Every tab serves `type` with its name, and counts what it served. */
  function serveEverywhere(type: string) {
    for (const tab of [a, b, c]) {
      const served: Record<string, number> = {};
      const count = (kind: string) => (served[kind] = (served[kind] ?? 0) + 1);
      tab.page.link.answer(type, (body, from) => (count(type), { tab: tab.name, body, from }));
      tab.page.link.on('note', () => count('note'));
      tab.page.link.answer('count', (body) => served[body.type as string] ?? 0);
    }
  }

  it('a request is answered by the tab that serves it, with what it returned', async () => {
    b.page.link.answer('who', async (body, from) => ({ tab: 'B', asked: body.n, from }));
    const answer = await here.request('who', { n: 1 }, { timeoutMs: 5_000 });
    expect(answer).to.deep.equal({ tab: 'B', asked: 1, from: here.tabId });
  });

  it('a request or a message addressed to one tab reaches that tab only', async () => {
    serveEverywhere('who');
    const answer = await here.request<{ tab: string }>('who', {}, { timeoutMs: 5_000, to: b.page.link.tabId });
    expect(answer.tab).to.equal('B');
    expect(await counts('who')).to.deep.equal([0, 1, 0]);

    here.send('note', { n: 1 }, c.page.link.tabId);
    expect(await counts('note')).to.deep.equal([0, 0, 1]);
    here.send('note', { n: 2 });
    expect(await counts('note')).to.deep.equal([1, 1, 2]);
  });

  it('a tab hears the messages of another tab, with who sent them, until it unsubscribes', async () => {
    const heard: unknown[] = [];
    const stop = here.on('call-state', (body, from) => heard.push({ body, from }));
    const second = new Promise((resolve) => here.on('call-state', resolve));
    a.page.link.send('call-state', { state: 'ringing' });
    await second;
    expect(heard).to.deep.equal([{ body: { state: 'ringing' }, from: a.page.link.tabId }]);

    stop();
    const third = new Promise((resolve) => here.on('call-state', resolve));
    a.page.link.send('call-state', { state: 'connected' });
    await third;
    expect(heard).to.have.length(1);
  });

  it('with no tab serving it, a request rejects with tab-timeout', async () => {
    const error = await rejection(here.request('nobody-serves-this', {}, { timeoutMs: 100 }));
    expect(error).to.be.an.instanceOf(TpeError);
    expect((error as TpeError).code).to.equal('tab-timeout');
    expect((error as TpeError).message).to.be.a('string').and.not.equal('');
  });

  it('an answer after the timeout is dropped: the next request gets its own answer', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    b.page.link.answer('echo', async (body) => (await gate, body.value));

    const late = await rejection(here.request('echo', { value: 1 }, { timeoutMs: 100 }));
    expect((late as TpeError).code).to.equal('tab-timeout');
    const next = here.request('echo', { value: 2 }, { timeoutMs: 5_000 });
    open(); // B now answers 1 (late), then 2.
    expect(await next).to.equal(2);
  });

  it('the first answer wins when several tabs serve a request', async () => {
    serveEverywhere('who');
    const answer = await here.request<{ tab: string }>('who', {}, { timeoutMs: 5_000 });
    expect(['A', 'B', 'C']).to.include(answer.tab);
    // Every tab served it; the page took one answer and dropped the others without a word.
    expect(await counts('who')).to.deep.equal([1, 1, 1]);
  });

  it("the answering tab's TpeError arrives as a TpeError with its code, words and source", async () => {
    b.page.link.answer('hang-up', () => {
      throw new TpeError('no-call', 'There is no call in progress.', 'Nothing to hang up.', 'calling');
    });
    const error = await rejection(here.request('hang-up', {}, { timeoutMs: 60_000 }));
    expect(error).to.be.an.instanceOf(TpeError);
    expect((error as TpeError).toDetail()).to.deep.equal({ code: 'no-call', message: 'There is no call in progress.', remedy: 'Nothing to hang up.', source: 'calling' });
  });

  it('a bug or an answer that cannot be sent in the answering tab arrives as tab-answer-failed, not as a wait', async () => {
    b.page.link.answer('buggy', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    });
    c.page.link.answer('unsendable', () => ({ callback: () => undefined }));
    const bug = (await rejection(here.request('buggy', {}, { timeoutMs: 60_000 }))) as TpeError;
    expect(bug.code).to.equal('tab-answer-failed');
    expect(bug.message, 'no internals in words people read').to.not.contain('undefined');
    const unsendable = (await rejection(here.request('unsendable', {}, { timeoutMs: 60_000 }))) as TpeError;
    expect(unsendable.code).to.equal('tab-answer-failed');
  });

  it('close() rejects the pending requests at once with tab-closed; a closed tab neither asks nor answers', async () => {
    const pending = here.request('nobody-serves-this', {}, { timeoutMs: 60_000 });
    here.close();
    expect(((await rejection(pending)) as TpeError).code).to.equal('tab-closed');
    expect(((await rejection(here.request('who', {}, { timeoutMs: 60_000 }))) as TpeError).code).to.equal('tab-closed');

    const asker = new TabLink(phone);
    try {
      b.page.link.answer('who', () => 'B');
      b.page.link.close();
      expect(((await rejection(asker.request('who', {}, { timeoutMs: 100 }))) as TpeError).code).to.equal('tab-timeout');
    } finally {
      asker.close();
    }
  });

  it('an aborted request rejects with an AbortError', async () => {
    const controller = new AbortController();
    const pending = here.request('nobody-serves-this', {}, { timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).name).to.equal('AbortError');
    expect((await rejection(here.request('who', {}, { timeoutMs: 60_000, signal: controller.signal }))).name).to.equal('AbortError');
  });

  it('nothing throws on a malformed message, and the tabs keep talking', async () => {
    const errorsHere: unknown[] = [];
    const onError = (event: ErrorEvent) => errorsHere.push(event.error);
    window.addEventListener('error', onError);
    serveEverywhere('who');
    const heardHere: unknown[] = [];
    here.on('note', (body) => heardHere.push(body));
    here.answer('who', () => 'here');

    const stranger = new BroadcastChannel(`tpe:${phone}`);
    try {
      const junk: unknown[] = [
        null,
        42,
        'who',
        [],
        {},
        { kind: 'news', type: 'note', from: 5, body: {} },
        { kind: 'news', type: 'note', from: 'x', to: 7, body: {} },
        { kind: 'news', type: 'note', from: 'x', body: 'text' },
        { kind: 'news', type: 'note', from: 'x', body: [1] },
        { kind: 'gossip', type: 'note', from: 'x', body: {} },
        { kind: 'ask', type: 'who', from: 'x', body: {} },
        { kind: 'ask', type: 'who', from: 'x', id: 1, body: {} },
        { kind: 'ask', type: 'who', from: 'x', id: '1', body: null },
        { kind: 'reply', type: 'who', from: 'x', id: 'not-asked', body: { ok: true, value: 1 } },
        { kind: 'reply', type: 'who', from: 'x', id: 'not-asked', body: { ok: false, error: 'boom' } },
        { kind: 'reply', type: 'who', from: 'x', body: { ok: true } },
      ];
      junk.forEach((message) => stranger.postMessage(message));

      // A well-formed question from the same sender arrives after the junk, in every tab: their answers close the round.
      const answers: unknown[] = [];
      const answered = new Promise<void>((resolve) => {
        stranger.onmessage = ({ data }) => {
          if (data?.kind === 'reply' && data.to === 'stranger') answers.push(data.body.value.tab ?? data.body.value);
          if (answers.length === 4) resolve();
        };
      });
      stranger.postMessage({ kind: 'ask', type: 'who', from: 'stranger', id: 'check', body: {} });
      await answered;
      expect(answers.sort()).to.deep.equal(['A', 'B', 'C', 'here']);
      expect(heardHere).to.deep.equal([]);
      expect(await counts('note')).to.deep.equal([0, 0, 0]);
      expect(await counts('who')).to.deep.equal([1, 1, 1]);
      expect([a, b, c].map((tab) => tab.page.errors)).to.deep.equal([[], [], []]);
      expect(errorsHere).to.deep.equal([]);
    } finally {
      stranger.close();
      window.removeEventListener('error', onError);
    }
  });
});
