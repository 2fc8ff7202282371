// Importing this module registers <tpe-call-agent> (a side effect, listed in package.json's sideEffects).
import type { TpeCallAgent } from '../elements/tpe-call-agent.js';
import { defineTpeCallAgent } from './define-tpe-call-agent.js';

export { defineTpeCallAgent };

defineTpeCallAgent();

declare global {
  interface HTMLElementTagNameMap {
    'tpe-call-agent': TpeCallAgent;
  }
}
