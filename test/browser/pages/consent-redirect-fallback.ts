// A page whose browser blocks popups: <tpe-consent redirect-fallback> signs in by full-page redirect and,
// when the page comes back, resumes; the page reports each status to the test.
import '../../../src/define/tpe-consent.js';
import { loadDevTenant } from '../support/dev-tenant-config.js';

const channel = new BroadcastChannel('consent-redirect-fallback');
window.open = () => null;
const { proxyUrl } = await loadDevTenant();
const el = document.createElement('tpe-consent');
el.setAttribute('proxy-url', proxyUrl);
el.setAttribute('redirect-uri', new URL('/test/browser/redirect.html', location.origin).href);
el.toggleAttribute('redirect-fallback', true);
el.addEventListener('tpe-status-change', (event) => channel.postMessage({ status: event.detail.status, account: el.account?.username }));
document.body.append(el);
await el.updateComplete;
const started = sessionStorage.getItem('redirect-fallback-started');
if (!started) {
  sessionStorage.setItem('redirect-fallback-started', '1');
  const wait = () => new Promise((r) => setTimeout(r, 50));
  while (!el.shadowRoot?.querySelector('[part~="sign-in-button"]')) await wait();
  el.shadowRoot.querySelector<HTMLButtonElement>('[part~="sign-in-button"]')!.click();
}
