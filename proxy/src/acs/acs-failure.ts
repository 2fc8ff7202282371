import { isRestError } from '@azure/core-rest-pipeline';
import { DeadlineExceeded } from '../upstream/deadline.js';
import { retryAfterMs, retryAfterSeconds } from '../upstream/retry-after.js';
import { UpstreamThrottled } from '../upstream/throttled-within-deadline.js';
import { UpstreamError } from '../upstream/upstream-error.js';

/** Maps an ACS failure (after the SDK's own retries) to the proxy's answer. */
export function fromAcsFailure(error: unknown, signal?: AbortSignal): UpstreamError {
  if (error instanceof UpstreamThrottled) {
    return new UpstreamError(503, 'upstream_unavailable', `Azure Communication Services is busy (${error.status}); try again later.`, retryAfterSeconds(error.retryAfterMs));
  }
  if (error instanceof DeadlineExceeded || signal?.aborted || (error as Error)?.name === 'AbortError') {
    return new UpstreamError(504, 'upstream_timeout', 'Azure Communication Services did not answer in time.');
  }
  if (isRestError(error) && error.statusCode) {
    const status = error.statusCode;
    const body = (error.details ?? {}) as { error?: { code?: string; message?: string } };
    const code = body.error?.code ?? error.code ?? `Http${status}`;
    const message = body.error?.message ?? error.message;
    if (status === 429 || status >= 500) {
      const wait = error.response ? retryAfterMs(error.response.headers) : undefined;
      return new UpstreamError(503, 'upstream_unavailable', `Azure Communication Services is unavailable (${status} ${code}); try again later.`, retryAfterSeconds(wait ?? 5_000));
    }
    if (status === 401 && code !== 'Unauthorized' && /hmac|signature|access key|denied by the resource/i.test(message)) {
      return new UpstreamError(502, 'upstream_auth_failed', 'The proxy could not authenticate to Azure Communication Services; check its ACS credential.');
    }
    return new UpstreamError(status, `acs_${code}`, message);
  }
  return new UpstreamError(502, 'upstream_unreachable', 'Azure Communication Services could not be reached.');
}
