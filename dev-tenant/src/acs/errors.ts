import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, sendError } from '../errors.js';

/**
 * An ACS error. Where the real service's code is known it is kept (`Denied` for every failed access-key
 * check, `InvalidAccessToken` for every refused Entra token, `UserLicenseNotPresentForbidden`), and as
 * those codes cover many causes, `reason` names the exact one in the `innererror` that the ACS error shape
 * (CommunicationError) allows. Elsewhere the code is the reason itself.
 */
export class AcsError extends HttpError {
  constructor(
    status: number,
    code: string,
    readonly reason: string,
    message: string,
    /** The cause alone, for the inner error; the outer message may lead with ACS's generic words. */
    readonly detail = message,
  ) {
    super(status, code, message);
  }

  body() {
    const inner = this.reason === this.code ? {} : { innererror: { code: this.reason, message: this.detail } };
    return { error: { code: this.code, message: this.message, ...inner } };
  }
}

export const badRequest = (reason: string, message: string) => new AcsError(400, reason, reason, message);
export const notFound = (reason: string, message: string) => new AcsError(404, reason, reason, message);
export const forbidden = (reason: string, message: string) => new AcsError(403, reason, reason, message);

/** What real ACS answers for any failed access-key (HMAC) authentication. */
export const denied = (reason: string, detail: string) => new AcsError(401, 'Denied', reason, `Denied by the resource provider. ${detail}`, detail);

/** What real ACS answers when the Entra token handed to an exchange is not acceptable. */
export const invalidAccessToken = (reason: string, detail: string) =>
  new AcsError(401, 'InvalidAccessToken', reason, `Provided access token is not valid. ${detail}`, detail);

/** Renders ACS errors with their reason; anything else (bad JSON, body too large) as the server renders it. */
export function handleAcsError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AcsError) return reply.code(error.status).type('application/json').send(error.body());
  return sendError(request, reply, error);
}
