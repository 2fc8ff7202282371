import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CALL_CODES, CallingError } from './call-codes.js';

const FASTIFY_WORDS: Record<number, string> = { 404: 'NotFound', 405: 'MethodNotAllowed', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType' };

/** Every calling error, Fastify's own included (bad JSON, a body too large), in the calling error shape. */
export function handleCallingError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof CallingError) return reply.code(error.status).type('application/json').send(error.body());
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled calling error');
    const internal = new CallingError('internal');
    return reply.code(internal.status).type('application/json').send(internal.body());
  }
  const code = FASTIFY_WORDS[status] ?? 'BadRequest';
  return reply.code(status).type('application/json').send({ error: { code, message: error.message, subCode: CALL_CODES.badRequest.subCode } });
}
