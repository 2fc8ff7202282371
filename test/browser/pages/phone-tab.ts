// One tab of an agent desktop, for the tests of one phone across tabs: a signed-in desk whose
// <tpe-call-agent> names the same <tpe-consent> id as every other tab's (so they share one phone),
// or its own phone with ?tabs=independent. The test page drives it through `window.tab`.
import { mountDesk, type Desk } from '../support/calling.js';

declare global {
  interface Window {
    tab: Promise<Desk>;
  }
}

const tabs = new URLSearchParams(location.search).get('tabs') === 'independent' ? 'independent' : 'shared';
window.tab = mountDesk('avery', { consentId: 'agent-sign-in', tabs });
