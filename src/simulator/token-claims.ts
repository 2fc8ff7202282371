import { TOKEN_ERRORS } from './calling-error.js';

export interface AcsTokenClaims {
  skypeid?: string;
  acsScope?: string;
  resourceId?: string;
  oid?: string;
  exp?: number;
}

/** Reads an ACS token's claims and refuses it where the SDK does, before anything goes on the wire. */
export function checkTeamsToken(token: string, now = Date.now()): AcsTokenClaims {
  const claims = readClaims(token);
  if (!claims) throw TOKEN_ERRORS.invalid();
  const scopes = (claims.acsScope ?? '').split(',');
  if (!scopes.includes('voip') && !scopes.includes('voip.join')) throw TOKEN_ERRORS.noVoip();
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) throw TOKEN_ERRORS.expired();
  // Teams identities (8:orgid and the dual-persona 8:acs:<res>_<tid>_<oid>) carry the user's oid.
  if (!claims.oid) throw TOKEN_ERRORS.notTeams();
  return claims;
}

/** A JWT's claims, unverified (the service checks the signature), or undefined when it is not a JWT. */
export function readClaims(token: string): AcsTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as unknown;
    return claims && typeof claims === 'object' ? (claims as AcsTokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
