import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { withDeadline } from '../upstream/deadline.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import { TokenRejected } from './token-rejected.js';

/** How long a caller is told to wait when a tenant's keys could not be fetched: jose tries again on the next token. */
const KEYS_RETRY_AFTER_SECONDS = 5;
const KEYS_TIMEOUT_MS = 5_000;

/** The claims the proxy acts on, after every check has passed. */
export interface EntraCaller {
  tenantId: string;
  objectId: string;
  /** The client app the token was issued to (`azp` in v2 tokens, `appid` in v1). */
  clientId: string;
  scopes: string[];
  /** Directory role template ids (`wids`). */
  roles: string[];
  expiresAt: number;
  name?: string;
  username?: string;
}

export interface ValidatorOptions {
  authorityHost: string;
  issuerTemplates: string[];
  allowedTenants: string[];
  allowedClientIds: string[];
  clockToleranceSeconds: number;
  /** For tests: the keys URL of a tenant (defaults to Entra's `/{tid}/discovery/v2.0/keys`). */
  keysUrl?: (tenantId: string) => string;
  /** The clock a token's lifetime is judged by (`Date.now` by default). */
  now?: Clock;
}

export interface Expectation {
  audiences: string[];
  /** Every one of these scopes must be in `scp`. */
  scopes: string[];
}

/**
 * Validates Entra access tokens with jose and the tenant's published keys (fetched once, then cached and
 * refreshed by jose when an unknown `kid` appears): RS256 only, issuer of the token's own allowed tenant,
 * audience, lifetime with a small tolerance, client id and scopes.
 */
export class EntraTokenValidator {
  readonly #keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  /**
   * Tokens already verified for an expectation, keyed by the SHA-256 of token and expectation, so a token
   * presented again skips the RSA check (the bench showed ~100 µs each); lifetime is re-checked on every hit.
   */
  readonly #verified: LRUCache<string, { caller: EntraCaller; notBefore?: number }>;
  readonly #now: Clock;

  constructor(private readonly options: ValidatorOptions) {
    this.#now = options.now ?? Date.now;
    this.#verified = new LRUCache({ max: 10_000, ttl: 5 * 60_000, perf: { now: this.#now }, ttlResolution: 0 });
  }

  #keys(tenantId: string) {
    let keys = this.#keySets.get(tenantId);
    if (!keys) {
      const url = this.options.keysUrl?.(tenantId) ?? `${this.options.authorityHost}/${tenantId}/discovery/v2.0/keys`;
      keys = createRemoteJWKSet(new URL(url), {
        cooldownDuration: 30_000,
        cacheMaxAge: 24 * 3600_000,
        timeoutDuration: KEYS_TIMEOUT_MS,
        // jose's own AbortSignal.timeout is followed, but the proxy's deadline timer is what holds under GC.
        [customFetch]: (input, init) => withDeadline(KEYS_TIMEOUT_MS, init.signal, (signal) => fetch(input, { ...init, signal })),
      });
      this.#keySets.set(tenantId, keys);
    }
    return keys;
  }

  /** The expectation's part of a cache key, worked out once per expectation (each route has one) rather than per request. */
  readonly #expectationKeys = new WeakMap<Expectation, string>();
  #expectationKey(expected: Expectation): string {
    let key = this.#expectationKeys.get(expected);
    if (key === undefined) {
      key = `${expected.audiences.join(' ')}|${expected.scopes.join(' ')}|`;
      this.#expectationKeys.set(expected, key);
    }
    return key;
  }

  /** Fetches a tenant's keys now (readiness checks). */
  async warmKeys(tenantId: string): Promise<void> {
    const keys = this.#keys(tenantId);
    await keys.reload();
  }

  async validate(token: string | undefined, expected: Expectation): Promise<EntraCaller> {
    if (!token) throw new TokenRejected('missing_token', 'Send an Entra access token as "Authorization: Bearer <token>".');
    const key = createHash('sha256').update(this.#expectationKey(expected)).update(token).digest('base64url');
    const known = this.#verified.get(key);
    if (known) {
      const now = Math.floor(this.#now() / 1000);
      const tolerance = this.options.clockToleranceSeconds;
      if (known.caller.expiresAt + tolerance <= now) {
        this.#verified.delete(key);
        throw new TokenRejected('token_expired', 'The token has expired.');
      }
      if (known.notBefore !== undefined && known.notBefore - tolerance > now) throw new TokenRejected('token_not_yet_valid', 'The token is not valid yet.');
      return known.caller;
    }
    const { caller, notBefore } = await this.#verify(token, expected);
    this.#verified.set(key, { caller, notBefore });
    return caller;
  }

  async #verify(token: string, expected: Expectation): Promise<{ caller: EntraCaller; notBefore?: number }> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw new TokenRejected('malformed_token', 'The bearer token is not a JWT.');
    }
    if (header.alg !== 'RS256') throw new TokenRejected('unsupported_algorithm', `Tokens signed with ${String(header.alg)} are not accepted; Entra signs with RS256.`);
    const tenantId = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : '';
    if (!this.options.allowedTenants.includes(tenantId)) {
      throw new TokenRejected('tenant_not_allowed', `Tokens from tenant ${tenantId || '(none)'} are not accepted here.`);
    }
    // A token's issuer must be of its own version's form (v2 ends in /v2.0): a v1 token claiming the v2 issuer,
    // or the reverse, is not what Entra issues, whatever key signed it.
    const version = unverified.ver;
    if (version !== '1.0' && version !== '2.0') throw new TokenRejected('malformed_token', "The token's ver claim is neither 1.0 nor 2.0.");
    const issuers = this.options.issuerTemplates.filter((t) => isV2IssuerTemplate(t) === (version === '2.0')).map((t) => t.replace('{tid}', tenantId));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#keys(tenantId), {
        algorithms: ['RS256'],
        issuer: issuers,
        audience: expected.audiences,
        clockTolerance: this.options.clockToleranceSeconds,
        currentDate: new Date(this.#now()),
        requiredClaims: ['exp', 'iss', 'aud', 'tid', 'oid'],
      }));
    } catch (error) {
      throw rejection(error);
    }
    const clientId = String((version === '2.0' ? payload.azp : payload.appid) ?? '').toLowerCase();
    // Entra names the client in one claim per version; a token naming a second, different client is not its own.
    const otherClaim = version === '2.0' ? payload.appid : payload.azp;
    if (otherClaim !== undefined && String(otherClaim).toLowerCase() !== clientId) {
      throw new TokenRejected('client_not_allowed', 'The token names two different client apps (azp and appid).');
    }
    if (!this.options.allowedClientIds.includes(clientId)) {
      throw new TokenRejected('client_not_allowed', `Tokens issued to client ${clientId || '(none)'} are not accepted here.`);
    }
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
    const lower = new Set(scopes.map((s) => s.toLowerCase()));
    const missing = expected.scopes.filter((s) => !lower.has(s.toLowerCase()));
    if (missing.length) throw new TokenRejected('missing_scope', `The token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
    const caller: EntraCaller = {
      tenantId,
      objectId: String(payload.oid).toLowerCase(),
      clientId,
      scopes,
      roles: Array.isArray(payload.wids) ? payload.wids.map(String) : [],
      expiresAt: payload.exp!,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      username: usernameOf(payload, version),
    };
    return { caller, notBefore: payload.nbf };
  }
}

/** v2 issuers end in `/v2.0` (`https://login.microsoftonline.com/{tid}/v2.0`); v1 ones do not (`https://sts.windows.net/{tid}/`). */
function isV2IssuerTemplate(template: string): boolean {
  return /\/v2\.0\/?$/.test(template);
}

/** The sign-in name: `preferred_username` in v2 tokens, `upn` (or `unique_name`) in v1 ones. */
function usernameOf(payload: JWTPayload, version: '1.0' | '2.0'): string | undefined {
  const names = version === '2.0' ? [payload.preferred_username] : [payload.upn, payload.unique_name];
  return names.find((n): n is string => typeof n === 'string');
}

/** Why a token failed: its own fault (TokenRejected, 401), or the key set's outage (503, the service's fault). */
function rejection(error: unknown): TokenRejected | UpstreamError {
  if (error instanceof errors.JWTExpired) return new TokenRejected('token_expired', 'The token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new TokenRejected('token_not_yet_valid', 'The token is not valid yet.');
    if (error.claim === 'iss') return new TokenRejected('wrong_issuer', "The token's issuer is not its tenant's Entra issuer.");
    if (error.claim === 'aud') return new TokenRejected('wrong_audience', 'The token was issued for another audience.');
    return new TokenRejected('malformed_token', `The token's ${error.claim} claim is missing or invalid.`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenRejected('unknown_key', "The token's signing key is not one of its tenant's keys.");
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRejected('invalid_signature', 'The token signature is invalid.');
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRejected('unsupported_algorithm', 'The token algorithm is not accepted.');
  if (error instanceof errors.JWKSTimeout || (error as { code?: string }).code === 'ERR_JOSE_GENERIC' || error instanceof TypeError) {
    return new UpstreamError(503, 'keys_unavailable', "The tenant's signing keys could not be fetched, so no token can be checked; try again shortly.", KEYS_RETRY_AFTER_SECONDS);
  }
  return new TokenRejected('malformed_token', 'The bearer token could not be validated.');
}
