import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { deadlineOf } from './deadline.js';
import { retryAfterMs } from './retry-after.js';

/** ACS throttled or was unavailable and asked for a wait that would outlast the proxy's deadline. */
export class UpstreamThrottled extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number,
  ) {
    super(`Azure Communication Services answered ${status} and asked for ${retryAfterMs} ms.`);
    this.name = 'UpstreamThrottled';
  }
}

/**
 * Runs inside each retry: when ACS answers 429 or 503 with a Retry-After that ends after the request's
 * deadline, waiting is pointless, so it gives up at once and the caller learns the Retry-After. Without it the
 * SDK's retry policy sleeps into the deadline and the caller gets 504 with no hint of when to come back.
 * A plain Error (not a RestError) passes the retry policy straight through.
 */
export function throttledWithinDeadlinePolicy(): PipelinePolicy {
  return {
    name: 'tpeThrottledWithinDeadline',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status !== 429 && response.status !== 503) return response;
      const wait = retryAfterMs(response.headers);
      const deadline = deadlineOf(request.abortSignal as AbortSignal | undefined);
      if (wait !== undefined && deadline !== undefined && Date.now() + wait >= deadline) throw new UpstreamThrottled(response.status, wait);
      return response;
    },
  };
}
