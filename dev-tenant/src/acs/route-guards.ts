import type { FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { requireApiVersion } from './api-version.js';
import { AcsError } from './errors.js';
import { isBearer, verifyAcsBearer } from './entra-bearer.js';
import { verifyContentHash, verifyHmacSignature } from './hmac.js';

/**
 * Fastify also parses text/plain; ACS speaks only JSON, and only a JSON body is kept raw for the hash
 * check, so anything else is refused by name rather than misreported as a tampered body.
 */
async function requireJsonBody(request: FastifyRequest): Promise<void> {
  if (request.body !== undefined && request.rawBody === undefined) {
    throw new AcsError(415, 'UnsupportedMediaType', 'UnsupportedMediaType', `Send the body as application/json, not ${request.headers['content-type']}.`);
  }
}

/**
 * Route hooks for a server-side operation: signed with the access key (HMAC), or carrying an Entra bearer
 * token of a principal with a role on the resource (a managed identity). Either is checked on arrival, before
 * the body is read, as a gateway would; an HMAC request's body hash once the body is in (a bearer request
 * signs no body).
 */
export function accessKeyGuard(ctx: DevTenantContext, apiVersions: readonly string[]) {
  return {
    onRequest: async (request: FastifyRequest) => {
      if (isBearer(request)) await verifyAcsBearer(ctx, request);
      else verifyHmacSignature(ctx, request);
      requireApiVersion(request, apiVersions);
    },
    preValidation: async (request: FastifyRequest) => {
      await requireJsonBody(request);
      if (!isBearer(request)) verifyContentHash(request);
    },
  };
}

/** Route hooks for an operation a browser calls with an Entra bearer token. */
export function apiVersionGuard(apiVersions: readonly string[]) {
  return {
    onRequest: async (request: FastifyRequest) => requireApiVersion(request, apiVersions),
    preValidation: requireJsonBody,
  };
}
