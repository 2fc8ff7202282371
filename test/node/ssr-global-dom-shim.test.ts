// Server-side rendering with @lit-labs/ssr's global DOM shim installed, as older servers and some frameworks
// do: `document` and `window` exist but do almost nothing, so the elements must not lean on them either.
import '@lit-labs/ssr/lib/install-global-dom-shim.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callAgentStrings } from '../../src/elements/tpe-call-agent.strings.js';
import { consentStrings } from '../../src/elements/tpe-consent.strings.js';
import { renderFixture } from './ssr-fixtures.js';
import { partTexts, renderedElement, visibleText } from './ssr-markup.js';

const proxyUrl = 'https://proxy.contoso.example';

describe('server-side rendering (global DOM shim)', () => {
  it('renders the agent desk: the sign-in loading, the call agent offline', async () => {
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'object', 'this test must run with the DOM shim');
    const markup = await renderFixture('desk', { proxyUrl });
    assert.equal(visibleText(renderedElement(markup, 'tpe-consent')?.shadowRoot ?? ''), consentStrings.loading);
    assert.deepEqual(partTexts(renderedElement(markup, 'tpe-call-agent')?.shadowRoot ?? '', 'message'), [callAgentStrings.signInFirst]);
  });

  it('renders the admin view', async () => {
    const consent = renderedElement(await renderFixture('admin', { proxyUrl }), 'tpe-consent');
    assert.equal(consent?.attributes.mode, 'admin');
    assert.equal(visibleText(consent?.shadowRoot ?? ''), consentStrings.loading);
  });
});
