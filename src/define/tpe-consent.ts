// Importing this module registers <tpe-consent> (a side effect, listed in package.json's sideEffects).
import type { TpeConsent } from '../elements/tpe-consent.js';
import { defineTpeConsent } from './define-tpe-consent.js';

export { defineTpeConsent };

defineTpeConsent();

declare global {
  interface HTMLElementTagNameMap {
    'tpe-consent': TpeConsent;
  }
}
