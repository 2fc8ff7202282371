import type { FastifyBaseLogger } from 'fastify';
import type { ProxyMetrics } from '../telemetry/proxy-metrics.js';

/** What the shared store is used for; each falls back to the instance's own memory on its own. */
export type SharedStorePart = 'rate_limit' | 'token_cache' | 'revocation';

/**
 * Tells operators when a part of the proxy stops using the shared store and when it uses it again: one warn
 * at the start of each outage and one info at its end, per part, however many requests fall back between
 * (a log line per request would flood the log exactly when it matters). Every fallback is counted, so the
 * metric says how much traffic an outage touched.
 */
export class StoreOutages {
  readonly #down = new Set<SharedStorePart>();
  readonly #recovered = new Map<SharedStorePart, () => void>();

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly metrics: ProxyMetrics,
  ) {}

  /** This operation of `part` went on without the shared store, because of `error`. */
  fellBack(part: SharedStorePart, error: unknown): void {
    this.metrics.sharedStoreFallback(part);
    if (this.#down.has(part)) return;
    this.#down.add(part);
    // Only the message: an ioredis error can quote the command, and commands carry key names.
    const reason = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : String(error);
    this.log.warn({ part, reason }, 'shared store (REDIS_URL) unavailable; this instance falls back to its own memory');
  }

  /** An operation of `part` used the shared store: if it had fallen back, the outage is over for it. */
  worked(part: SharedStorePart): void {
    if (!this.#down.delete(part)) return;
    this.log.info({ part }, 'shared store (REDIS_URL) in use again');
    this.#recovered.get(part)?.();
  }

  /** Runs `then` each time `part` comes back to the shared store (the token cache drops its stand-in entries). */
  onRecovered(part: SharedStorePart, then: () => void): void {
    this.#recovered.set(part, then);
  }
}
