import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { findUser, type DevTenantContext } from '../context.js';
import { findClient, type RegisteredClient } from './clients.js';
import type { CodeStore } from './codes.js';
import { echoClientRequestId } from './correlation.js';
import { findConfidentialApp } from './confidential-clients.js';
import { confidentialClientGrant } from './confidential-grants.js';
import { EntraError } from './errors.js';
import { consentedPermissionsOrThrow, parseScopesOrThrow, tokenResponse } from './grants.js';
import { admits, assertTenantSegment, notInTenant } from './tenant-path.js';
import { sha256 } from './tokens.js';
import { directoriesOf } from '../tenants.js';

type TokenForm = Record<string, string | undefined>;

function required(form: TokenForm, name: string): string {
  const value = form[name];
  if (!value) throw new EntraError('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
  return value;
}

function invalidGrant(code: number, description: string): EntraError {
  return new EntraError('invalid_grant', code, description);
}

/** A SPA's codes and refresh tokens redeem only from a page, which always sends `Origin` on a cross-origin POST. */
function assertCrossOrigin(client: RegisteredClient, origin: string | undefined): void {
  if (client.platform === 'spa' && !origin) {
    throw new EntraError('invalid_request', 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.");
  }
}

/**
 * `POST /{tenant}/oauth2/v2.0/token`: authorization_code (PKCE), refresh_token and password grants, each only
 * where Entra allows it: the SPA redeems cross-origin and has no password grant; no public client presents a
 * secret. A confidential client's grants are in confidential-grants.ts.
 */
export function registerTokenEndpoint(app: FastifyInstance, ctx: DevTenantContext, codes: CodeStore): void {
  app.post<{ Params: { tenant: string }; Body: TokenForm }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    echoClientRequestId(request, reply);
    const authority = assertTenantSegment(ctx, request.params.tenant);
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') || typeof request.body !== 'object' || !request.body) {
      throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    }
    const form = request.body;
    const clientId = required(form, 'client_id');
    const confidential = findConfidentialApp(ctx, clientId);
    if (confidential) {
      reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');
      return confidentialClientGrant(ctx, (authority.tenant ?? directoriesOf(ctx.fixture)[0]!).tenant, confidential, form, request.headers.authorization);
    }
    const client = findClient(ctx, clientId);
    if (!client) {
      throw new EntraError(
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${ctx.fixture.tenant.displayName}'.`,
      );
    }
    if (form.client_secret !== undefined || form.client_assertion !== undefined) {
      throw new EntraError('invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", undefined, 401);
    }
    const grantType = required(form, 'grant_type');
    const withClientInfo = form.client_info === '1';
    reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');

    if (grantType === 'authorization_code') {
      assertCrossOrigin(client, request.headers.origin);
      const code = codes.get(required(form, 'code'));
      if (!code || code.clientId !== clientId) throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
      if (code.redeemed) throw invalidGrant(54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
      if (code.expiresAt < ctx.now()) throw invalidGrant(70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
      if (required(form, 'redirect_uri') !== code.redirectUri) throw invalidGrant(70000, "The request was denied because one or more grants are invalid: 'redirect_uri' does not match the one used in the authorization request.");
      const verifier = required(form, 'code_verifier');
      if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
        throw invalidGrant(501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      }
      code.redeemed = true;
      const user = findUser(ctx, code.userId)!;
      if (!admits(authority, user)) throw notInTenant(ctx, authority, user, 'token');
      // The token is for the one resource the redemption names; the authorize request may have consented more.
      const scopes = parseScopesOrThrow(ctx, form.scope ?? code.scope);
      const permissions = consentedPermissionsOrThrow(ctx, clientId, user, scopes);
      return tokenResponse(ctx, user, clientId, scopes, permissions, { nonce: code.nonce, withClientInfo });
    }

    if (grantType === 'refresh_token') {
      const hash = sha256(required(form, 'refresh_token'));
      const grant = ctx.state.data.refreshTokens[hash];
      if (!grant || grant.clientId !== clientId) throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
      assertCrossOrigin(client, request.headers.origin);
      if (grant.expiresAt < ctx.now()) {
        throw client.platform === 'spa'
          ? invalidGrant(700084, 'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime, which has expired.')
          : invalidGrant(700082, 'The refresh token has expired due to inactivity.');
      }
      const user = findUser(ctx, grant.userId)!;
      if (!admits(authority, user)) throw notInTenant(ctx, authority, user, 'token');
      const scopes = parseScopesOrThrow(ctx, form.scope);
      const permissions = consentedPermissionsOrThrow(ctx, clientId, user, scopes);
      // A new refresh token comes back each time, but, as in Entra, the one just used stays valid until it
      // expires: a page may renew several resources at once with the same one.
      return tokenResponse(ctx, user, clientId, scopes, permissions, { withClientInfo });
    }

    if (grantType === 'password') {
      // A registration with public client flows off treats the password grant as a confidential client's.
      if (client.platform === 'spa') {
        throw new EntraError('invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", undefined, 401);
      }
      const user = findUser(ctx, required(form, 'username'));
      if (!user || user.password !== required(form, 'password')) {
        throw invalidGrant(50126, 'Error validating credentials due to invalid username or password.');
      }
      if (!admits(authority, user)) throw notInTenant(ctx, authority, user, 'token');
      const scopes = parseScopesOrThrow(ctx, form.scope);
      const permissions = consentedPermissionsOrThrow(ctx, clientId, user, scopes);
      return tokenResponse(ctx, user, clientId, scopes, permissions, { withClientInfo });
    }

    throw new EntraError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  });
}
