import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as OTLP/HTTP's JSON encoding carries it (ids in hex). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** One data point of a counter (a sum), with its attributes. */
export interface ReceivedPoint {
  attributes: Record<string, unknown>;
  value: number;
}

export interface OtlpReceiver {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans(): ReceivedSpan[];
  /** The latest export's points of one sum metric (cumulative, so the latest holds the totals). */
  sum(name: string): ReceivedPoint[];
  close(): Promise<void>;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
const attributes = (list: KeyValue[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue))]));

/**
 * An OpenTelemetry collector's OTLP/HTTP receiver in the test's own process: POST /v1/traces and /v1/metrics
 * with the protocol's JSON encoding, answered 200 as a collector does. Port from TPE_TEST_OTLP_PORT, or any free one.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const traces: unknown[] = [];
  const metrics: unknown[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const into = request.url === '/v1/traces' ? traces : request.url === '/v1/metrics' ? metrics : undefined;
      if (request.method !== 'POST' || !into || !String(request.headers['content-type']).startsWith('application/json')) {
        response.writeHead(404).end();
        return;
      }
      into.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.TPE_TEST_OTLP_PORT ?? 0), '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () =>
      traces.flatMap((t) =>
        (t as { resourceSpans: { scopeSpans: { spans: (ReceivedSpan & { attributes: KeyValue[] })[] }[] }[] }).resourceSpans.flatMap((r) =>
          r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ ...span, attributes: attributes(span.attributes) }))),
        ),
      ),
    sum(name) {
      type Metric = { name: string; sum?: { dataPoints: { attributes: KeyValue[]; asInt?: string | number; asDouble?: number }[] } };
      const exports = metrics as { resourceMetrics: { scopeMetrics: { metrics: Metric[] }[] }[] }[];
      for (const body of [...exports].reverse()) {
        const metric = body.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)).find((m) => m.name === name);
        if (metric?.sum) return metric.sum.dataPoints.map((p) => ({ attributes: attributes(p.attributes), value: Number(p.asInt ?? p.asDouble) }));
      }
      return [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
