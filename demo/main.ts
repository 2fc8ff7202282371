// The demo agent desktop: the elements, pointed at the token proxy `npm start` runs for the dev tenant.
import '../src/define/tpe-consent.js';

const proxyUrl = import.meta.env.VITE_PROXY_URL ?? 'http://127.0.0.1:4020';
const redirectUri = new URL('./redirect.html', location.href).href;
const adminConsentRedirectUri = new URL('./admin-consent-done.html', location.href).href;

for (const el of document.querySelectorAll('tpe-consent')) {
  el.setAttribute('redirect-uri', redirectUri);
  el.setAttribute('admin-consent-redirect-uri', adminConsentRedirectUri);
  el.setAttribute('proxy-url', proxyUrl);
}

const buttons = document.querySelectorAll<HTMLButtonElement>('nav button[data-view]');
function show(view: string) {
  for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.view === view));
  for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) panel.hidden = panel.dataset.panel !== view;
  history.replaceState(null, '', `#${view}`);
}
for (const button of buttons) button.addEventListener('click', () => show(button.dataset.view!));
show(location.hash === '#agent' ? 'agent' : 'admin');
