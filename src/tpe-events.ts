import type { CallAgentEventMap, CallAgentStatus } from './calling/call-agent-events.js';
import type { ConsentEventMap, ConsentStatus } from './consent/consent-events.js';
import type { TpeErrorDetail } from './tpe-error.js';

export interface StatusChangeDetail<S extends string = ConsentStatus | CallAgentStatus> {
  status: S;
  previous: S;
  reason?: string;
}

/** Events both elements fire: the status of `<tpe-consent>` or `<tpe-call-agent>`, and errors. */
export interface SharedEventMap {
  'tpe-status-change': CustomEvent<StatusChangeDetail>;
  'tpe-error': CustomEvent<TpeErrorDetail>;
}

export interface TpeEventMap extends SharedEventMap, ConsentEventMap, CallAgentEventMap {}

declare global {
  // The elements' events, typed for addEventListener on any element or the document.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends TpeEventMap {}
}

/** Fires a `tpe-` event that bubbles out of shadow roots, as the house style asks; false when a listener vetoed it. */
export function emit<K extends keyof TpeEventMap>(
  target: EventTarget,
  type: K,
  detail: TpeEventMap[K]['detail'],
  { cancelable = false }: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
