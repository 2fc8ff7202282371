import { TpeCallAgent } from '../elements/tpe-call-agent.js';

/** Registers `<tpe-call-agent>` under `tagName`, once; a fresh subclass, as one constructor takes one name. */
export function defineTpeCallAgent(tagName = 'tpe-call-agent'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, class extends TpeCallAgent {});
}
