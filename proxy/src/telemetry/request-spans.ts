import { defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's server span, and the context its upstream calls start their spans in (tracing on only). */
    span?: Span;
    traceContext?: Context;
  }
}

/** The W3C header a page (or a gateway in front) sends; Azure's own services use W3C too. */
const propagator = new W3CTraceContextPropagator();

/**
 * A server span for every request, the child of the caller's `traceparent` when it sent one, so that a page's
 * trace runs on through the proxy into ACS. Named by route template (never the path with its ids), with the
 * status and, for failures, the error's code: never a token or a user.
 */
export function traceRequests(app: FastifyInstance, tracer: Tracer): void {
  app.decorateRequest('span', undefined);
  app.decorateRequest('traceContext', undefined);
  app.addHook('onRequest', async (request) => {
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer.startSpan(`${request.method} ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route, 'tpe.request_id': String(request.id) } }, parent);
    request.span = span;
    request.traceContext = trace.setSpan(parent, span);
  });
  app.addHook('onResponse', async (request, reply) => {
    end(request, reply.statusCode);
  });
  // A caller that left before the answer still ends its span: the trace shows it gave up.
  app.addHook('onRequestAbort', async (request) => {
    request.span?.setAttribute('tpe.caller_left', true);
    end(request, undefined);
  });
}

function end(request: FastifyRequest, status: number | undefined): void {
  const span = request.span;
  if (!span) return;
  request.span = undefined;
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (status === undefined || status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
