import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, createLocalJWKSet, errors as joseErrors, type JWTPayload } from 'jose';
import { issuerFor, type DevTenantContext } from '../context.js';
import { MEMBER_USER_ROLE_ID, ROLE_TEMPLATE_IDS, type FixtureUser } from '../fixture.js';
import type { Resource } from './resources.js';

/** Claims of an Entra v2 access token as the dev tenant issues them. */
export interface EntraAccessClaims extends JWTPayload {
  aud: string;
  iss: string;
  tid: string;
  oid: string;
  sub: string;
  azp: string;
  scp: string;
  ver: '2.0';
  name: string;
  preferred_username: string;
  wids: string[];
}

export function widsFor(user: FixtureUser): string[] {
  return [...user.roles.map((r) => ROLE_TEMPLATE_IDS[r]), MEMBER_USER_ROLE_ID];
}

/** Entra's `sub` is pairwise: stable per user and application, useless across apps. */
function pairwiseSubject(userId: string, clientId: string): string {
  return createHash('sha256').update(`${userId}:${clientId}`).digest('base64url').slice(0, 43);
}

export async function sign(ctx: DevTenantContext, claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
  const now = ctx.now();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: ctx.key.kid })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(ctx.key.privateKey);
}

export function issueAccessToken(
  ctx: DevTenantContext,
  user: FixtureUser,
  clientId: string,
  resource: Resource,
  permissions: string[],
): Promise<string> {
  const tid = ctx.fixture.tenant.id;
  return sign(
    ctx,
    {
      aud: resource.audience,
      iss: issuerFor(ctx),
      tid,
      oid: user.id,
      sub: pairwiseSubject(user.id, clientId),
      azp: clientId,
      azpacr: '0',
      scp: permissions.join(' '),
      ver: '2.0',
      name: user.displayName,
      preferred_username: user.userPrincipalName,
      wids: widsFor(user),
      uti: randomBytes(16).toString('base64url'),
    },
    ctx.fixture.lifetimes.entraAccessTokenSeconds,
  );
}

export function issueIdToken(ctx: DevTenantContext, user: FixtureUser, clientId: string, nonce?: string): Promise<string> {
  const tid = ctx.fixture.tenant.id;
  return sign(
    ctx,
    {
      aud: clientId,
      iss: issuerFor(ctx),
      tid,
      oid: user.id,
      sub: pairwiseSubject(user.id, clientId),
      name: user.displayName,
      preferred_username: user.userPrincipalName,
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    },
    ctx.fixture.lifetimes.entraAccessTokenSeconds,
  );
}

/** `client_info` as Entra returns it, so MSAL's home account id is `oid.tid`. */
export function clientInfo(ctx: DevTenantContext, user: FixtureUser): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: ctx.fixture.tenant.id })).toString('base64url');
}

export type AccessTokenProblem = 'malformed' | 'signature' | 'expired' | 'not-yet-valid' | 'issuer' | 'audience' | 'tenant' | 'scope';

export class AccessTokenRejected extends Error {
  constructor(
    readonly problem: AccessTokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Verifies an Entra access token the dev tenant issued: RS256 signature with its own key, issuer,
 * audience, tenant, lifetime on the dev tenant's clock, and (any of) the required permissions.
 */
export async function verifyAccessToken(
  ctx: DevTenantContext,
  token: string,
  expected: { audiences: string[]; requiredScopes?: string[]; allScopes?: boolean },
): Promise<EntraAccessClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet({ keys: [ctx.key.publicJwk] }), {
      algorithms: ['RS256'],
      issuer: issuerFor(ctx),
      currentDate: new Date(ctx.now() * 1000),
      clockTolerance: 0,
    }));
  } catch (error) {
    throw rejection(error);
  }
  const claims = payload as EntraAccessClaims;
  if (!expected.audiences.includes(String(claims.aud))) {
    throw new AccessTokenRejected('audience', `The token's audience ${String(claims.aud)} is not ${expected.audiences.join(' or ')}.`);
  }
  if (claims.tid !== ctx.fixture.tenant.id) throw new AccessTokenRejected('tenant', `The token is from tenant ${claims.tid}.`);
  const granted = new Set(String(claims.scp ?? '').split(' ').map((s) => s.toLowerCase()));
  const required = expected.requiredScopes ?? [];
  const has = (s: string) => granted.has(s.toLowerCase());
  const ok = required.length === 0 || (expected.allScopes ? required.every(has) : required.some(has));
  if (!ok) {
    throw new AccessTokenRejected('scope', `The token lacks the scope${required.length > 1 ? 's' : ''} ${required.join(expected.allScopes ? ' and ' : ' or ')}.`);
  }
  return claims;
}

function rejection(error: unknown): AccessTokenRejected {
  if (error instanceof joseErrors.JWTExpired) return new AccessTokenRejected('expired', 'The token is expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new AccessTokenRejected('not-yet-valid', 'The token is not yet valid.');
    if (error.claim === 'iss') return new AccessTokenRejected('issuer', 'The token was not issued by this tenant.');
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JOSEAlgNotAllowed) {
    return new AccessTokenRejected('signature', 'The token signature is invalid.');
  }
  return new AccessTokenRejected('malformed', 'The token is not a valid JWT.');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
