import { TpeCallAgent } from '../elements/tpe-call-agent.js';

/** Registers `<tpe-call-agent>` (or another tag name), once. */
export function defineTpeCallAgent(tagName = 'tpe-call-agent'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, class extends TpeCallAgent {});
}

defineTpeCallAgent();

declare global {
  interface HTMLElementTagNameMap {
    'tpe-call-agent': TpeCallAgent;
  }
}
