import type { CallingSdk } from './calling-sdk.js';

/**
 * The real Calling SDK, fetched only when an agent goes online: it is one ≈1.7 MB (gzip) file, which a
 * page must not pay for on first load. Returning it as `CallingSdk` is the compile-time proof that the
 * shapes the call agent relies on are the SDK's.
 */
export async function loadCallingSdk(): Promise<CallingSdk> {
  return import('@azure/communication-calling');
}
