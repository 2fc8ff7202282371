import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { issueAcsToken, lifetimeBoundedBy } from './acs-tokens.js';
import { IDENTITY_API_VERSIONS } from './api-version.js';
import { clientIdOf, requireTeamsLicence, verifyEntraTokenForAcs } from './entra-token.js';
import { invalidAccessToken } from './errors.js';
import { accessKeyGuard } from './route-guards.js';
import { bodyObject, requiredGuid, requiredString } from './validate.js';

/** The Teams persona needs both permissions; the resulting identity is `8:orgid:<oid>`. */
export const TEAMS_USER_PERMISSIONS = ['Teams.ManageCalls', 'Teams.ManageChats'];

/** `POST /teamsUser/:exchangeAccessToken`: a server trades a Teams user's Entra token for an ACS token. */
export function registerTeamsUserExchange(app: FastifyInstance, ctx: DevTenantContext): void {
  app.post('/teamsUser/::exchangeAccessToken', accessKeyGuard(ctx, IDENTITY_API_VERSIONS), async (request) => {
    const body = bodyObject(request.body);
    const token = requiredString(body, 'token');
    const appId = requiredGuid(body.appId, 'appId');
    const userId = requiredGuid(body.userId, 'userId');

    const { claims, user } = await verifyEntraTokenForAcs(ctx, token, TEAMS_USER_PERMISSIONS);
    const tokenClientId = clientIdOf(claims);
    if (tokenClientId.toLowerCase() !== appId) {
      throw invalidAccessToken('AppIdMismatch', `The token was issued to application ${tokenClientId} (its azp claim), but appId is ${appId}.`);
    }
    if (user.id !== userId) {
      throw invalidAccessToken('UserIdMismatch', `The token belongs to user ${user.id} (its oid claim), but userId is ${userId}.`);
    }
    requireTeamsLicence(user);

    const lifetime = lifetimeBoundedBy(ctx, claims.exp);
    return issueAcsToken(ctx, { kind: 'teamsUser', oid: user.id, tid: claims.tid }, ['chat', 'voip'], lifetime);
  });
}
