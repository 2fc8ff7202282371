import { TpeConsent } from '../elements/tpe-consent.js';

/** Registers `<tpe-consent>` under `tagName`, once; a fresh subclass, as one constructor takes one name. */
export function defineTpeConsent(tagName = 'tpe-consent'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, class extends TpeConsent {});
}
