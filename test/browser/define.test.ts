import { expect } from '@open-wc/testing';
import { defineTpeElements, TpeCallAgent, TpeConsent } from '../../src/index.js';

describe('registering the elements', () => {
  it('defines nothing when only the classes are imported', () => {
    expect(customElements.get('tpe-consent')).to.equal(undefined);
    expect(customElements.get('tpe-call-agent')).to.equal(undefined);
  });

  it('defines both under a prefix of the page’s choosing, once, and they work', async () => {
    defineTpeElements('acme');
    defineTpeElements('acme');
    expect(customElements.get('acme-consent')!.prototype).to.be.instanceOf(TpeConsent);
    expect(customElements.get('acme-call-agent')!.prototype).to.be.instanceOf(TpeCallAgent);
    expect(customElements.get('tpe-consent')).to.equal(undefined);
    const phone = document.createElement('acme-call-agent') as TpeCallAgent;
    document.body.append(phone);
    await phone.updateComplete;
    expect(phone.status).to.equal('offline');
    // With no identity to follow yet, it says what comes first instead of offering Go online.
    expect(phone.shadowRoot!.querySelector('[part~="message"]')?.textContent).to.equal('Sign in with your work account first; then you can go online.');
    expect(phone.shadowRoot!.querySelector('[part~="online-button"]')).to.equal(null);
    phone.remove();
  });
});
