import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { DevTenantContext } from '../context.js';
import { isRevokedHash, tokenHash } from '../acs/exchanged-tokens.js';
import { CallingError } from './call-codes.js';

/** The two identities a TeamsCallAgent can have: the CCaaS persona and the Teams persona. */
export type Persona = 'teamsExtension' | 'teamsUser';

export interface AgentIdentity {
  /** The raw id, `8:acs:<resource>_<tenant>_<oid>` or `8:orgid:<oid>`. */
  identity: string;
  persona: Persona;
  oid: string;
  tid: string;
  /** Expiry of the token that proved it, seconds on the dev tenant clock. */
  exp: number;
  /** SHA-256 of that token: how a revocation finds the registrations it ends. */
  tokenHash: string;
}

interface AcsClaims extends JWTPayload {
  skypeid?: unknown;
  acsScope?: unknown;
  resourceId?: unknown;
  oid?: unknown;
  tid?: unknown;
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function bearerToken(request: FastifyRequest): string {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new CallingError('missingToken');
  return match[1]!;
}

async function verifiedClaims(ctx: DevTenantContext, token: string): Promise<AcsClaims> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [ctx.key.publicJwk] }), {
      algorithms: ['RS256'],
      currentDate: new Date(ctx.now() * 1000),
      clockTolerance: 0,
    });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new CallingError('tokenExpired', 'The ACS access token has expired (by the dev tenant clock); get a new one.');
    throw new CallingError('invalidToken', 'The bearer token is not an ACS access token signed by this dev tenant.');
  }
}

/** Reads the persona from `skypeid` as the Calling SDK does; a plain ACS user (`acs:<resource>_<uuid>`) has none. */
function identityOf(ctx: DevTenantContext, claims: AcsClaims): Omit<AgentIdentity, 'exp' | 'tokenHash'> {
  const skypeId = typeof claims.skypeid === 'string' ? claims.skypeid.toLowerCase() : '';
  const resource = ctx.fixture.acs.immutableResourceId.toLowerCase();
  const extension = new RegExp(`^acs:${resource}_(${GUID})_(${GUID})$`).exec(skypeId);
  if (extension) return { identity: `8:${skypeId}`, persona: 'teamsExtension', tid: extension[1]!, oid: extension[2]! };
  const teams = new RegExp(`^orgid:(${GUID})$`).exec(skypeId);
  if (teams) {
    const tid = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : ctx.fixture.tenant.id;
    return { identity: `8:${skypeId}`, persona: 'teamsUser', tid, oid: teams[1]! };
  }
  if (skypeId.startsWith('acs:')) throw new CallingError('plainAcsUser');
  throw new CallingError('invalidToken', 'The ACS access token names no identity (skypeid) this dev tenant knows.');
}

/**
 * Verifies the `Authorization: Bearer <ACS access token>` of an agent-side request: the dev tenant's
 * signature, expiry by its clock, not revoked, this ACS resource and the voip scope; then names the identity.
 */
export async function authenticateAgent(ctx: DevTenantContext, request: FastifyRequest): Promise<AgentIdentity> {
  const token = bearerToken(request);
  const claims = await verifiedClaims(ctx, token);
  // Revoked beats everything after the signature: the token is not the caller's to use any more.
  const hash = tokenHash(token);
  if (isRevokedHash(ctx, hash)) throw new CallingError('tokenRevoked');
  if (String(claims.resourceId ?? '').toLowerCase() !== ctx.fixture.acs.immutableResourceId.toLowerCase()) {
    throw new CallingError('invalidToken', `The ACS access token is for resource ${String(claims.resourceId)}, not this one.`);
  }
  // The identity first: a plain ACS user is refused as such whatever its scopes.
  const identity = identityOf(ctx, claims);
  const scopes = String(claims.acsScope ?? '').split(',').map((s) => s.trim());
  if (!scopes.includes('voip')) throw new CallingError('noVoipScope', `The ACS access token has the scopes "${scopes.join(',')}"; calling needs voip.`);
  return { ...identity, exp: Number(claims.exp), tokenHash: hash };
}
