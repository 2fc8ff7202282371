import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html, render } from 'lit';
import '../../src/define/tpe-consent.js';
import { part, waitForStatus, until } from './support/consent.js';
import { consentTenantWide, devTenant, resetDevTenant, UPN } from './support/dev-tenant.js';
import { PasswordGrantProvider } from './support/password-grant-provider.js';

// With a provider the page hands in (no sign-in window), focus can be followed through a whole sign-in.
describe('<tpe-consent> focus and keyboard', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await consentTenantWide();
  });
  afterEach(() => document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove()));

  it('moves focus to each new state the person reached from inside the element', async () => {
    const { proxyUrl, config } = await devTenant();
    const host = document.createElement('div');
    document.body.append(host);
    render(html`<tpe-consent proxy-url=${proxyUrl} .authProvider=${new PasswordGrantProvider(config.testAutomation.clientId, UPN.agent, 'Agent!1')}></tpe-consent>`, host);
    const el = host.querySelector('tpe-consent')!;
    await until(() => Boolean(part(el, 'sign-in-button')), 'the sign-in button');

    // Every action is a native button, so Enter and Space activate it; activation is a click.
    const signIn = part(el, 'sign-in-button') as HTMLButtonElement;
    expect(signIn.tagName).to.equal('BUTTON');
    signIn.focus();
    signIn.click();
    await waitForStatus(el, 'needs-assignment');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement === part(el, 'status'), 'focus on the new heading').to.equal(true);
    expect(part(el, 'status')!.textContent).to.equal('Waiting for access');
    expect(part(el, 'status')!.getAttribute('tabindex')).to.equal('-1');
    await expect(el).to.be.accessible();
  });

  it('is operated with the keyboard alone: Tab to Sign in, Enter, then Tab to the next action', async () => {
    const { proxyUrl, config } = await devTenant();
    const host = document.createElement('div');
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.append(before, host);
    render(html`<tpe-consent proxy-url=${proxyUrl} .authProvider=${new PasswordGrantProvider(config.testAutomation.clientId, UPN.agent, 'Agent!1')}></tpe-consent>`, host);
    const el = host.querySelector('tpe-consent')!;
    await until(() => Boolean(part(el, 'sign-in-button')), 'the sign-in button');
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement === part(el, 'sign-in-button'), 'Tab reaches Sign in').to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitForStatus(el, 'needs-assignment');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement === part(el, 'status'), 'focus on the new state').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement === part(el, 'retry-button'), 'Tab reaches the first action').to.equal(true);
    before.remove();
  });

  it('leaves focus alone when the state changes while the person is elsewhere on the page', async () => {
    const { proxyUrl, config } = await devTenant();
    const host = document.createElement('div');
    const outside = document.createElement('input');
    outside.setAttribute('aria-label', 'elsewhere');
    document.body.append(outside, host);
    render(html`<tpe-consent proxy-url=${proxyUrl} .authProvider=${new PasswordGrantProvider(config.testAutomation.clientId, UPN.agent, 'Agent!1')}></tpe-consent>`, host);
    const el = host.querySelector('tpe-consent')!;
    await until(() => Boolean(part(el, 'sign-in-button')), 'the sign-in button');
    outside.focus();
    el.signIn();
    await waitForStatus(el, 'needs-assignment');
    await el.updateComplete;
    expect(document.activeElement === outside, 'focus stays where the person is').to.equal(true);
    outside.remove();
  });
});
