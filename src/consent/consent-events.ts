import type { AccountSummary } from '../auth/auth-provider.js';

/** `busy`: a service asked to wait (429, 503); the element tries again by itself after the wait it asked for. */
export type ConsentStatus = 'signed-out' | 'signing-in' | 'needs-consent' | 'needs-admin-consent' | 'needs-assignment' | 'busy' | 'ready' | 'error';

/** `<tpe-consent>`'s own events (its status and errors are in the shared map, tpe-events.ts). */
export interface ConsentEventMap {
  'tpe-signed-in': CustomEvent<{ account: AccountSummary }>;
  'tpe-signed-out': CustomEvent<{ account?: AccountSummary }>;
  'tpe-consent-granted': CustomEvent<{ kind: 'user' | 'admin' }>;
  'tpe-resource-account-linked': CustomEvent<{ resourceAccountId: string; displayName: string }>;
  'tpe-resource-account-unlinked': CustomEvent<{ resourceAccountId: string; displayName: string }>;
  'tpe-agent-access-changed': CustomEvent<{ userId: string; displayName: string; granted: boolean }>;
}
