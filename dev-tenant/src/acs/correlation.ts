import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IDENTITY_API_VERSIONS, TEAMS_EXTENSION_API_VERSIONS } from './api-version.js';

/** Azure caps client request ids at 256 characters; anything else is not echoed, as a header must stay one line. */
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,256}$/;

/** The versions the operation's family serves, as ACS lists them in `api-supported-versions`. */
function supportedVersions(url: string): readonly string[] {
  return url.startsWith('/access/teamsExtension') ? TEAMS_EXTENSION_API_VERSIONS : IDENTITY_API_VERSIONS;
}

/** A correlation vector as ACS sends it: 22 base64 characters (a 128-bit base) and the `.0` of a first hop. */
function correlationVector(): string {
  return `${randomBytes(16).toString('base64').slice(0, 22)}.0`;
}

/**
 * What every ACS identity, exchange and assignment answer carries, errors included, so a support ticket can be
 * traced: the caller's `x-ms-client-request-id` echoed, an `MS-CV` and the `api-supported-versions`. Set on
 * arrival, before any check can refuse the request.
 */
export async function correlationHeaders(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const clientRequestId = request.headers['x-ms-client-request-id'];
  if (typeof clientRequestId === 'string' && CLIENT_REQUEST_ID.test(clientRequestId)) reply.header('x-ms-client-request-id', clientRequestId);
  reply.header('MS-CV', correlationVector());
  reply.header('api-supported-versions', supportedVersions(request.url).join(', '));
}
