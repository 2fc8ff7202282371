import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

const PROBE_EVERY_MS = 1_000;

/**
 * Whether requests should ask Redis at all. A Redis that is down is seen at once (the connection closes and
 * ioredis reconnects by itself); a Redis that is stuck keeps its connection and answers nothing, so every
 * request would wait a full command timeout. After one timeout the circuit opens: requests go straight to
 * their own memory, and a PING once a second finds out when Redis answers again.
 */
export class RedisCircuit {
  #probe: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly log: FastifyBaseLogger,
  ) {}

  get usable(): boolean {
    return this.redis.status === 'ready' && !this.#probe;
  }

  /** Why it is not usable, for the outage's warning. */
  get unusable(): Error {
    return new Error(this.redis.status === 'ready' ? 'Redis is not answering' : `Redis is ${this.redis.status}`);
  }

  /** A command failed: if Redis timed out, stop asking it until a probe answers. */
  failed(error: unknown): void {
    if (this.#probe || !(error instanceof Error) || !/timed out/i.test(error.message)) return;
    this.#probe = setInterval(() => {
      this.redis.ping().then(
        () => this.#close(),
        () => undefined,
      );
    }, PROBE_EVERY_MS).unref();
  }

  /** Stops probing (the proxy is closing). */
  stop(): void {
    clearInterval(this.#probe);
    this.#probe = undefined;
  }

  #close(): void {
    if (!this.#probe) return;
    this.stop();
    this.log.info('shared store (REDIS_URL) answering again');
  }
}
