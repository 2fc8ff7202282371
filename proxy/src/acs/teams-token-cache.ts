import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { AcsToken } from './teams-user-exchange.js';

/** Renew this long before either token expires, so a cached answer is never about to lapse. */
const SAFETY_MARGIN_MS = 5 * 60_000;

/**
 * Remembers the ACS token each Entra token earned, so a page reload presenting the same still-valid Entra
 * token costs no second exchange. Keyed by the SHA-256 of the Entra token itself: only someone holding that
 * exact token can hit the entry. Bounded (LRU), and concurrent identical requests share one exchange.
 */
export class TeamsTokenCache {
  readonly #entries: LRUCache<string, AcsToken> | undefined;
  readonly #inFlight = new Map<string, Promise<AcsToken>>();

  constructor(
    maxEntries: number,
    private readonly now: Clock = Date.now,
  ) {
    // ttlResolution 0: read the clock on every lookup rather than reuse one reading for a millisecond, so a
    // clock moved by a test is seen at once (Date.now costs nothing worth saving).
    this.#entries = maxEntries > 0 ? new LRUCache({ max: maxEntries, ttlAutopurge: false, perf: { now }, ttlResolution: 0 }) : undefined;
  }

  async getOrExchange(entraToken: string, entraExpiresAt: number, exchange: () => Promise<AcsToken>): Promise<{ token: AcsToken; cached: boolean }> {
    if (!this.#entries) return { token: await exchange(), cached: false };
    const key = createHash('sha256').update(entraToken).digest('base64url');
    const hit = this.#entries.get(key);
    if (hit) return { token: hit, cached: true };
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = exchange().finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
      const token = await pending;
      const ttl = Math.min(token.expiresOn.getTime(), entraExpiresAt * 1000) - this.now() - SAFETY_MARGIN_MS;
      if (ttl > 0) this.#entries.set(key, token, { ttl });
      return { token, cached: false };
    }
    return { token: await pending, cached: true };
  }
}
