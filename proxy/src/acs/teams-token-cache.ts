import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { SharedLookup, SharedTokenCache } from '../store/shared-token-cache.js';
import type { StoreOutages } from '../store/store-outages.js';
import type { AcsToken } from './teams-user-exchange.js';

/** Renew this long before either token expires, so a cached answer is never about to lapse. */
const SAFETY_MARGIN_MS = 5 * 60_000;

/** Whose exchange it is: the validated token's tenant and object id, and when that Entra token expires (seconds). */
export interface TokenOwner {
  tenantId: string;
  objectId: string;
  expiresAt: number;
}

export interface TokenCacheOptions {
  maxEntries: number;
  /** TOKEN_CACHE_MAX_SECONDS: the longest an answer is served, for revocations the proxy never hears of; 0 = no cache. */
  maxSeconds: number;
  now?: Clock;
  /** REDIS_URL's cache, shared by every instance; the LRU here stands in while it cannot be reached. */
  shared?: { cache: SharedTokenCache; outages: StoreOutages };
}

interface LocalEntry {
  token: AcsToken;
  user: string;
}

/**
 * Remembers the ACS token each Entra token earned, so a page reload presenting the same still-valid Entra
 * token costs no second exchange. Only someone holding that exact token can hit the entry: the local LRU is
 * keyed by its SHA-256, the shared cache by a key derived from it, with the value sealed by another.
 * Concurrent identical requests share one exchange.
 *
 * An answer never outlives the access it was granted for: `revoke()` (an assignment removed through the
 * proxy) drops the user's entries at once, and no entry lives longer than `maxSeconds`. With a shared cache,
 * Redis is the only cache while it answers, so one revocation there holds on every instance at once; the
 * local LRU serves only during an outage and is emptied when Redis is back, so nothing it learned then can
 * outlive a revocation made after.
 */
export class TeamsTokenCache {
  readonly #entries: LRUCache<string, LocalEntry> | undefined;
  /** Local keys per user, so a revocation finds them without scanning. */
  readonly #byUser = new Map<string, Set<string>>();
  readonly #inFlight = new Map<string, Promise<AcsToken>>();
  /** Moves on at each revocation: an exchange that began before one is not cached locally. */
  #revocations = 0;
  readonly #now: Clock;
  readonly #maxMs: number;
  readonly #shared: TokenCacheOptions['shared'];

  constructor({ maxEntries, maxSeconds, now = Date.now, shared }: TokenCacheOptions) {
    this.#now = now;
    this.#maxMs = maxSeconds * 1000;
    this.#shared = maxSeconds > 0 && maxEntries > 0 ? shared : undefined;
    // ttlResolution 0: read the clock on every lookup rather than reuse one reading for a millisecond, so a
    // clock moved by a test is seen at once (Date.now costs nothing worth saving).
    this.#entries =
      maxEntries > 0 && maxSeconds > 0
        ? new LRUCache({ max: maxEntries, ttlAutopurge: false, perf: { now }, ttlResolution: 0, dispose: (entry, key) => this.#unindex(entry.user, key) })
        : undefined;
    shared?.outages.onRecovered('token_cache', () => this.#entries?.clear());
  }

  async getOrExchange(entraToken: string, owner: TokenOwner, exchange: () => Promise<AcsToken>): Promise<{ token: AcsToken; cached: boolean }> {
    if (!this.#entries) return { token: await exchange(), cached: false };
    const user = userKey(owner.tenantId, owner.objectId);
    const shared = this.#shared;
    if (shared) {
      const keys = shared.cache.keys(entraToken);
      let lookup: SharedLookup | undefined;
      try {
        shared.cache.assertUsable();
        lookup = await shared.cache.lookup(keys, user);
        shared.outages.worked('token_cache');
      } catch (error) {
        shared.outages.fellBack('token_cache', error);
      }
      if (lookup?.token) return { token: lookup.token, cached: true };
      if (lookup) {
        const { token, cached } = await this.#deduplicated(entraToken, exchange);
        const ttl = this.#ttl(token, owner);
        if (!cached && ttl > 0) await shared.cache.store(keys, user, token, ttl, lookup.generation).catch((error: unknown) => shared.outages.fellBack('token_cache', error));
        return { token, cached };
      }
    }
    return this.#local(entraToken, user, owner, exchange);
  }

  /** Drops every cached token of the user, here and (with Redis) on every instance; answers how many went. */
  async revoke(tenantId: string, objectId: string): Promise<number> {
    const user = userKey(tenantId, objectId);
    this.#revocations++;
    const local = [...(this.#byUser.get(user) ?? [])];
    for (const key of local) this.#entries?.delete(key);
    if (!this.#shared) return local.length;
    try {
      this.#shared.cache.assertUsable();
      const dropped = await this.#shared.cache.revoke(user);
      this.#shared.outages.worked('revocation');
      return dropped + local.length;
    } catch (error) {
      this.#shared.outages.fellBack('revocation', error);
      return local.length;
    }
  }

  async #local(entraToken: string, user: string, owner: TokenOwner, exchange: () => Promise<AcsToken>): Promise<{ token: AcsToken; cached: boolean }> {
    const key = createHash('sha256').update(entraToken).digest('base64url');
    const hit = this.#entries!.get(key);
    if (hit) return { token: hit.token, cached: true };
    const revocations = this.#revocations;
    const { token, cached } = await this.#deduplicated(entraToken, exchange, key);
    const ttl = this.#ttl(token, owner);
    if (!cached && ttl > 0 && revocations === this.#revocations) {
      this.#entries!.set(key, { token, user }, { ttl });
      const keys = this.#byUser.get(user) ?? new Set<string>();
      this.#byUser.set(user, keys.add(key));
    }
    return { token, cached };
  }

  /** One exchange for concurrent identical requests; the ones that joined count as cached. */
  async #deduplicated(entraToken: string, exchange: () => Promise<AcsToken>, key = createHash('sha256').update(entraToken).digest('base64url')): Promise<{ token: AcsToken; cached: boolean }> {
    const pending = this.#inFlight.get(key);
    if (pending) return { token: await pending, cached: true };
    const started = exchange().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return { token: await started, cached: false };
  }

  #ttl(token: AcsToken, owner: TokenOwner): number {
    const untilExpiry = Math.min(token.expiresOn.getTime(), owner.expiresAt * 1000) - this.#now() - SAFETY_MARGIN_MS;
    return Math.min(untilExpiry, this.#maxMs);
  }

  #unindex(user: string, key: string): void {
    const keys = this.#byUser.get(user);
    if (!keys) return;
    keys.delete(key);
    if (keys.size === 0) this.#byUser.delete(user);
  }
}

function userKey(tenantId: string, objectId: string): string {
  return `${tenantId.toLowerCase()}:${objectId.toLowerCase()}`;
}
