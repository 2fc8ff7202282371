import { tpeError } from './messages/error-words.js';
import { errorsCommonEn } from './messages/errors.common.en.js';
import type { TpeError } from './tpe-error.js';

/** The code of every "busy, try again later" failure, whichever service said it. */
export const SERVICE_BUSY = 'service-busy' as const;

/**
 * A service answered 429 or 503: nothing is wrong with the person's sign-in or set-up, and waiting is the
 * remedy. Says when, if the service said (its Retry-After).
 */
export function serviceBusy(source: 'proxy' | 'graph' | 'acs', retryAfterSeconds?: number): TpeError {
  return tpeError(errorsCommonEn, SERVICE_BUSY, source, undefined, retryAfterSeconds);
}
