import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientRequestId } from './entra/correlation.js';
import { EntraError } from './entra/errors.js';

/** The dev tenant answers each surface's errors in that surface's own shape. */
export type Surface = 'acs' | 'graph' | 'entra' | 'dev';

export function surfaceOf(url: string): Surface {
  const path = url.split('?')[0]!;
  if (/^\/(teamsUser|access|identities)(\/|$)/.test(path)) return 'acs';
  if (/^\/(v1\.0|beta)(\/|$)/.test(path)) return 'graph';
  if (path.startsWith('/.dev')) return 'dev';
  return 'entra';
}

/** An error any surface can throw; the error handler renders it in the surface's shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendAcsError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).type('application/json').send({ error: { code, message } });
}

export function sendGraphError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string) {
  const clientRequestId = request.headers['client-request-id'];
  return reply.code(status).type('application/json').send({
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d+Z$/, ''),
        'request-id': randomUUID(),
        'client-request-id': typeof clientRequestId === 'string' ? clientRequestId : randomUUID(),
      },
    },
  });
}

/** Renders any error thrown by a route, or by Fastify itself, in the shape of the surface it hit. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (error instanceof EntraError) return reply.code(error.status).type('application/json').send(error.body(clientRequestId(request)));
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  const status = error instanceof HttpError ? error.status : (fastifyError.statusCode ?? 500);
  const code = error instanceof HttpError ? error.code : fastifyCode(status, fastifyError.code);
  const message = status >= 500 && !(error instanceof HttpError) ? 'The dev tenant failed to handle the request.' : (fastifyError.message ?? 'Bad request.');
  if (status >= 500) request.log.error({ err: error }, 'unhandled error');
  switch (surfaceOf(request.url)) {
    case 'acs':
      return sendAcsError(reply, status, code, message);
    case 'graph':
      return sendGraphError(request, reply, status, code, message);
    case 'entra':
      return reply
        .code(status)
        .type('application/json')
        .send(new EntraError(status === 413 ? 'invalid_request' : code, 900144, message, undefined, status).body(clientRequestId(request)));
    default:
      return reply.code(status).type('application/json').send({ error: { code, message } });
  }
}

function fastifyCode(status: number, code?: string): string {
  if (status === 413) return 'RequestEntityTooLarge';
  if (status === 415) return 'UnsupportedMediaType';
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_VALIDATION') return 'BadRequest';
  if (status === 404) return 'NotFound';
  if (status === 405) return 'MethodNotAllowed';
  return status >= 500 ? 'InternalServerError' : 'BadRequest';
}
