import type { Meter } from '@opentelemetry/api';
import type { ProxyMetrics } from './proxy-metrics.js';

/**
 * ProxyMetrics as OpenTelemetry instruments. Names follow OpenTelemetry's conventions (dots, units apart);
 * Prometheus sees them as `tpe_proxy_exchanges_total`, `tpe_proxy_exchange_duration_bucket`, … Labels are
 * small closed sets (outcome, reason, operation, status, scope, part): never a user, tenant or token.
 */
export function meteredProxy(meter: Meter): ProxyMetrics {
  const exchanges = meter.createCounter('tpe_proxy.exchanges', { description: 'Teams-user exchanges answered, by outcome: issued by ACS, cached, failed.' });
  const duration = meter.createHistogram('tpe_proxy.exchange.duration', {
    description: 'Time from request to answer of Teams-user exchanges, in seconds (as OpenTelemetry and Prometheus measure durations).',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
  });
  const refusals = meter.createCounter('tpe_proxy.token.refusals', { description: 'Entra tokens refused, by reason.' });
  const upstream = meter.createCounter('tpe_proxy.upstream.responses', { description: 'ACS answers per attempt, by operation and HTTP status (timeout or network when none).' });
  const limited = meter.createCounter('tpe_proxy.rate_limited', { description: 'Requests refused by a rate limit, by scope: client address or signed-in caller.' });
  const fallbacks = meter.createCounter('tpe_proxy.shared_store.fallbacks', { description: 'Times the shared store (REDIS_URL) could not be used and the instance fell back to its own memory.' });
  return {
    exchange(outcome, durationMs) {
      exchanges.add(1, { outcome });
      duration.record(durationMs / 1000, { outcome });
    },
    tokenRefused: (reason) => refusals.add(1, { reason }),
    upstreamStatus: (operation, status) => upstream.add(1, { operation, status: String(status) }),
    rateLimited: (scope) => limited.add(1, { scope }),
    sharedStoreFallback: (part) => fallbacks.add(1, { part }),
  };
}
