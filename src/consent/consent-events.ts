import type { AccountSummary } from '../auth/auth-provider.js';
import type { TpeErrorDetail } from '../tpe-error.js';

export type ConsentStatus = 'signed-out' | 'signing-in' | 'needs-consent' | 'needs-admin-consent' | 'needs-assignment' | 'ready' | 'error';

export interface StatusChangeDetail<S extends string = ConsentStatus> {
  status: S;
  previous: S;
  reason?: string;
}

export interface ConsentEventMap {
  'tpe-signed-in': CustomEvent<{ account: AccountSummary }>;
  'tpe-signed-out': CustomEvent<{ account?: AccountSummary }>;
  'tpe-status-change': CustomEvent<StatusChangeDetail>;
  'tpe-consent-granted': CustomEvent<{ kind: 'user' | 'admin' }>;
  'tpe-resource-account-linked': CustomEvent<{ resourceAccountId: string; displayName: string }>;
  'tpe-resource-account-unlinked': CustomEvent<{ resourceAccountId: string; displayName: string }>;
  'tpe-agent-access-changed': CustomEvent<{ userId: string; displayName: string; granted: boolean }>;
  'tpe-error': CustomEvent<TpeErrorDetail>;
}

declare global {
  // The elements' events, typed for addEventListener on any element or the document.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ConsentEventMap {}
}

/** Fires a `tpe-` event that bubbles out of shadow roots, as the house style asks. */
export function emit<K extends keyof ConsentEventMap>(
  target: EventTarget,
  type: K,
  detail: ConsentEventMap[K]['detail'],
  { cancelable = false }: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
