import { corePipeline } from './azure-sdk.js';
import { DeadlineExceeded } from '../upstream/deadline.js';
import { retryAfterMs, retryAfterSeconds } from '../upstream/retry-after.js';
import { UpstreamThrottled } from '../upstream/throttled-within-deadline.js';
import { UpstreamError } from '../upstream/upstream-error.js';

const IDENTITY_FAILURES = new Set(['AuthenticationError', 'CredentialUnavailableError', 'AggregateAuthenticationError']);

/** Maps an ACS failure (after the SDK's own retries) to the proxy's answer. */
export function fromAcsFailure(error: unknown, signal?: AbortSignal): UpstreamError {
  if (error instanceof UpstreamThrottled) {
    return new UpstreamError(503, 'upstream_unavailable', `Azure Communication Services is busy (${error.status}); try again later.`, retryAfterSeconds(error.retryAfterMs));
  }
  if (error instanceof DeadlineExceeded || signal?.aborted || (error as Error)?.name === 'AbortError') {
    return new UpstreamError(504, 'upstream_timeout', 'Azure Communication Services did not answer in time.');
  }
  // An answer the SDK's deserialiser could not read (not JSON): no status of ACS's to pass on.
  if ((corePipeline.isRestError(error) && error.code === 'PARSE_ERROR') || error instanceof SyntaxError) {
    return new UpstreamError(502, 'upstream_bad_answer', 'Azure Communication Services answered with something the proxy cannot read.');
  }
  if (corePipeline.isRestError(error) && error.statusCode) {
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
    // The proxy's managed identity holds no role on the resource: its deployment is wrong, not the caller.
    if (status === 403 && code === 'AuthorizationFailed') {
      return new UpstreamError(502, 'upstream_auth_failed', 'The proxy is not allowed to use Azure Communication Services; give its managed identity a role on the resource.');
    }
    return new UpstreamError(status, `acs_${code}`, message);
  }
  // @azure/identity could not get the managed identity's token (wrong secret, no identity): nothing reached ACS.
  if (IDENTITY_FAILURES.has((error as Error)?.name)) {
    return new UpstreamError(502, 'upstream_auth_failed', 'The proxy could not get an Entra token for Azure Communication Services; check its managed identity.');
  }
  return new UpstreamError(502, 'upstream_unreachable', 'Azure Communication Services could not be reached.');
}
