import { decodeJwt, SignJWT, type JWTPayload } from 'jose';
import type { DevTenantContext } from '../context.js';

/** The scopes an ACS user token can carry (CommunicationIdentityTokenScope). */
export const ACS_TOKEN_SCOPES = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'] as const;
export type AcsTokenScope = (typeof ACS_TOKEN_SCOPES)[number];

/** Who an ACS token is for; each kind has its own `skypeid` form, the identity id without its `8:`. */
export type AcsTokenSubject =
  | { kind: 'acsUser'; id: string }
  | { kind: 'teamsUser'; oid: string; tid: string }
  | { kind: 'teamsExtensionUser'; oid: string; tid: string };

export interface IssuedAcsToken {
  token: string;
  /** ISO 8601, as the REST API's `expiresOn`. */
  expiresOn: string;
}

/** Real tokens name the data region in `rgn`; the Calling SDK reads it for Teams identities. */
const REGIONS: Record<string, string> = { unitedstates: 'amer', europe: 'emea', unitedkingdom: 'emea', asiapacific: 'apac', australia: 'apac' };

/** Signs as the dev tenant's Entra does (RS256, its `kid`), with the ACS header's `x5t`: the thumbprint of the key's certificate. */
function signAcsToken(ctx: DevTenantContext, claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
  const now = ctx.now();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: ctx.key.kid, x5t: ctx.key.certificate.x5t })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(ctx.key.privateKey);
}

export function identityIdFor(ctx: DevTenantContext, subject: AcsTokenSubject): string {
  const res = ctx.fixture.acs.immutableResourceId;
  switch (subject.kind) {
    case 'acsUser':
      return subject.id;
    case 'teamsUser':
      return `8:orgid:${subject.oid}`;
    case 'teamsExtensionUser':
      return `8:acs:${res}_${subject.tid}_${subject.oid}`;
  }
}

/**
 * Issues an ACS access token shaped like the real ones, because the Calling SDK reads its claims:
 * `skypeid` for the identity, `acsScope` for what it may do (it insists on voip), `resourceId`,
 * `resourceLocation`/`rgn` for routing, and `oid`/`tid` for Teams identities.
 */
export async function issueAcsToken(
  ctx: DevTenantContext,
  subject: AcsTokenSubject,
  scopes: readonly string[],
  lifetimeSeconds: number,
): Promise<IssuedAcsToken> {
  const { immutableResourceId, location } = ctx.fixture.acs;
  const issuedAt = ctx.now();
  const calling = scopes.some((s) => s === 'voip' || s === 'voip.join');
  const claims = {
    skypeid: identityIdFor(ctx, subject).slice('8:'.length),
    // 1792 is what real voip tokens carry (seen in tokens, not in any published document); the SDKs do not
    // read it, so other scopes keep 0 here.
    scp: calling ? 1792 : 0,
    csi: String(issuedAt),
    acsScope: scopes.join(','),
    resourceId: immutableResourceId,
    resourceLocation: location,
    rgn: REGIONS[location.toLowerCase()] ?? 'amer',
    ...(subject.kind === 'acsUser' ? {} : { oid: subject.oid, tid: subject.tid }),
  };
  const token = await signAcsToken(ctx, claims, Math.max(1, Math.floor(lifetimeSeconds)));
  // Read the expiry back from the token so `expiresOn` and `exp` can never disagree.
  const { exp } = decodeJwt(token);
  return { token, expiresOn: new Date(exp! * 1000).toISOString() };
}

/** Tokens exchanged from an Entra token must not outlive it ("with a matching expiration time"). */
export function lifetimeBoundedBy(ctx: DevTenantContext, entraExp: number | undefined): number {
  const cap = ctx.fixture.lifetimes.acsTokenSeconds;
  return entraExp === undefined ? cap : Math.min(cap, entraExp - ctx.now());
}
