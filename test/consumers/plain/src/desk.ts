// The agent desk as a vendor writes it with a bundler: the two define modules, the proxy, and the page's own
// reaction to the phone's typed events.
import 'tpe-elements/define/tpe-consent.js';
import 'tpe-elements/define/tpe-call-agent.js';
import { proxyUrl } from './proxy-url.js';

const consent = document.querySelector('tpe-consent')!;
consent.proxyUrl = proxyUrl;

const phone = document.querySelector('tpe-call-agent')!;
phone.strings = { goOnline: 'Start taking calls' };
const phoneStatus = document.querySelector<HTMLOutputElement>('#phone-status')!;
const caller = document.querySelector<HTMLOutputElement>('#caller')!;

phone.addEventListener('tpe-status-change', (event) => {
  phoneStatus.value = event.detail.status;
});
phone.addEventListener('tpe-incoming-call', (event) => {
  caller.value = event.detail.callerNumber ?? 'unknown number';
});
