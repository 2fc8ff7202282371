import type { DevTenantContext } from '../context.js';
import type { Assignment } from '../state.js';
import { badRequest, forbidden, notFound } from './errors.js';
import { isGuid } from './validate.js';
import { directoriesOf, findTenant } from '../tenants.js';

/** The REST spec says `resourceAccount`; Microsoft Learn writes `teamsResourceAccount`. Both mean an RA. */
export const RESOURCE_ACCOUNT_TYPES = ['resourceAccount', 'teamsResourceAccount'] as const;
export const PRINCIPAL_TYPES = [...RESOURCE_ACCOUNT_TYPES, 'user'] as const;

export function isResourceAccountAssignment(assignment: Assignment): boolean {
  return (RESOURCE_ACCOUNT_TYPES as readonly string[]).includes(assignment.principalType);
}

export function assignmentKey(tenantId: string, objectId: string): string {
  return `${tenantId}/${objectId}`;
}

/**
 * Both path segments as lower-case GUIDs. The tenant is the customer's Teams tenant, not the ACS resource's
 * (a vendor's resource serves many customers); only a tenant the dev tenant does not serve at all is unknown.
 */
export function assignmentPath(ctx: DevTenantContext, params: { tenantId: string; objectId: string }) {
  if (!isGuid(params.tenantId)) throw badRequest('InvalidTenantId', `The tenantId in the path must be a GUID, not "${params.tenantId}".`);
  if (!isGuid(params.objectId)) throw badRequest('InvalidObjectId', `The objectId in the path must be a GUID, not "${params.objectId}".`);
  const tenantId = params.tenantId.toLowerCase();
  if (!findTenant(ctx, tenantId)) {
    const served = directoriesOf(ctx.fixture).map((d) => d.tenant.id).join(', ');
    throw notFound('TenantNotFound', `Tenant ${tenantId} is not known to this ACS resource; the dev tenant serves ${served}.`);
  }
  return { tenantId, objectId: params.objectId.toLowerCase() };
}

export function parseAssignmentBody(body: Record<string, unknown>): { principalType: string; clientIds?: string[] } {
  const { principalType, clientIds } = body;
  if (principalType === undefined || principalType === null) {
    throw badRequest('MissingField', `The field "principalType" is required: one of ${PRINCIPAL_TYPES.join(', ')}.`);
  }
  if (typeof principalType !== 'string' || !(PRINCIPAL_TYPES as readonly string[]).includes(principalType)) {
    throw badRequest('InvalidPrincipalType', `"principalType" must be one of ${PRINCIPAL_TYPES.join(', ')}, not ${JSON.stringify(principalType)}.`);
  }
  if (clientIds !== undefined && clientIds !== null) {
    if (!Array.isArray(clientIds) || !clientIds.every(isGuid)) {
      throw badRequest('InvalidClientIds', '"clientIds" must be an array of application (client) ids, each a GUID.');
    }
  }
  const ids = Array.isArray(clientIds) ? [...new Set(clientIds.map((id: string) => id.toLowerCase()))] : undefined;
  if (principalType === 'user' && !ids?.length) {
    throw badRequest('MissingClientIds', 'A "user" assignment needs "clientIds": the client application ids the user may exchange tokens through.');
  }
  return { principalType, ...(ids ? { clientIds: ids } : {}) };
}

/**
 * Checks the principal against the directory of the path's tenant: an RA must be bound to this ACS resource,
 * a user must exist there (one of another tenant is not found, as in Teams).
 */
export function assertAssignable(ctx: DevTenantContext, tenantId: string, objectId: string, principalType: string): void {
  const directory = findTenant(ctx, tenantId)!;
  const account = directory.resourceAccounts.find((ra) => ra.id === objectId);
  const user = directory.users.find((u) => u.id === objectId);
  if (principalType === 'user') {
    if (user) return;
    const hint = account ? ` It is the resource account ${account.userPrincipalName}; assign it with principalType resourceAccount.` : '';
    throw notFound('UserNotFound', `No user with object id ${objectId} exists in the tenant.${hint}`);
  }
  if (!account) {
    const hint = user ? ` It is the user ${user.userPrincipalName}; assign users with principalType user.` : '';
    throw notFound('ResourceAccountNotFound', `No Teams resource account with object id ${objectId} exists in the tenant.${hint}`);
  }
  const resourceId = ctx.fixture.acs.immutableResourceId;
  if (account.acsResourceId?.toLowerCase() !== resourceId.toLowerCase()) {
    const bound = account.acsResourceId ? `is bound to ACS resource ${account.acsResourceId}` : 'is not bound to any ACS resource';
    throw forbidden(
      'ResourceAccountNotBound',
      `Resource account ${account.userPrincipalName} ${bound}, not to this one (${resourceId}). A Teams admin runs Set-CsOnlineApplicationInstance -Identity ${account.userPrincipalName} -AcsResourceId ${resourceId}.`,
    );
  }
}
