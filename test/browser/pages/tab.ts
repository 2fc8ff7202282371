// One tab of a phone, in a same-origin frame: the test page drives its PhoneLock and TabLink through window.tpeTab
// and hears what happens to it as messages. Removing the frame closes the tab for real (the browser drops its locks).
import { PhoneLock } from '../../../src/tabs/phone-lock.js';
import { TabLink } from '../../../src/tabs/tab-link.js';

export type TabEvent = 'ready' | 'owned' | 'lost';

/** What the frame posts to the test page. */
export interface TabMessage {
  type: 'tpe-tab';
  tab: string;
  event: TabEvent;
}

export interface TabPage {
  /** The tab's name in the test (`?tab=`), not its tabId. */
  name: string;
  lock: PhoneLock;
  link: TabLink;
  /** Every owned/lost so far, in order. */
  events: TabEvent[];
  /** Errors this tab's window saw (uncaught, or unhandled rejections). */
  errors: string[];
}

declare global {
  interface Window {
    tpeTab?: TabPage;
  }
}

const params = new URLSearchParams(location.search);
const name = params.get('tab') ?? 'tab';
const phone = params.get('phone') ?? 'phone';
const events: TabEvent[] = [];
const errors: string[] = [];
const tell = (event: TabEvent) => {
  if (event !== 'ready') events.push(event);
  parent.postMessage({ type: 'tpe-tab', tab: name, event } satisfies TabMessage, location.origin);
};
addEventListener('error', (event) => errors.push(String(event.error ?? event.message)));
addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));

window.tpeTab = {
  name,
  lock: new PhoneLock(phone, { owned: () => tell('owned'), lost: () => tell('lost') }),
  link: new TabLink(phone),
  events,
  errors,
};
tell('ready');
