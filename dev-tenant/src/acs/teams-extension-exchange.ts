import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { identityIdFor, issueAcsToken, lifetimeBoundedBy } from './acs-tokens.js';
import { TEAMS_EXTENSION_API_VERSIONS } from './api-version.js';
import { assignmentKey, isResourceAccountAssignment } from './assignment-rules.js';
import { clientIdOf, requireTeamsLicence, verifyEntraTokenForAcs } from './entra-token.js';
import { invalidAccessToken } from './errors.js';
import { recordExchangedToken } from './exchanged-tokens.js';
import { apiVersionGuard } from './route-guards.js';
import { exchangeRefusal } from './unpublished-codes.js';
import { bodyObject } from './validate.js';

export const TEAMS_EXTENSION_PERMISSIONS = ['TeamsExtension.ManageCalls'];

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header?.trim()) {
    throw invalidAccessToken('MissingBearerToken', 'Send the Entra access token as "Authorization: Bearer <token>".');
  }
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw invalidAccessToken('MissingBearerToken', 'The Authorization header must be "Bearer <Entra access token>".');
  return match[1]!;
}

/**
 * `POST /access/teamsExtension/:exchangeAccessToken`: the browser trades an agent's Entra token for the
 * dual-persona ACS token. It needs agent consent (a user assignment naming the client app) and server
 * consent (at least one linked resource account in the tenant).
 */
export function registerTeamsExtensionExchange(app: FastifyInstance, ctx: DevTenantContext): void {
  app.post('/access/teamsExtension/::exchangeAccessToken', apiVersionGuard(TEAMS_EXTENSION_API_VERSIONS), async (request) => {
    const token = bearerToken(request);
    // The spec makes the body required (it is `{}`, as the SDK's EntraTokenCredential sends it): no body, or one
    // that is not a JSON object, is a 400 in the ACS error envelope, before the Entra token is verified.
    bodyObject(request.body);
    const { claims, user } = await verifyEntraTokenForAcs(ctx, token, TEAMS_EXTENSION_PERMISSIONS);
    const tenantId = claims.tid.toLowerCase();
    const clientId = clientIdOf(claims).toLowerCase();
    const { assignments } = ctx.state.data;

    const agent = assignments[assignmentKey(tenantId, user.id)];
    if (!agent || agent.principalType !== 'user') {
      throw exchangeRefusal(
        'userNotAssigned',
        `User ${user.userPrincipalName} has no Teams extension assignment. Agent consent: PUT /access/teamsExtension/tenants/${tenantId}/assignments/${user.id} with {"principalType":"user","clientIds":["${clientId}"]}.`,
      );
    }
    if (!(agent.clientIds ?? []).includes(clientId)) {
      throw exchangeRefusal(
        'clientNotAssigned',
        `User ${user.userPrincipalName} is assigned for client applications ${(agent.clientIds ?? []).join(', ') || '(none)'}, not for ${clientId} that requested the token. Add it to the assignment's clientIds.`,
      );
    }
    const linked = Object.values(assignments).some((a) => a.tenantId === tenantId && isResourceAccountAssignment(a));
    if (!linked) {
      throw exchangeRefusal(
        'noResourceAccountLinked',
        `No resource account of tenant ${tenantId} is linked to this ACS resource. Server consent: PUT /access/teamsExtension/tenants/${tenantId}/assignments/<resource account object id> with {"principalType":"resourceAccount"}.`,
      );
    }
    requireTeamsLicence(user);

    const subject = { kind: 'teamsExtensionUser', oid: user.id, tid: tenantId } as const;
    const accessToken = await issueAcsToken(ctx, subject, ['voip'], lifetimeBoundedBy(ctx, claims.exp));
    // Which consent it came from, so that taking the consent away can revoke it (see assignments.ts).
    recordExchangedToken(ctx, accessToken.token, { tenantId, objectId: user.id, clientId }, Date.parse(accessToken.expiresOn) / 1000);
    return { identity: { id: identityIdFor(ctx, subject) }, accessToken };
  });
}
