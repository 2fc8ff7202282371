import { TpeConsent } from '../elements/tpe-consent.js';

/** Registers `<tpe-consent>` (or `<{prefix}-consent>`), once. */
export function defineTpeConsent(tagName = 'tpe-consent'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, class extends TpeConsent {});
}

defineTpeConsent();

declare global {
  interface HTMLElementTagNameMap {
    'tpe-consent': TpeConsent;
  }
}
