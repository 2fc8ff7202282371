import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import { mountConsent, part, until, waitForStatus } from './support/consent.js';
import { devTenant, resetDevTenant } from './support/dev-tenant.js';
import { watchFetch, type WatchedFetch } from './support/watched-fetch.js';

const UNREACHABLE_PROXY = 'http://127.0.0.1:9';
const isConfig = (url: URL) => url.pathname === '/api/config';

/** Signed out with the sign-in button: the settings were read and MSAL is up. */
const loaded = (el: TpeConsent) => until(() => Boolean(part(el, 'sign-in-button')), `<tpe-consent mode="${el.mode}"> to offer sign-in (is ${el.status})`);

/** An agent's and an administrator's element put on the page together, as a desktop with both views does. */
async function agentAndAdmin(proxyUrl: string): Promise<{ agent: TpeConsent; admin: TpeConsent }> {
  const host = document.createElement('div');
  document.body.append(host);
  const redirectUri = new URL('/test/browser/redirect.html', location.origin).href;
  render(
    html`<tpe-consent mode="agent" proxy-url=${proxyUrl} redirect-uri=${redirectUri}></tpe-consent>
      <tpe-consent mode="admin" proxy-url=${proxyUrl} redirect-uri=${redirectUri}></tpe-consent>`,
    host,
  );
  const [agent, admin] = host.querySelectorAll('tpe-consent');
  return { agent: agent!, admin: admin! };
}

describe('<tpe-consent> elements pointed at one proxy', () => {
  let config: WatchedFetch | undefined;

  beforeEach(async () => {
    await resetDevTenant();
  });

  afterEach(() => {
    config?.restore();
    config = undefined;
    document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove());
  });

  it("read the proxy's settings once, however many there are and whenever they come", async () => {
    const { proxyUrl } = await devTenant();
    config = watchFetch(isConfig);
    const { agent, admin } = await agentAndAdmin(proxyUrl);
    await loaded(agent);
    await loaded(admin);
    expect(config.requests, 'one /api/config for both').to.have.length(1);
    expect(agent.settings!.clientId).to.be.a('string').and.equal(admin.settings!.clientId);

    // Another view of the same desktop, added once the first two are ready (and with settings of its own).
    const later = await mountConsent();
    await loaded(later.el);
    expect(config.requests, 'none for the third').to.have.length(1);
    expect(later.el.settings!.adminConsentRedirectUri).to.not.equal(agent.settings!.adminConsentRedirectUri);
  });

  it('read again for a different proxy URL', async () => {
    const { proxyUrl } = await devTenant();
    config = watchFetch(isConfig);
    const reachable = await mountConsent();
    const unreachable = await mountConsent({ proxyUrl: UNREACHABLE_PROXY });
    await loaded(reachable.el);
    await waitForStatus(unreachable.el, 'error');
    expect(config.requests.map((r) => r.url.origin).sort()).to.deep.equal([new URL(proxyUrl).origin, UNREACHABLE_PROXY].sort());
  });

  it('keep no failed read: the next element asks the proxy again', async () => {
    let failures = 1;
    config = watchFetch(isConfig, {
      answer: () => {
        if (failures-- <= 0) return undefined;
        const error = { code: 'config_unavailable', message: 'The token proxy could not read its settings.' };
        return new Response(JSON.stringify({ error }), { status: 500, headers: { 'content-type': 'application/json' } });
      },
    });
    const first = await mountConsent();
    await waitForStatus(first.el, 'error');
    expect(part(first.el, 'message')!.textContent).to.equal('The token proxy could not read its settings.');

    const second = await mountConsent();
    await loaded(second.el);
    expect(config.requests.map((r) => r.status)).to.deep.equal([500, 200]);
  });

  it('keep the read going for the others when one of them is removed while it is on its way', async () => {
    const { proxyUrl } = await devTenant();
    config = watchFetch(isConfig, { hold: () => true });
    const { agent, admin } = await agentAndAdmin(proxyUrl);
    await until(() => config!.requests.length === 1, 'the settings read');

    agent.parentElement!.removeChild(agent);
    const [read] = config.requests;
    expect(read!.signal!.aborted, 'still wanted by the admin element').to.equal(false);
    await read!.release();
    await loaded(admin);
    expect(config.requests).to.have.length(1);
  });

  it('abort the read once the last one that wanted it is removed', async () => {
    const { proxyUrl } = await devTenant();
    config = watchFetch(isConfig, { hold: () => true });
    const { agent, admin } = await agentAndAdmin(proxyUrl);
    await until(() => config!.requests.length === 1, 'the settings read');
    const [read] = config.requests;

    agent.parentElement!.removeChild(agent);
    expect(read!.signal!.aborted).to.equal(false);
    admin.parentElement!.removeChild(admin);
    expect(read!.signal!.aborted).to.equal(true);
  });

  it('forget the answer once none of them is left, so a page that starts over reads afresh', async () => {
    config = watchFetch(isConfig);
    const first = await mountConsent();
    await loaded(first.el);
    first.el.parentElement!.remove();

    const second = await mountConsent();
    await loaded(second.el);
    expect(config.requests).to.have.length(2);
  });
});
