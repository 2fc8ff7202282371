// One tab of an agent desktop, for the tests of one sign-in across tabs. Query: `signIn` signs Avery in here (the
// password grant, so no window opens); without it the tab starts as a tab opened later would, its provider empty.
// `phone` adds a <tpe-call-agent> for this tab's <tpe-consent>; `tabs=independent` opts the sign-in out of sharing;
// `silent` lets the provider sign Avery in without a window (the identity provider still knows her).
// The test page drives it through `window.signInTab`.
import { html, render } from 'lit';
import '../../../src/define/tpe-consent.js';
import '../../../src/define/tpe-call-agent.js';
import type { TpeCallAgent } from '../../../src/elements/tpe-call-agent.js';
import type { TpeConsent } from '../../../src/elements/tpe-consent.js';
import { AGENTS, RESOURCE_ACCOUNTS } from '../support/calling.js';
import { recordEvents, SUPPORT_LINE, until, type Recorded } from '../support/consent.js';
import { devTenant } from '../support/dev-tenant.js';
import { PasswordGrantProvider } from '../support/password-grant-provider.js';

export interface SignInTab {
  consent: TpeConsent;
  agent?: TpeCallAgent;
  /** Every tpe- event the consent element fired. */
  events: Recorded[];
}

declare global {
  interface Window {
    signInTab: Promise<SignInTab>;
  }
}

async function open(): Promise<SignInTab> {
  const query = new URLSearchParams(location.search);
  const { proxyUrl, config } = await devTenant();
  const provider = new PasswordGrantProvider(config.testAutomation.clientId, AGENTS.avery.upn, AGENTS.avery.password, { silent: query.has('silent') });
  const host = document.createElement('div');
  document.body.append(host);
  render(
    html`<tpe-consent id="agent-sign-in" proxy-url=${proxyUrl} tabs=${query.get('tabs') ?? 'shared'} .authProvider=${provider}></tpe-consent>
      ${query.has('phone') ? html`<tpe-call-agent for="agent-sign-in" .resourceAccounts=${RESOURCE_ACCOUNTS} resource-account-id=${SUPPORT_LINE}></tpe-call-agent>` : ''}`,
    host,
  );
  const consent = host.querySelector('tpe-consent')!;
  const events = recordEvents(consent);
  const signInButton = () => consent.shadowRoot?.querySelector('[part~="sign-in-button"]');
  // Settled: ready (borrowed), or offering "Sign in".
  await until(() => consent.status === 'ready' || (consent.status === 'signed-out' && Boolean(signInButton())), 'the consent element to settle');
  if (query.has('signIn')) {
    consent.signIn();
    await until(() => consent.status === 'ready', `status ready (is ${consent.status})`);
  }
  return { consent, agent: host.querySelector('tpe-call-agent') ?? undefined, events };
}

window.signInTab = open();
