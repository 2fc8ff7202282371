import { findUser, type DevTenantContext } from '../context.js';
import { homeTenantOf } from '../tenants.js';
import type { FixtureConfidentialApp } from '../fixture.js';
import { evaluateConsent } from './consent.js';
import { consentRequired, EntraError, missingServicePrincipal } from './errors.js';
import { parseScopesOrThrow } from './grants.js';
import { responseScope } from './resources.js';
import { AccessTokenRejected, clientInfo, issueAccessToken, issueIdToken, verifyAccessToken, type EntraAccessClaims } from './tokens.js';

function invalidGrant(code: number, description: string): EntraError {
  return new EntraError('invalid_grant', code, description);
}

/** The user's token the backend received, checked as Entra checks an on-behalf-of assertion. */
async function verifyAssertion(ctx: DevTenantContext, app: FixtureConfidentialApp, assertion: string): Promise<EntraAccessClaims> {
  const audiences = [app.appId, app.identifierUri];
  try {
    return await verifyAccessToken(ctx, assertion, { audiences });
  } catch (error) {
    if (!(error instanceof AccessTokenRejected)) throw error;
    if (error.problem === 'audience') {
      throw invalidGrant(
        50013,
        `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audienceOf(assertion)}' and the expected audience is '${app.appId}' or one of the Application Id URIs of this application with App ID '${app.appId}'(${app.displayName}). The downstream client must request a token for the expected audience (the application that made the OBO request) and this application should use that token as the assertion.`,
      );
    }
    if (error.problem === 'expired' || error.problem === 'not-yet-valid') {
      throw invalidGrant(500133, 'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.');
    }
    throw invalidGrant(50013, `Assertion failed signature validation. [Reason - ${error.message}]`);
  }
}

function audienceOf(token: string): string {
  try {
    return String(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).aud);
  } catch {
    return '';
  }
}

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` with `requested_token_use=on_behalf_of`: a user's
 * token for the backend's own API becomes a token for a downstream API, still the user's (their `oid`,
 * names and roles), with the backend as the client. The backend needs consent for the downstream scopes.
 */
export async function onBehalfOfGrant(ctx: DevTenantContext, app: FixtureConfidentialApp, form: Record<string, string | undefined>) {
  if (form.requested_token_use !== 'on_behalf_of') {
    throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'requested_token_use'.");
  }
  if (!form.assertion) throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'assertion'.");
  const request = parseScopesOrThrow(ctx, form.scope);
  const claims = await verifyAssertion(ctx, app, form.assertion);
  const user = (claims as { idtyp?: unknown }).idtyp === 'app' ? undefined : findUser(ctx, String(claims.oid));
  if (!user) throw invalidGrant(50013, 'Assertion contains no user: an app-only token cannot be exchanged on behalf of a user.');

  // The backend is consented per tenant: the user's own tenant must have consented to it.
  const { tenant } = homeTenantOf(ctx, user);
  const outcome = evaluateConsent(ctx, tenant, app.appId, user.id, request);
  if (!outcome.ok) {
    if (outcome.kind === 'no-service-principal') throw missingServicePrincipal(tenant.id);
    throw consentRequired(app.appId, app.displayName, 'invalid_grant');
  }
  const lifetime = ctx.fixture.lifetimes.entraAccessTokenSeconds;
  const body: Record<string, string | number> = {
    token_type: 'Bearer',
    scope: [...outcome.permissions.map((p) => responseScope(request.resource, p)), ...request.oidc].join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: await issueAccessToken(ctx, user, app.appId, request.resource, outcome.permissions, '1'),
  };
  if (request.oidc.some((s) => s.toLowerCase() === 'openid')) body.id_token = await issueIdToken(ctx, user, app.appId);
  if (form.client_info === '1') body.client_info = clientInfo(ctx, user);
  return body;
}
