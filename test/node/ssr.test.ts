// Server-side rendering with @lit-labs/ssr, as a server does it by default: no browser globals (no `document`,
// no `window`; only the custom-element registry Lit brings along). Every element renders its first state into a
// declarative shadow root that a browser shows before any script runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html } from 'lit';
import { callAgentStrings } from '../../src/elements/tpe-call-agent.strings.js';
import { consentStrings } from '../../src/elements/tpe-consent.strings.js';
import { importLibrary, renderFixture, renderTemplate } from './ssr-fixtures.js';
import { partTexts, renderedElement, visibleText } from './ssr-markup.js';

const proxyUrl = 'https://proxy.contoso.example';

describe('server-side rendering (no DOM)', () => {
  it('imports the library entry and both define modules, and registers both tags', async () => {
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined', 'this test must run without a DOM shim');
    await importLibrary();
    const registry = (globalThis as unknown as { customElements: { get(name: string): unknown } }).customElements;
    assert.ok(registry.get('tpe-consent'));
    assert.ok(registry.get('tpe-call-agent'));
  });

  it("renders an agent's sign-in in its first state, inside a declarative shadow root", async () => {
    const consent = renderedElement(await renderFixture('agent', { proxyUrl }), 'tpe-consent');
    assert.ok(consent?.shadowRoot, 'a declarative shadow root');
    assert.equal(consent.attributes['proxy-url'], proxyUrl);
    assert.equal(consent.attributes.mode, 'agent');
    assert.equal(consent.attributes.status, 'signed-out');
    assert.equal(visibleText(consent.shadowRoot), consentStrings.loading);
    assert.match(consent.shadowRoot, /<section part="base"/);
  });

  it('renders the admin view with its mode and persona', async () => {
    const consent = renderedElement(await renderFixture('admin', { proxyUrl }), 'tpe-consent');
    assert.ok(consent?.shadowRoot, 'a declarative shadow root');
    assert.equal(consent.attributes.mode, 'admin');
    assert.equal(consent.attributes.persona, 'teams');
    assert.equal(visibleText(consent.shadowRoot), consentStrings.loading);
  });

  it('renders a call agent that names its <tpe-consent> with for: offline, asking to sign in first (no Go online yet)', async () => {
    const markup = await renderFixture('desk', { proxyUrl });
    const agent = renderedElement(markup, 'tpe-call-agent');
    assert.ok(agent?.shadowRoot, 'a declarative shadow root');
    assert.equal(agent.attributes.for, 'desk-sign-in');
    assert.equal(agent.attributes.status, 'offline');
    assert.equal(agent.attributes.ringing, undefined);
    assert.deepEqual(partTexts(agent.shadowRoot, 'status'), [callAgentStrings.offlineTitle]);
    // The server cannot know the agent's identity: Go online is offered once the browser finds it ready.
    assert.deepEqual(partTexts(agent.shadowRoot, 'message'), [callAgentStrings.signInFirst]);
    assert.deepEqual(partTexts(agent.shadowRoot, 'online-button'), []);
    assert.ok(renderedElement(markup, 'tpe-consent')?.shadowRoot, 'the consent element beside it renders too');
  });

  it("renders a page's own words from the strings property", async () => {
    const markup = await renderTemplate(html`<tpe-call-agent for="desk-sign-in" .strings=${{ offlineTitle: 'Hors ligne', signInFirst: 'Connectez-vous d’abord.' }}></tpe-call-agent>`);
    const agent = renderedElement(markup, 'tpe-call-agent');
    assert.deepEqual(partTexts(agent?.shadowRoot ?? '', 'status'), ['Hors ligne']);
    assert.deepEqual(partTexts(agent?.shadowRoot ?? '', 'message'), ['Connectez-vous d’abord.']);
  });

  it('registers again, or under a prefix, without throwing, and renders the prefixed tags', async () => {
    const { defineTpeElements, defineTpeConsent, defineTpeCallAgent } = await importLibrary();
    defineTpeConsent();
    defineTpeCallAgent();
    defineTpeElements('acme');
    defineTpeElements('acme');
    const markup = await renderTemplate(html`<acme-consent id="acme-sign-in" mode="admin"></acme-consent><acme-call-agent for="acme-sign-in"></acme-call-agent>`);
    assert.equal(visibleText(renderedElement(markup, 'acme-consent')?.shadowRoot ?? ''), consentStrings.loading);
    assert.deepEqual(partTexts(renderedElement(markup, 'acme-call-agent')?.shadowRoot ?? '', 'status'), [callAgentStrings.offlineTitle]);
  });
});
