import { ContextProvider } from '@lit/context';
import { expect } from '@open-wc/testing';
import type { MsalAuthProvider } from '../../src/auth/msal-auth-provider.js';
import { loadMsalProvider } from '../../src/auth/load-msal-provider.js';
import { resolveConsentSettings } from '../../src/consent/consent-settings.js';
import { createPageServices, documentServices, pageServicesContext, sharedServices } from '../../src/page-services.js';
import { ProxyClient } from '../../src/proxy/proxy-client.js';
import { mountConsent, waitForStatus } from './support/consent.js';
import { devTenant, resetDevTenant } from './support/dev-tenant.js';

describe('page services: what the elements of one page share', () => {
  beforeEach(() => resetDevTenant());
  afterEach(() => document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove()));

  async function settings() {
    const { proxyUrl } = await devTenant();
    return resolveConsentSettings(new ProxyClient(proxyUrl), { redirectUri: new URL('/test/browser/redirect.html', location.origin).href });
  }

  it('gives elements configured alike one MSAL application, each with its own options, and another configuration its own', async () => {
    const services = createPageServices();
    const base = await settings();
    const withFallback = (await loadMsalProvider(base, { redirectFallback: true }, services)) as MsalAuthProvider;
    const withoutFallback = (await loadMsalProvider(base, {}, services)) as MsalAuthProvider;
    const otherCache = (await loadMsalProvider({ ...base, cacheLocation: 'memoryStorage' }, {}, services)) as MsalAuthProvider;
    expect(withFallback.msal === withoutFallback.msal, 'one application for one configuration').to.equal(true);
    expect(otherCache.msal === withFallback.msal, 'another cache location, another application').to.equal(false);

    // The browser blocks the sign-in window: only the element that asked for it falls back to a full-page redirect.
    await withFallback.initialize();
    const redirects: unknown[] = [];
    const msal = withFallback.msal as typeof withFallback.msal & { loginRedirect: (request: unknown) => Promise<void> };
    const realRedirect = msal.loginRedirect;
    const realOpen = window.open;
    msal.loginRedirect = async (request) => void redirects.push(request);
    window.open = () => null;
    try {
      const refused = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { errorCode?: string }) => error.errorCode);
      expect(await refused(withoutFallback.signIn({ scopes: ['User.Read'] }))).to.match(/window_error/);
      expect(redirects, 'redirects without the fallback').to.have.length(0);
      await refused(withFallback.signIn({ scopes: ['User.Read'] }));
      expect(redirects, 'redirects with the fallback').to.have.length(1);
    } finally {
      msal.loginRedirect = realRedirect;
      window.open = realOpen;
    }
  });

  it("lets a page hand its elements their services through context, and keeps the document's apart", async () => {
    const provided = createPageServices();
    const host = document.createElement('div');
    document.body.append(host);
    new ContextProvider(host, { context: pageServicesContext, initialValue: provided });
    const { el } = await mountConsent({}, host);
    await waitForStatus(el, 'signed-out');
    expect(el.services === provided, 'the provided services').to.equal(true);
    expect(sharedServices(provided).msal, 'MSAL applications, created in the provided services').to.not.equal(undefined);
    expect(documentServices() === provided).to.equal(false);
    host.remove();
  });
});
