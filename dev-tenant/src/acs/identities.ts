import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import type { IdentityRecord } from '../state.js';
import { ACS_TOKEN_SCOPES, issueAcsToken } from './acs-tokens.js';
import { IDENTITY_API_VERSIONS } from './api-version.js';
import { badRequest, notFound } from './errors.js';
import { accessKeyGuard } from './route-guards.js';
import { bodyObject, optionalExpiresInMinutes } from './validate.js';

type IdParams = { id: string };

function parseScopes(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest('InvalidScopes', `"${field}" must be a non-empty array of scopes: ${ACS_TOKEN_SCOPES.join(', ')}.`);
  }
  const unknown = value.filter((s) => !(ACS_TOKEN_SCOPES as readonly unknown[]).includes(s));
  if (unknown.length) {
    throw badRequest('InvalidScopes', `Unknown scope ${unknown.map((s) => JSON.stringify(s)).join(', ')} in "${field}"; use ${ACS_TOKEN_SCOPES.join(', ')}.`);
  }
  return [...new Set(value as string[])];
}

function lifetimeSeconds(ctx: DevTenantContext, expiresInMinutes: number | undefined): number {
  return expiresInMinutes === undefined ? ctx.fixture.lifetimes.acsTokenSeconds : expiresInMinutes * 60;
}

/** The identity named in the path; it arrives percent-encoded (8%3Aacs%3A…) and Fastify decodes it. */
function existingIdentity(ctx: DevTenantContext, id: string): IdentityRecord {
  // Own keys only: an id such as "constructor" must not find Object.prototype's members.
  const { identities } = ctx.state.data;
  if (Object.hasOwn(identities, id)) return identities[id]!;
  const prefix = `8:acs:${ctx.fixture.acs.immutableResourceId}_`;
  const why = id.startsWith(prefix) ? 'it was never created here or has been deleted' : `ids of this resource start with ${prefix}`;
  throw notFound('IdentityNotFound', `Identity ${id} does not exist: ${why}.`);
}

/** ACS users (`8:acs:<resource>_<uuid>`) and their tokens, managed by a server with the access key. */
export function registerIdentities(app: FastifyInstance, ctx: DevTenantContext): void {
  const guard = accessKeyGuard(ctx, IDENTITY_API_VERSIONS);

  app.post('/identities', guard, async (request, reply) => {
    const body = bodyObject(request.body, { optional: true });
    const scopes = body.createTokenWithScopes === undefined || body.createTokenWithScopes === null ? undefined : parseScopes(body.createTokenWithScopes, 'createTokenWithScopes');
    const expiresInMinutes = optionalExpiresInMinutes(body);
    const id = `8:acs:${ctx.fixture.acs.immutableResourceId}_${randomUUID()}`;
    ctx.state.data.identities[id] = { id, createdAt: ctx.now() };
    ctx.state.changed();
    const accessToken = scopes ? await issueAcsToken(ctx, { kind: 'acsUser', id }, scopes, lifetimeSeconds(ctx, expiresInMinutes)) : undefined;
    return reply.code(201).send({ identity: { id }, ...(accessToken ? { accessToken } : {}) });
  });

  app.post<{ Params: IdParams }>('/identities/:id/::issueAccessToken', guard, async (request) => {
    const { id } = existingIdentity(ctx, request.params.id);
    const body = bodyObject(request.body);
    const scopes = parseScopes(body.scopes, 'scopes');
    return issueAcsToken(ctx, { kind: 'acsUser', id }, scopes, lifetimeSeconds(ctx, optionalExpiresInMinutes(body)));
  });

  app.post<{ Params: IdParams }>('/identities/:id/::revokeAccessTokens', guard, async (request, reply) => {
    const record = existingIdentity(ctx, request.params.id);
    record.revokedBefore = ctx.now();
    ctx.state.changed();
    return reply.code(204).send();
  });

  app.delete<{ Params: IdParams }>('/identities/:id', guard, async (request, reply) => {
    const { id } = existingIdentity(ctx, request.params.id);
    delete ctx.state.data.identities[id];
    ctx.state.changed();
    return reply.code(204).send();
  });
}
