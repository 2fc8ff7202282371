import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { ProxyMetrics } from './proxy-metrics.js';

type Operation = Parameters<ProxyMetrics['upstreamStatus']>[0];

/**
 * Counts what ACS answered each attempt (inside the retry policy, so a retried 503 counts as a 503 and then
 * the 200): an outage shows as upstream statuses rather than as instances leaving the balancer.
 */
export function upstreamStatusPolicy(operation: Operation, metrics: ProxyMetrics): PipelinePolicy {
  return {
    name: 'tpeUpstreamStatus',
    async sendRequest(request, next) {
      try {
        const response = await next(request);
        metrics.upstreamStatus(operation, response.status);
        return response;
      } catch (error) {
        metrics.upstreamStatus(operation, request.abortSignal?.aborted ? 'timeout' : 'network');
        throw error;
      }
    },
  };
}
