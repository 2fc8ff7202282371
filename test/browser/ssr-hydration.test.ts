// Before anything that loads lit: it patches LitElement as lit loads, so that an element takes over the markup
// a server rendered into its declarative shadow root instead of rendering a second copy beside it.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { callAgentStrings } from '../../src/elements/tpe-call-agent.strings.js';
import { consentStrings } from '../../src/elements/tpe-consent.strings.js';
import type { TpeCallAgent } from '../../src/elements/tpe-call-agent.js';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import { AGENTS, provisionTenant, removeDesks, waitForAgent } from './support/calling.js';
import { part, until, waitForStatus } from './support/consent.js';
import { devTenant, resetDevTenant } from './support/dev-tenant.js';
import { PasswordGrantProvider } from './support/password-grant-provider.js';

/**
 * Puts what a server rendered for `fixture` (@lit-labs/ssr in Node: test/node/ssr-fixtures.ts) into the page,
 * declarative shadow roots included. The elements upgrade as they arrive; they render (here: hydrate) at their
 * first update, a microtask later, so until then their shadow roots hold the server's nodes.
 */
async function serverRendered(fixture: 'desk' | 'admin'): Promise<HTMLElement> {
  const { proxyUrl } = await devTenant();
  const markup = await executeServerCommand<string, { fixture: string; proxyUrl: string }>('ssr-render', { fixture, proxyUrl });
  const host = document.createElement('div');
  host.className = 'desk';
  document.body.append(host);
  host.setHTMLUnsafe(markup);
  return host;
}

describe('server-rendered elements hydrate in the browser', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  it("an agent desk keeps the server's markup, and offers Go online in the server's frame once the agent is signed in", async () => {
    const host = await serverRendered('desk');
    const consent = host.querySelector<TpeConsent>('tpe-consent')!;
    const agent = host.querySelector<TpeCallAgent>('tpe-call-agent')!;
    const serverConsentBase = part(consent, 'base');
    const serverAgentBase = part(agent, 'base');
    // The server cannot know who the agent is: it asks to sign in first, and offers no Go online yet.
    expect(part(agent, 'message')?.textContent).to.equal(callAgentStrings.signInFirst);
    expect(part(agent, 'online-button')).to.equal(null);
    expect(serverConsentBase?.textContent).to.contain(consentStrings.loading);
    consent.authProvider = new PasswordGrantProvider((await devTenant()).config.testAutomation.clientId, AGENTS.avery.upn, AGENTS.avery.password);
    // A mismatch between the server's markup and the first render rejects these.
    await consent.updateComplete;
    await agent.updateComplete;

    // One frame each: the server's, not a second copy rendered beside it.
    expect(agent.shadowRoot!.querySelectorAll('[part~="base"]')).to.have.length(1);
    expect(part(agent, 'base')).to.equal(serverAgentBase);
    expect(consent.shadowRoot!.querySelectorAll('[part~="base"]')).to.have.length(1);
    expect(part(consent, 'base')).to.equal(serverConsentBase);
    await expect(agent).to.be.accessible();

    // The consent element carries on from its loading state, in the server's frame.
    await until(() => Boolean(part(consent, 'sign-in-button')), 'the sign-in button');
    expect(part(consent, 'base')).to.equal(serverConsentBase);
    part(consent, 'sign-in-button')!.click();
    await waitForStatus(consent, 'ready');

    await until(() => Boolean(part(agent, 'online-button')), 'Go online, once the agent is ready');
    expect(part(agent, 'base')).to.equal(serverAgentBase);
    part(agent, 'online-button')!.click();
    await waitForAgent(agent, 'ready');
    expect(part(agent, 'status')!.textContent).to.equal(callAgentStrings.readyTitle);
  });

  it('an admin view hydrates and goes on to load its admin sign-in', async () => {
    const consent = (await serverRendered('admin')).querySelector<TpeConsent>('tpe-consent')!;
    const serverBase = part(consent, 'base');
    expect(serverBase?.textContent).to.contain(consentStrings.loading);
    await consent.updateComplete;
    expect(consent.shadowRoot!.querySelectorAll('[part~="base"]')).to.have.length(1);
    expect(part(consent, 'base')).to.equal(serverBase);
    await until(() => part(consent, 'status')?.textContent === consentStrings.signedOutAdminTitle, 'the admin sign-in');
    expect(consent.mode).to.equal('admin');
    await expect(consent).to.be.accessible();
  });
});
