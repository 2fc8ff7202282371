import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError, preHandlerHookHandler } from 'fastify';
import type { Assignment, AssignmentsClient } from '../acs/assignments-client.js';
import { ASSIGNMENT_ADMIN_ROLE_IDS, authenticate } from '../auth/authenticate.js';
import type { EntraTokenValidator } from '../auth/entra-token-validator.js';
import type { ProxyConfig } from '../config.js';
import { HttpError } from '../http-error.js';
import { mapBounded } from '../upstream/bounded-map.js';

interface Deps {
  config: ProxyConfig;
  validator: EntraTokenValidator;
  assignments: AssignmentsClient;
  perCallerLimit: preHandlerHookHandler;
  /** Drops the user's cached ACS tokens on every instance: the access they were granted for is gone. */
  revokeCachedTokens: (tenantId: string, objectId: string) => Promise<number>;
}

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const params = {
  type: 'object',
  required: ['tid', 'objectId'],
  properties: { tid: { type: 'string', pattern: GUID }, objectId: { type: 'string', pattern: GUID } },
} as const;
const putBody = {
  type: 'object',
  required: ['principalType'],
  additionalProperties: false,
  properties: {
    principalType: { enum: ['user', 'resourceAccount', 'teamsResourceAccount'] },
    clientIds: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', pattern: GUID } },
  },
} as const;

/** The most ids one lookup may ask for (the admin view asks per page of rows), and how many ACS reads run at once. */
export const LOOKUP_MAX_IDS = 50;
const LOOKUP_CONCURRENCY = 8;
const lookupParams = { type: 'object', required: ['tid'], properties: { tid: { type: 'string', pattern: GUID } } } as const;
const lookupQuery = {
  type: 'object',
  required: ['objectIds'],
  properties: { objectIds: { type: 'array', minItems: 1, maxItems: LOOKUP_MAX_IDS, uniqueItems: true, items: { type: 'string', pattern: GUID } } },
} as const;

/** `?objectIds=a,b` (or the key repeated) as the list the schema checks. */
const splitObjectIds = async (request: FastifyRequest) => {
  const query = request.query as { objectIds?: string | string[] };
  if (query.objectIds !== undefined) query.objectIds = ([] as string[]).concat(query.objectIds).flatMap((ids) => ids.split(','));
};

/** Says what is wrong with a lookup's ids in words, rather than as the schema's keyword. */
function lookupQueryError(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const [first] = errors;
  const item = /^\/objectIds\/(\d+)$/.exec(first?.instancePath ?? '')?.[1];
  if (dataVar === 'querystring' && first?.keyword === 'maxItems') return new HttpError(400, 'too_many_object_ids', `Ask for at most ${LOOKUP_MAX_IDS} object ids at a time.`);
  if (dataVar === 'querystring' && first?.keyword === 'required') return new HttpError(400, 'object_ids_required', `List the object ids to look up: ?objectIds=<id>,<id>,… (at most ${LOOKUP_MAX_IDS}).`);
  if (dataVar === 'querystring' && first?.keyword === 'uniqueItems') return new HttpError(400, 'duplicate_object_id', 'Each object id may be asked for once.');
  if (dataVar === 'querystring' && item !== undefined) return new HttpError(400, 'invalid_object_id', `objectIds must be GUIDs separated by commas; item ${Number(item) + 1} is not one.`);
  return new Error(`${dataVar}${first?.instancePath ?? ''} ${first?.message ?? 'is not valid'}`);
}

type Params = { tid: string; objectId: string };
type PutBody = { principalType: 'user' | 'resourceAccount' | 'teamsResourceAccount'; clientIds?: string[] };

/**
 * Server consent (a resource account linked to the ACS resource) and agent consent (a user allowed through
 * the CCaaS client app), through the ACS assignments API. Only a Teams or Global administrator of that very
 * tenant may read or write them; an agent may read its own through `/api/me/assignment`.
 */
export function registerAssignments(app: FastifyInstance, { config, validator, assignments, perCallerLimit, revokeCachedTokens }: Deps): void {
  const apiToken = { audiences: config.entra.apiAudiences, scopes: [config.entra.apiScope] };

  const adminOfTenant: preHandlerHookHandler = async (request) => {
    const caller = await authenticate(request, validator, apiToken);
    const { tid } = request.params as Params;
    if (caller.tenantId !== tid.toLowerCase()) {
      throw new HttpError(403, 'wrong_tenant', `You are signed in to tenant ${caller.tenantId}; assignments of tenant ${tid} are not yours to manage.`);
    }
    if (!caller.roles.some((r) => ASSIGNMENT_ADMIN_ROLE_IDS.includes(r))) {
      throw new HttpError(403, 'admin_role_required', 'Only a Teams Administrator or Global Administrator of the tenant may manage assignments.');
    }
  };

  const callOptions = (request: FastifyRequest, reply: FastifyReply) => {
    const controller = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    return { requestId: String(request.id), signal: controller.signal, tracingContext: request.traceContext };
  };

  const route = '/api/tenants/:tid/assignments/:objectId';

  // ACS revokes the tokens it issued under an assignment that goes or loses a client app; the proxy must not go
  // on handing out cached ones, on this instance or any other.
  const dropCachedTokens = async (request: FastifyRequest, tenantId: string, objectId: string, why: string) => {
    const dropped = await revokeCachedTokens(tenantId, objectId);
    if (dropped) request.log.info({ objectId, dropped }, `cached ACS tokens of the ${why} assignment dropped`);
  };

  app.get<{ Params: Params }>(route, { schema: { params }, preHandler: [adminOfTenant, perCallerLimit] }, async (request, reply) => {
    const assignment = await assignments.get(request.params.tid.toLowerCase(), request.params.objectId.toLowerCase(), callOptions(request, reply));
    if (!assignment) throw new HttpError(404, 'assignment_not_found', `There is no assignment for ${request.params.objectId} in tenant ${request.params.tid}.`);
    return assignment;
  });

  // The admin view reads every row's assignment at once: "none" is an answer (null) here, not a 404 per row.
  app.get<{ Params: { tid: string }; Querystring: { objectIds: string[] } }>(
    '/api/tenants/:tid/assignments',
    { schema: { params: lookupParams, querystring: lookupQuery }, schemaErrorFormatter: lookupQueryError, preValidation: splitObjectIds, preHandler: [adminOfTenant, perCallerLimit] },
    async (request, reply) => {
      const tenantId = request.params.tid.toLowerCase();
      const options = callOptions(request, reply);
      const found = await mapBounded(
        request.query.objectIds,
        LOOKUP_CONCURRENCY,
        (objectId, signal) => assignments.get(tenantId, objectId.toLowerCase(), { ...options, signal }),
        options.signal,
      );
      return { value: request.query.objectIds.map((objectId, i): { objectId: string; assignment: Assignment | null } => ({ objectId, assignment: found[i] ?? null })) };
    },
  );

  app.put<{ Params: Params; Body: PutBody }>(route, { schema: { params, body: putBody }, preHandler: [adminOfTenant, perCallerLimit] }, async (request, reply) => {
    const { principalType, clientIds } = request.body;
    if (principalType === 'user' && !clientIds) {
      throw new HttpError(400, 'client_ids_required', 'A user assignment must list the client app ids the agent may use (clientIds).');
    }
    // ACS's spec says "resourceAccount", Microsoft Learn "teamsResourceAccount": send the configured spelling.
    const sent = principalType === 'user' ? 'user' : config.acs.resourceAccountPrincipalType;
    const result = await assignments.put(
      request.params.tid.toLowerCase(),
      request.params.objectId.toLowerCase(),
      { principalType: sent, ...(clientIds ? { clientIds: clientIds.map((c) => c.toLowerCase()) } : {}) },
      callOptions(request, reply),
    );
    // A replaced assignment may have lost client apps: every cached token of the user goes (one exchange each to renew).
    if (!result.created) await dropCachedTokens(request, request.params.tid.toLowerCase(), request.params.objectId.toLowerCase(), 'replaced');
    return reply.code(result.created ? 201 : 200).send(result.assignment);
  });

  app.delete<{ Params: Params }>(route, { schema: { params }, preHandler: [adminOfTenant, perCallerLimit] }, async (request, reply) => {
    const [tenantId, objectId] = [request.params.tid.toLowerCase(), request.params.objectId.toLowerCase()];
    await assignments.remove(tenantId, objectId, callOptions(request, reply));
    await dropCachedTokens(request, tenantId, objectId, 'removed');
    return reply.code(204).send();
  });

  app.get('/api/me/assignment', { preHandler: [async (request) => void (await authenticate(request, validator, apiToken)), perCallerLimit] }, async (request, reply) => {
    const caller = request.caller!;
    const assignment = await assignments.get(caller.tenantId, caller.objectId, callOptions(request, reply));
    const clientAllowed = Boolean(assignment?.clientIds?.some((c) => c.toLowerCase() === config.client.clientId.toLowerCase()));
    return { assigned: Boolean(assignment), clientAllowed, assignment };
  });
}
