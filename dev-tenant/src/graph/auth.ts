import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { HttpError } from '../errors.js';
import { ROLE_TEMPLATE_IDS, type RoleName } from '../fixture.js';
import { GRAPH_APP_ID, GRAPH_URI } from '../entra/resources.js';
import { AccessTokenRejected, verifyAccessToken, type AccessTokenProblem, type EntraAccessClaims } from '../entra/tokens.js';

const INSUFFICIENT_PRIVILEGES = 'Insufficient privileges to complete the operation.';

/**
 * Graph's own wording, followed by the verifier's detail where it adds something (the audience it saw),
 * because a developer reads these to find out which token they sent.
 */
const REJECTIONS: Record<Exclude<AccessTokenProblem, 'scope'>, { graph: string; withDetail: boolean }> = {
  malformed: { graph: 'Access token validation failure. The token is not a well-formed JWT.', withDetail: false },
  signature: { graph: 'Access token validation failure. Invalid issuer or signature.', withDetail: true },
  issuer: { graph: 'Access token validation failure. Invalid issuer or signature.', withDetail: true },
  tenant: { graph: 'Access token validation failure. Invalid tenant.', withDetail: true },
  audience: { graph: 'Access token validation failure. Invalid audience.', withDetail: true },
  expired: { graph: 'Lifetime validation failed, the token is expired.', withDetail: false },
  'not-yet-valid': { graph: 'Lifetime validation failed, the token is not yet valid.', withDetail: false },
};

export interface GraphPermission {
  /** Delegated permissions of which the token must carry at least one (Graph accepts any that suffices). */
  anyOf: string[];
}

function unauthenticated(ctx: DevTenantContext, reply: FastifyReply, message: string): HttpError {
  // Graph answers every 401 with this RFC 6750 challenge, naming where a token comes from.
  const authorize = `${ctx.baseUrl()}/${ctx.fixture.tenant.id}/oauth2/v2.0/authorize`;
  reply.header('www-authenticate', `Bearer realm="", authorization_uri="${authorize}", client_id="${GRAPH_APP_ID}"`);
  return new HttpError(401, 'InvalidAuthenticationToken', message);
}

/** Verifies the bearer token of a Graph request: 401 when it is missing or invalid, 403 when it lacks the permission. */
export async function authenticate(
  ctx: DevTenantContext,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: GraphPermission,
): Promise<EntraAccessClaims> {
  const header = request.headers.authorization;
  if (!header?.trim()) throw unauthenticated(ctx, reply, 'Access token is empty.');
  const bearer = /^Bearer +(\S+) *$/i.exec(header);
  if (!bearer) throw unauthenticated(ctx, reply, 'Access token validation failure. The Authorization header must be "Bearer <access token>".');
  try {
    return await verifyAccessToken(ctx, bearer[1]!, { audiences: [GRAPH_URI], requiredScopes: permission.anyOf });
  } catch (error) {
    if (!(error instanceof AccessTokenRejected)) throw error;
    if (error.problem === 'scope') {
      throw new HttpError(403, 'Authorization_RequestDenied', `${INSUFFICIENT_PRIVILEGES} ${error.message}`);
    }
    const rejection = REJECTIONS[error.problem];
    throw unauthenticated(ctx, reply, rejection.withDetail ? `${rejection.graph} ${error.message}` : rejection.graph);
  }
}

const ROLE_LABELS: Record<RoleName, string> = {
  GlobalAdministrator: 'Global Administrator',
  TeamsAdministrator: 'Teams Administrator',
  ApplicationAdministrator: 'Application Administrator',
  CloudApplicationAdministrator: 'Cloud Application Administrator',
};

/** Delegated calls act as the user: the app's permission is not enough when the API also wants an admin role. */
export function requireDirectoryRole(claims: EntraAccessClaims, roles: RoleName[]): void {
  const held = new Set(Array.isArray(claims.wids) ? claims.wids : []);
  if (roles.some((role) => held.has(ROLE_TEMPLATE_IDS[role]))) return;
  const names = roles.map((r) => ROLE_LABELS[r]).join(' or ');
  throw new HttpError(403, 'Authorization_RequestDenied', `${INSUFFICIENT_PRIVILEGES} The signed-in user must hold the ${names} role.`);
}
