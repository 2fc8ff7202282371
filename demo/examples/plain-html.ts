// The plain-HTML example's only module. A vendor's page loads the two define modules with script tags
// (`<script type="module" src="…/tpe-elements/define/tpe-consent.js">`); on the dev tenant they come from
// the source, and the page is pointed at whatever ports `npm start` picked.
import '../../src/define/tpe-consent.js';
import '../../src/define/tpe-call-agent.js';
import { loadResourceAccounts, proxyUrl, redirectUri } from './dev-tenant.js';

const consent = document.querySelector('tpe-consent')!;
consent.setAttribute('proxy-url', proxyUrl);
consent.setAttribute('redirect-uri', redirectUri);

// A property, not an attribute: the lines the phone shows on the ringing card and offers for dialing.
const phone = document.querySelector('tpe-call-agent')!;
void loadResourceAccounts()
  .then((accounts) => (phone.resourceAccounts = accounts))
  .catch((error: Error) => console.warn(error.message));
