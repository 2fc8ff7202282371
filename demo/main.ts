// The demo agent desktop: the elements, pointed at the token proxy `npm start` runs for the dev tenant.
import '../src/define/tpe-consent.js';
import '../src/define/tpe-call-agent.js';
import './far-end-panel.js';

const proxyUrl = import.meta.env.VITE_PROXY_URL ?? 'http://127.0.0.1:4020';
const redirectUri = new URL('./redirect.html', location.href).href;
const adminConsentRedirectUri = new URL('./admin-consent-done.html', location.href).href;

for (const el of document.querySelectorAll('tpe-consent')) {
  el.setAttribute('redirect-uri', redirectUri);
  el.setAttribute('admin-consent-redirect-uri', adminConsentRedirectUri);
  el.setAttribute('proxy-url', proxyUrl);
}

// The dev tenant names the resource accounts an agent answers and calls for (a real page knows its own).
const devTenantUrl = import.meta.env.VITE_DEV_TENANT_URL ?? 'http://127.0.0.1:4010';
void fetch(`${devTenantUrl}/.dev/config`)
  .then((response) => response.json())
  .then(({ resourceAccounts }) => {
    for (const phone of document.querySelectorAll('tpe-call-agent')) phone.resourceAccounts = resourceAccounts;
    for (const farEnd of document.querySelectorAll('demo-far-end')) Object.assign(farEnd, { devTenantUrl, resourceAccounts });
  })
  .catch(() => undefined);

const buttons = document.querySelectorAll<HTMLButtonElement>('nav button[data-view]');
function show(view: string) {
  for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.view === view));
  for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) panel.hidden = panel.dataset.panel !== view;
  history.replaceState(null, '', `#${view}`);
}
for (const button of buttons) button.addEventListener('click', () => show(button.dataset.view!));
show(location.hash === '#agent' ? 'agent' : 'admin');
