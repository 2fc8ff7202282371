import type { FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { COMMUNICATION_URI } from '../entra/resources.js';
import { AccessTokenRejected, verifyAccessToken } from '../entra/tokens.js';
import { ACS_TOKEN_REASONS } from './entra-token.js';
import { denied, forbidden } from './errors.js';

/** Azure roles whose data actions include the identity plane (creating users, issuing and exchanging tokens). */
const ROLES_WITH_IDENTITY_ACCESS = new Set(['Owner', 'Contributor', 'Communication and Email Service Owner']);

export function isBearer(request: FastifyRequest): boolean {
  return /^Bearer\s/i.test(String(request.headers.authorization ?? ''));
}

/**
 * Entra authentication of a server-side operation, the alternative to the access key: a token this tenant
 * issued for `https://communication.azure.com` (as the SDKs ask, with or without the trailing slash) whose
 * principal (`oid`: a service principal or a user) holds a role on the ACS resource. As in Azure, the role is
 * an assignment on the resource (the fixture's `acsRoleAssignments`), not a claim in the token.
 */
export async function verifyAcsBearer(ctx: DevTenantContext, request: FastifyRequest): Promise<void> {
  const token = String(request.headers.authorization).replace(/^Bearer\s+/i, '').trim();
  let oid: string;
  try {
    const claims = await verifyAccessToken(ctx, token, { audiences: [COMMUNICATION_URI, `${COMMUNICATION_URI}/`] });
    oid = String(claims.oid ?? '');
  } catch (error) {
    if (error instanceof AccessTokenRejected) throw denied(ACS_TOKEN_REASONS[error.problem], `${error.message} Send an Entra token for ${COMMUNICATION_URI}/.default.`);
    throw error;
  }
  const roles = (ctx.fixture.acsRoleAssignments ?? []).filter((a) => a.principalId === oid).map((a) => a.roleDefinitionName);
  if (!roles.some((r) => ROLES_WITH_IDENTITY_ACCESS.has(r))) {
    throw forbidden(
      'AuthorizationFailed',
      `The principal ${oid} has no role on this Communication Services resource that allows identity operations (${[...ROLES_WITH_IDENTITY_ACCESS].join(', ')}).`,
    );
  }
}
