import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** What Graph answers JSON with; the Graph SDKs treat any `application/json` variant as JSON. */
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A client-request-id is echoed only when it is a plain printable token, never arbitrary bytes. */
const ECHOABLE = /^[\x21-\x7e]{1,128}$/;

/**
 * The headers support engineers ask for in every Graph bug report: `request-id`, and the caller's own
 * `client-request-id` echoed back. For errors the headers repeat the ids written in the error body.
 */
export function addGraphResponseHeaders(graph: FastifyInstance): void {
  graph.addHook('onRequest', async (request, reply) => {
    const requestId = randomUUID();
    const clientRequestId = request.headers['client-request-id'];
    reply.header('request-id', requestId);
    reply.header('client-request-id', typeof clientRequestId === 'string' && ECHOABLE.test(clientRequestId) ? clientRequestId : requestId);
    reply.header('odata-version', '4.0');
    reply.header('cache-control', 'no-cache');
  });

  graph.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
    if (reply.statusCode < 400) {
      reply.header('content-type', ODATA_JSON);
      return payload;
    }
    try {
      const inner = (JSON.parse(payload) as { error?: { innerError?: Record<string, unknown> } }).error?.innerError;
      if (typeof inner?.['request-id'] === 'string') reply.header('request-id', inner['request-id']);
      const clientRequestId = inner?.['client-request-id'];
      if (typeof clientRequestId === 'string' && ECHOABLE.test(clientRequestId)) reply.header('client-request-id', clientRequestId);
    } catch {
      // Not a Graph error body: keep the id made on arrival.
    }
    return payload;
  });
}
