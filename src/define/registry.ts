import { defineTpeCallAgent } from './define-tpe-call-agent.js';
import { defineTpeConsent } from './define-tpe-consent.js';

export { defineTpeCallAgent, defineTpeConsent };

/**
 * Registers both elements as `<{prefix}-consent>` and `<{prefix}-call-agent>`: a page that already has a
 * `tpe-consent` from elsewhere picks its own prefix.
 */
export function defineTpeElements(prefix = 'tpe'): void {
  defineTpeConsent(`${prefix}-consent`);
  defineTpeCallAgent(`${prefix}-call-agent`);
}
