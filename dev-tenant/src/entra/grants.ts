import type { DevTenantContext } from '../context.js';
import type { FixtureUser } from '../fixture.js';
import { homeTenantOf } from '../tenants.js';
import { findClient } from './clients.js';
import { consentRequired, EntraError, missingServicePrincipal } from './errors.js';
import { evaluateConsent } from './consent.js';
import { parseScopes, responseScope, ScopeError, type ScopeRequest } from './resources.js';
import { clientInfo, issueAccessToken, issueIdToken, randomToken, sha256 } from './tokens.js';

export function parseScopesOrThrow(ctx: DevTenantContext, scope: string | undefined): ScopeRequest {
  try {
    return parseScopes(ctx.fixture, scope);
  } catch (error) {
    if (error instanceof ScopeError) throw new EntraError('invalid_scope', error.code, error.message);
    throw error;
  }
}

/** Resolves the permissions a token may carry (by the consents of the user's own tenant), or throws the error Entra's token endpoint returns. */
export function consentedPermissionsOrThrow(ctx: DevTenantContext, clientId: string, user: FixtureUser, request: ScopeRequest): string[] {
  const { tenant } = homeTenantOf(ctx, user);
  const outcome = evaluateConsent(ctx, tenant, clientId, user.id, request);
  if (outcome.ok) return outcome.permissions;
  if (outcome.kind === 'no-service-principal') throw missingServicePrincipal(tenant.id);
  throw consentRequired(clientId, findClient(ctx, clientId)?.displayName ?? clientId, 'invalid_grant');
}

/** Builds a token response exactly as Entra's v2 token endpoint does for a public (SPA or public-client) client. */
export async function tokenResponse(
  ctx: DevTenantContext,
  user: FixtureUser,
  clientId: string,
  request: ScopeRequest,
  permissions: string[],
  options: { nonce?: string; withClientInfo: boolean },
) {
  const lifetime = ctx.fixture.lifetimes.entraAccessTokenSeconds;
  const wantsRefresh = request.oidc.some((s) => s.toLowerCase() === 'offline_access');
  const wantsIdToken = request.oidc.some((s) => s.toLowerCase() === 'openid');
  const scope = [...permissions.map((p) => responseScope(request.resource, p)), ...request.oidc].join(' ');
  const body: Record<string, string | number> = {
    token_type: 'Bearer',
    scope,
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: await issueAccessToken(ctx, user, clientId, request.resource, permissions),
  };
  if (wantsRefresh) {
    const refreshToken = randomToken(48);
    const refreshLifetime = ctx.fixture.lifetimes.refreshTokenSeconds;
    ctx.state.data.refreshTokens[sha256(refreshToken)] = { clientId, userId: user.id, expiresAt: ctx.now() + refreshLifetime };
    ctx.state.changed();
    body.refresh_token = refreshToken;
    body.refresh_token_expires_in = refreshLifetime;
  }
  if (wantsIdToken) body.id_token = await issueIdToken(ctx, user, clientId, options.nonce);
  if (options.withClientInfo) body.client_info = clientInfo(ctx, user);
  return body;
}
