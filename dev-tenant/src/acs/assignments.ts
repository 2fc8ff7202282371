import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import type { Assignment } from '../state.js';
import { TEAMS_EXTENSION_API_VERSIONS } from './api-version.js';
import { assertAssignable, assignmentKey, assignmentPath, parseAssignmentBody } from './assignment-rules.js';
import { badRequest, notFound } from './errors.js';
import { revokeExchangedTokens } from './exchanged-tokens.js';
import { accessKeyGuard } from './route-guards.js';
import { bodyObject } from './validate.js';

const PATH = '/access/teamsExtension/tenants/:tenantId/assignments/:objectId';
type Params = { tenantId: string; objectId: string };

function view(assignment: Assignment): Assignment {
  const { objectId, tenantId, principalType, clientIds } = assignment;
  return { objectId, tenantId, principalType, ...(clientIds ? { clientIds } : {}) };
}

/** The client apps a user assignment allowed before and no longer does: the tokens exchanged through them go. */
function revokeLostClients(ctx: DevTenantContext, before: Assignment | undefined, after: Assignment | undefined): void {
  if (before?.principalType !== 'user') return;
  const kept = after?.principalType === 'user' ? (after.clientIds ?? []) : [];
  const lost = (before.clientIds ?? []).filter((id) => !kept.includes(id));
  if (lost.length) revokeExchangedTokens(ctx, before.tenantId, before.objectId, lost);
}

/**
 * RFC 7396 JSON merge patch of the assignment body: a member set to null goes, any other replaces. The REST
 * spec of 2025-06-30 documents only PUT, GET and DELETE; this PATCH is inferred from how Azure data planes
 * patch (application/merge-patch+json), so a client should not rely on it against the real service.
 */
function mergePatch(current: Assignment, patch: Record<string, unknown>): Record<string, unknown> {
  for (const field of ['objectId', 'tenantId'] as const) {
    const value = patch[field];
    if (value !== undefined && (typeof value !== 'string' || value.toLowerCase() !== current[field])) {
      throw badRequest('ReadOnlyField', `"${field}" names the assignment in the path and cannot be changed.`);
    }
  }
  const merged: Record<string, unknown> = { principalType: current.principalType, ...(current.clientIds ? { clientIds: current.clientIds } : {}) };
  for (const field of ['principalType', 'clientIds'] as const) {
    if (!Object.hasOwn(patch, field)) continue;
    if (patch[field] === null) delete merged[field];
    else merged[field] = patch[field];
  }
  return merged;
}

/** Teams access assignments: server consent (a resource account) and agent consent (a user and its client apps). */
export function registerAssignments(app: FastifyInstance, ctx: DevTenantContext): void {
  const guard = accessKeyGuard(ctx, TEAMS_EXTENSION_API_VERSIONS);

  const store = (assignment: Assignment): { existed: boolean } => {
    const key = assignmentKey(assignment.tenantId, assignment.objectId);
    const before = ctx.state.data.assignments[key];
    ctx.state.data.assignments[key] = assignment;
    ctx.state.changed();
    revokeLostClients(ctx, before, assignment);
    return { existed: before !== undefined };
  };

  app.put<{ Params: Params }>(PATH, guard, async (request, reply) => {
    const { tenantId, objectId } = assignmentPath(ctx, request.params);
    const { principalType, clientIds } = parseAssignmentBody(bodyObject(request.body));
    assertAssignable(ctx, tenantId, objectId, principalType);
    const assignment: Assignment = { objectId, tenantId, principalType, ...(clientIds ? { clientIds } : {}) };
    const { existed } = store(assignment);
    return reply.code(existed ? 200 : 201).send(view(assignment));
  });

  app.patch<{ Params: Params }>(PATH, guard, async (request) => {
    const { tenantId, objectId } = assignmentPath(ctx, request.params);
    const current = ctx.state.data.assignments[assignmentKey(tenantId, objectId)];
    if (!current) throw notFound('AssignmentNotFound', `There is no Teams extension assignment for object ${objectId} in tenant ${tenantId}; create it with PUT.`);
    const { principalType, clientIds } = parseAssignmentBody(mergePatch(current, bodyObject(request.body)));
    assertAssignable(ctx, tenantId, objectId, principalType);
    const assignment: Assignment = { objectId, tenantId, principalType, ...(clientIds ? { clientIds } : {}) };
    store(assignment);
    return view(assignment);
  });

  app.get<{ Params: Params }>(PATH, guard, async (request) => {
    const { tenantId, objectId } = assignmentPath(ctx, request.params);
    const assignment = ctx.state.data.assignments[assignmentKey(tenantId, objectId)];
    if (!assignment) throw notFound('AssignmentNotFound', `There is no Teams extension assignment for object ${objectId} in tenant ${tenantId}.`);
    return view(assignment);
  });

  // The spec documents only 204: deleting what is not there is not an error, so retries are safe. Taking an
  // agent's consent away also revokes the ACS tokens it already exchanged, or they would go on working until
  // they expire (up to a day).
  app.delete<{ Params: Params }>(PATH, guard, async (request, reply) => {
    const { tenantId, objectId } = assignmentPath(ctx, request.params);
    const key = assignmentKey(tenantId, objectId);
    if (Object.hasOwn(ctx.state.data.assignments, key)) {
      const before = ctx.state.data.assignments[key];
      delete ctx.state.data.assignments[key];
      ctx.state.changed();
      revokeLostClients(ctx, before, undefined);
    }
    return reply.code(204).send();
  });
}
