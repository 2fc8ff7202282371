import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The caller's `client-request-id` (a header, or a parameter as MSAL sends it): Entra uses it as the
 * correlation id of the request and, when asked with `return-client-request-id: true`, echoes it back in a
 * response header so the caller can match its log lines to Entra's.
 */
export function clientRequestId(request: FastifyRequest): string | undefined {
  const value = request.headers['client-request-id'] ?? parameter(request, 'client-request-id');
  return typeof value === 'string' && value ? value : undefined;
}

/** Sets the `client-request-id` response header when the request asked for it; call before anything can throw. */
export function echoClientRequestId(request: FastifyRequest, reply: FastifyReply): void {
  const asked = request.headers['return-client-request-id'] ?? parameter(request, 'return-client-request-id');
  const id = clientRequestId(request);
  if (id && String(asked).toLowerCase() === 'true') reply.header('client-request-id', id);
}

function parameter(request: FastifyRequest, name: string): unknown {
  const fromBody = typeof request.body === 'object' && request.body ? (request.body as Record<string, unknown>)[name] : undefined;
  return fromBody ?? (request.query as Record<string, unknown> | undefined)?.[name];
}
