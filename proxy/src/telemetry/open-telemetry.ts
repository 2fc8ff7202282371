import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AzureSdkInstrumentation } from '@azure/opentelemetry-instrumentation-azure-sdk';
import { trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { coreTracing } from '../acs/azure-sdk.js';
import type { FastifyInstance } from 'fastify';
import type { ProxyConfig } from '../config.js';
import { meteredProxy } from './metered-proxy.js';
import type { ProxyMetrics } from './proxy-metrics.js';
import { traceRequests } from './request-spans.js';

export interface OpenTelemetry {
  metrics: ProxyMetrics;
  /** Present when traces are exported: gives every request of the app its server span (request-spans.ts). */
  traceRequests?: (app: FastifyInstance) => void;
  /** Where Prometheus scrapes, when PROMETHEUS_PORT is set. */
  prometheusUrl?: string;
  /** Sends what is still buffered and stops the exporters and the Prometheus endpoint. */
  shutdown(): Promise<void>;
}

/**
 * Starts what the configuration asks for: traces and metrics over OTLP/HTTP (JSON) to a collector, and a
 * Prometheus endpoint on its own port (not the API's, so it is never exposed with the API). The Azure SDK's
 * own spans (the identity client's call, each HTTP attempt) join the proxy's through Microsoft's OpenTelemetry
 * instrumentation for the Azure SDK, applied to the one @azure/core-tracing this process loaded: its usual
 * require hook never sees an ES module import.
 */
export async function startOpenTelemetry(config: ProxyConfig['telemetry']): Promise<OpenTelemetry> {
  const resource = resourceFromAttributes({ 'service.name': config.serviceName });
  const readers: MetricReader[] = [];
  if (config.otlpEndpoint) {
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${config.otlpEndpoint}/v1/metrics` }), exportIntervalMillis: config.metricExportIntervalMs }));
  }
  let prometheus: { exporter: PrometheusExporter; server: Server; url: string } | undefined;
  if (config.prometheus) {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    readers.push(exporter);
    const server = createServer((request, response) => {
      if (request.method === 'GET' && request.url?.split('?')[0] === '/metrics') exporter.getMetricsRequestHandler(request, response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.prometheus!.port, config.prometheus!.host, resolve));
    const { port } = server.address() as AddressInfo;
    const host = config.prometheus.host.includes(':') ? `[${config.prometheus.host}]` : config.prometheus.host;
    prometheus = { exporter, server, url: `http://${host}:${port}/metrics` };
  }
  const meterProvider = new MeterProvider({ resource, readers });

  let tracerProvider: BasicTracerProvider | undefined;
  if (config.otlpEndpoint) {
    tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces` }))] });
    // The Azure SDK's instrumenter asks the global API for its tracer; one proxy per process sets it.
    trace.setGlobalTracerProvider(tracerProvider);
    for (const definition of new AzureSdkInstrumentation().getModuleDefinitions()) definition.patch?.(coreTracing);
  }

  return {
    metrics: meteredProxy(meterProvider.getMeter('tpe-token-proxy')),
    traceRequests: tracerProvider && ((app) => traceRequests(app, tracerProvider.getTracer('tpe-token-proxy'))),
    prometheusUrl: prometheus?.url,
    async shutdown() {
      await Promise.allSettled([meterProvider.shutdown(), tracerProvider?.shutdown()]);
      if (tracerProvider) trace.disable();
      if (prometheus) await new Promise<void>((resolve) => prometheus.server.close(() => resolve()));
    },
  };
}
