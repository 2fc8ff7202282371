import type { ProxyConfig } from '../config.js';
import type { OpenTelemetry } from './open-telemetry.js';

/**
 * OpenTelemetry when the configuration asks for any of it (a collector, a Prometheus port), else undefined.
 * Loaded only then, so a proxy without telemetry never pays the SDK's memory and start-up.
 */
export async function startTelemetry(config: ProxyConfig['telemetry']): Promise<OpenTelemetry | undefined> {
  if (!config.otlpEndpoint && !config.prometheus) return undefined;
  const { startOpenTelemetry } = await import('./open-telemetry.js');
  return startOpenTelemetry(config);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where Prometheus scrapes this proxy's metrics, when PROMETHEUS_PORT is set. */
    metricsUrl: string | undefined;
  }
}
