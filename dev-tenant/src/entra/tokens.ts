import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JWTPayload } from 'jose';
import { issuerFor, signingKeyOf, type DevTenantContext } from '../context.js';
import { MEMBER_USER_ROLE_ID, ROLE_TEMPLATE_IDS, type FixtureUser } from '../fixture.js';
import { findTenant, homeTenantOf } from '../tenants.js';
import type { Resource } from './resources.js';

/**
 * Claims of an Entra access token as the dev tenant issues them. Which version a token is follows its
 * resource (see `Resource.tokenVersion`): v1 names the client `appid` and the user `upn`/`unique_name`,
 * v2 names them `azp` and `preferred_username` (ACS reads the client through `clientIdOf`).
 */
export interface EntraAccessClaims extends JWTPayload {
  aud: string;
  iss: string;
  tid: string;
  oid: string;
  sub: string;
  scp: string;
  ver: '1.0' | '2.0';
  name: string;
  wids: string[];
  /** v2 only. */
  azp?: string;
  /** v2 only. */
  preferred_username?: string;
  /** v1 only. */
  appid?: string;
  /** v1 only. */
  upn?: string;
  /** v1 only. */
  unique_name?: string;
}

/** The issuer of v1 tokens, whatever the authority's host: Entra's own security token service. */
export function v1IssuerFor(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function widsFor(user: FixtureUser): string[] {
  return [...user.roles.map((r) => ROLE_TEMPLATE_IDS[r]), MEMBER_USER_ROLE_ID];
}

/** Entra's `sub` is pairwise: stable per user and application, useless across apps. */
function pairwiseSubject(userId: string, clientId: string): string {
  return createHash('sha256').update(`${userId}:${clientId}`).digest('base64url').slice(0, 43);
}

export interface HeaderOptions {
  /** v1 tokens name the key twice, by `kid` and by its certificate's thumbprint `x5t`. */
  x5t?: boolean;
  /** See `Resource.signedNonceInHeader`. */
  signedNonce?: boolean;
}

/** Signs with the key of the tenant the claims' `tid` names (the top-level tenant's without one). */
export async function sign(ctx: DevTenantContext, claims: JWTPayload, lifetimeSeconds: number, header: HeaderOptions = {}): Promise<string> {
  const now = ctx.now();
  const key = signingKeyOf(ctx, typeof claims.tid === 'string' ? claims.tid : ctx.fixture.tenant.id);
  const nonce = header.signedNonce ? randomToken() : undefined;
  const token = await new SignJWT(claims)
    .setProtectedHeader({
      typ: 'JWT',
      ...(nonce ? { nonce: sha256(nonce) } : {}),
      alg: 'RS256',
      ...(header.x5t ? { x5t: key.certificate.x5t } : {}),
      kid: key.kid,
    })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(key.privateKey);
  // Graph's trick: the signature covers the nonce's hash, the token carries the nonce itself.
  return nonce ? withHeaderNonce(token, nonce) : token;
}

/** The token with its header's `nonce` replaced, every other header byte kept in order. */
function withHeaderNonce(token: string, nonce: string): string {
  const [header, ...rest] = token.split('.');
  const fields = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  fields.nonce = nonce;
  return [Buffer.from(JSON.stringify(fields)).toString('base64url'), ...rest].join('.');
}

/** What was signed: a token with a header nonce was signed over the nonce's SHA-256 (only Graph knows to undo it). */
function asSigned(token: string): string {
  let nonce: unknown;
  try {
    nonce = decodeProtectedHeader(token).nonce;
  } catch {
    return token; // jwtVerify says why it is malformed
  }
  return typeof nonce === 'string' ? withHeaderNonce(token, sha256(nonce)) : token;
}

export function issueAccessToken(
  ctx: DevTenantContext,
  user: FixtureUser,
  clientId: string,
  resource: Resource,
  permissions: string[],
  /** How the client proved itself: '0' a public client (the SPA), '1' a client secret (a backend, on-behalf-of). */
  clientAuth: '0' | '1' = '0',
): Promise<string> {
  // Whatever authority the user signed in at (`organizations` too), the token is their home tenant's.
  const tid = homeTenantOf(ctx, user).tenant.id;
  const common = { oid: user.id, sub: pairwiseSubject(user.id, clientId), name: user.displayName, scp: permissions.join(' '), wids: widsFor(user), uti: randomBytes(16).toString('base64url') };
  const lifetime = ctx.fixture.lifetimes.entraAccessTokenSeconds;
  if (resource.tokenVersion === 1) {
    return sign(
      ctx,
      {
        aud: resource.audience,
        iss: v1IssuerFor(tid),
        acr: '1',
        amr: ['pwd'],
        appid: clientId,
        appidacr: clientAuth,
        ...common,
        tid,
        unique_name: user.userPrincipalName,
        upn: user.userPrincipalName,
        ver: '1.0',
      },
      lifetime,
      { x5t: true, signedNonce: resource.signedNonceInHeader },
    );
  }
  return sign(
    ctx,
    {
      aud: resource.audience,
      iss: issuerFor(ctx, tid),
      azp: clientId,
      azpacr: clientAuth,
      ...common,
      preferred_username: user.userPrincipalName,
      tid,
      ver: '2.0',
    },
    lifetime,
    { signedNonce: resource.signedNonceInHeader },
  );
}

/** ID tokens come from the v2 endpoint and are v2 whatever the resource of the access token beside them. */
export function issueIdToken(ctx: DevTenantContext, user: FixtureUser, clientId: string, nonce?: string): Promise<string> {
  const tid = homeTenantOf(ctx, user).tenant.id;
  return sign(
    ctx,
    {
      aud: clientId,
      iss: issuerFor(ctx, tid),
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
  return Buffer.from(JSON.stringify({ uid: user.id, utid: homeTenantOf(ctx, user).tenant.id })).toString('base64url');
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
 * Verifies an Entra access token the dev tenant issued: RS256 signature with the key of the tenant its `tid`
 * names (a tenant the dev tenant does not serve is refused as such), that tenant's issuer, audience,
 * lifetime on the dev tenant's clock, and (any of) the required permissions.
 */
export async function verifyAccessToken(
  ctx: DevTenantContext,
  token: string,
  expected: { audiences: string[]; requiredScopes?: string[]; allScopes?: boolean },
): Promise<EntraAccessClaims> {
  // The issuer must be the form of the token's own version: a v1 token claiming the v2 issuer is not Entra's.
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw new AccessTokenRejected('malformed', 'The token is not a valid JWT.');
  }
  const { ver, tid } = unverified;
  if (ver !== '1.0' && ver !== '2.0') throw new AccessTokenRejected('malformed', `The token's version ${String(ver)} is neither 1.0 nor 2.0.`);
  // The tenant picks the key and the issuer; it is checked again below, once the signature vouches for it. A
  // tenant the dev tenant does not serve has no keys here: its issuer is not one this verifier trusts.
  const tenant = typeof tid === 'string' ? findTenant(ctx, tid) : undefined;
  if (!tenant || tenant.tenant.id.toLowerCase() !== String(tid).toLowerCase()) {
    throw new AccessTokenRejected('issuer', `The token was issued for tenant ${String(tid)}, which this dev tenant does not serve.`);
  }
  const tenantId = tenant.tenant.id;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(asSigned(token), createLocalJWKSet({ keys: [signingKeyOf(ctx, tenantId).publicJwk] }), {
      algorithms: ['RS256'],
      issuer: ver === '1.0' ? v1IssuerFor(tenantId) : issuerFor(ctx, tenantId),
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
  if (claims.tid !== tenantId) throw new AccessTokenRejected('tenant', `The token is from tenant ${claims.tid}.`);
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
