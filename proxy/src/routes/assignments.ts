import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { AssignmentsClient } from '../acs/assignments-client.js';
import { ASSIGNMENT_ADMIN_ROLE_IDS, authenticate } from '../auth/authenticate.js';
import type { EntraTokenValidator } from '../auth/entra-token-validator.js';
import type { ProxyConfig } from '../config.js';
import { HttpError } from '../http-error.js';

interface Deps {
  config: ProxyConfig;
  validator: EntraTokenValidator;
  assignments: AssignmentsClient;
  perCallerLimit: preHandlerHookHandler;
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

type Params = { tid: string; objectId: string };
type PutBody = { principalType: 'user' | 'resourceAccount' | 'teamsResourceAccount'; clientIds?: string[] };

/**
 * Server consent (a resource account linked to the ACS resource) and agent consent (a user allowed through
 * the CCaaS client app), through the ACS assignments API. Only a Teams or Global administrator of that very
 * tenant may read or write them; an agent may read its own through `/api/me/assignment`.
 */
export function registerAssignments(app: FastifyInstance, { config, validator, assignments, perCallerLimit }: Deps): void {
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
    return { requestId: String(request.id), signal: controller.signal };
  };

  const route = '/api/tenants/:tid/assignments/:objectId';

  app.get<{ Params: Params }>(route, { schema: { params }, preHandler: [adminOfTenant, perCallerLimit] }, async (request, reply) => {
    const assignment = await assignments.get(request.params.tid.toLowerCase(), request.params.objectId.toLowerCase(), callOptions(request, reply));
    if (!assignment) throw new HttpError(404, 'assignment_not_found', `There is no assignment for ${request.params.objectId} in tenant ${request.params.tid}.`);
    return assignment;
  });

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
    return reply.code(result.created ? 201 : 200).send(result.assignment);
  });

  app.delete<{ Params: Params }>(route, { schema: { params }, preHandler: [adminOfTenant, perCallerLimit] }, async (request, reply) => {
    await assignments.remove(request.params.tid.toLowerCase(), request.params.objectId.toLowerCase(), callOptions(request, reply));
    return reply.code(204).send();
  });

  app.get('/api/me/assignment', { preHandler: [async (request) => void (await authenticate(request, validator, apiToken)), perCallerLimit] }, async (request, reply) => {
    const caller = request.caller!;
    const assignment = await assignments.get(caller.tenantId, caller.objectId, callOptions(request, reply));
    const clientAllowed = Boolean(assignment?.clientIds?.some((c) => c.toLowerCase() === config.client.clientId.toLowerCase()));
    return { assigned: Boolean(assignment), clientAllowed, assignment };
  });
}
