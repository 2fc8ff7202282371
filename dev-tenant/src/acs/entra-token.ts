import type { DevTenantContext } from '../context.js';
import { tenantOfToken } from '../tenants.js';
import type { FixtureUser } from '../fixture.js';
import { ACS_URI } from '../entra/resources.js';
import { AccessTokenRejected, verifyAccessToken, type AccessTokenProblem, type EntraAccessClaims } from '../entra/tokens.js';
import { AcsError, invalidAccessToken } from './errors.js';

/** How ACS names each problem with an Entra token it was handed (exchange or Bearer authentication). */
export const ACS_TOKEN_REASONS: Readonly<Record<AccessTokenProblem, string>> = {
  malformed: 'TokenMalformed',
  signature: 'TokenSignatureInvalid',
  issuer: 'TokenIssuerInvalid',
  tenant: 'TokenTenantInvalid',
  audience: 'TokenAudienceInvalid',
  expired: 'TokenExpired',
  'not-yet-valid': 'TokenNotYetValid',
  scope: 'TokenScopeMissing',
};

export interface VerifiedEntraUser {
  claims: EntraAccessClaims;
  user: FixtureUser;
}

/**
 * Verifies an Entra access token handed to an ACS exchange: issued by this tenant for the ACS first-party
 * API and carrying every one of `permissions`. Each failure keeps its own reason.
 */
export async function verifyEntraTokenForAcs(ctx: DevTenantContext, token: string, permissions: string[]): Promise<VerifiedEntraUser> {
  let claims: EntraAccessClaims;
  try {
    claims = await verifyAccessToken(ctx, token, { audiences: [ACS_URI], requiredScopes: permissions, allScopes: true });
  } catch (error) {
    if (error instanceof AccessTokenRejected) throw invalidAccessToken(ACS_TOKEN_REASONS[error.problem], error.message);
    throw error;
  }
  const user = typeof claims.oid === 'string' ? tenantOfToken(ctx, claims).users.find((u) => u.id === claims.oid) : undefined;
  if (!user) throw invalidAccessToken('UnknownUser', `The token's oid ${String(claims.oid)} is not a user of this tenant.`);
  return { claims, user };
}

/** The client application the token was issued to: `azp` in v2 tokens, `appid` in v1 ones. */
export function clientIdOf(claims: EntraAccessClaims): string {
  const appid = (claims as { appid?: unknown }).appid;
  return String(claims.azp ?? appid ?? '');
}

/** Teams answers this (with these words) when the user has no Teams licence. */
export function requireTeamsLicence(user: FixtureUser): void {
  if (!user.teamsLicense) {
    throw new AcsError(403, 'UserLicenseNotPresentForbidden', 'UserLicenseNotPresentForbidden', 'User Login. Teams is disabled in user licenses');
  }
}
