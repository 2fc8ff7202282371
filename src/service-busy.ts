import { TpeError } from './tpe-error.js';

/** The code of every "busy, try again later" failure, whichever service said it. */
export const SERVICE_BUSY = 'service-busy';

const BUSY: Record<string, string> = {
  proxy: 'The service is busy right now.',
  graph: 'The directory (Microsoft Graph) is busy right now.',
  acs: 'Azure Communication Services is busy right now.',
};

function later(seconds: number): string {
  if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * A service answered 429 or 503: nothing is wrong with the person's sign-in or set-up, and waiting is the
 * remedy. Says when, if the service said (its Retry-After).
 */
export function serviceBusy(source: 'proxy' | 'graph' | 'acs', retryAfterSeconds?: number): TpeError {
  const remedy = retryAfterSeconds === undefined ? 'Wait a moment, then try again.' : `Try again in ${later(Math.max(1, retryAfterSeconds))}.`;
  return new TpeError(SERVICE_BUSY, BUSY[source]!, remedy, source, retryAfterSeconds);
}
