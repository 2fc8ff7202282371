/**
 * What the proxy counts, as calls: the OpenTelemetry meter (telemetry/) implements them when metrics are on,
 * and `NO_METRICS` when they are off, so the request path never asks whether anyone is listening.
 */
export interface ProxyMetrics {
  /** One Teams-user exchange answered: issued by ACS, served from the cache, or failed (with the answer's status). */
  exchange(outcome: 'issued' | 'cached' | 'failed', durationMs: number): void;
  /** A caller's Entra token refused, by the reason the 401 names (expired, wrong_audience, …). */
  tokenRefused(reason: string): void;
  /** What ACS answered an upstream call: its HTTP status, or `timeout` / `network` when there was no answer. */
  upstreamStatus(operation: 'exchange' | 'assignments', status: number | 'timeout' | 'network'): void;
  /** A request refused by a rate limit: per client address or per signed-in caller. */
  rateLimited(scope: 'address' | 'caller'): void;
  /** The shared store (REDIS_URL) could not be used for this; the instance went on with its own memory. */
  sharedStoreFallback(part: 'rate_limit' | 'token_cache' | 'revocation'): void;
}

export const NO_METRICS: ProxyMetrics = Object.freeze({
  exchange() {},
  tokenRefused() {},
  upstreamStatus() {},
  rateLimited() {},
  sharedStoreFallback() {},
});
