import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import type { Redis } from 'ioredis';
import { KEY_PREFIX } from './redis-client.js';
import type { RedisCircuit } from './redis-circuit.js';
import type { StoreOutages } from './store-outages.js';

type Counted = Parameters<FastifyRateLimitStore['incr']>[1];

/**
 * A rate-limit store that counts in Redis, so N instances share one limit, and counts in the instance's own
 * memory whenever Redis cannot answer. @fastify/rate-limit's `skipOnError` would let every request through
 * during an outage instead: no limit at all exactly when the store is in trouble. Both stores are the
 * plugin's own (its Lua script, its LRU); only the choice between them is here.
 */
export function fallbackRateLimitStore(redis: Redis, circuit: RedisCircuit, outages: StoreOutages): FastifyRateLimitStoreCtor {
  return class SharedOrLocalStore implements FastifyRateLimitStore {
    readonly #shared = new RedisStore(false, false, redis, `${KEY_PREFIX}rate:`);
    readonly #local = new LocalStore(false, false);

    incr(key: string, counted: Counted, timeWindow: number, max: number): void {
      // Not connected, or stuck: no use waiting on a command that fails at once or times out; count here and say so.
      if (!circuit.usable) {
        outages.fellBack('rate_limit', circuit.unusable);
        this.#local.incr(key, counted, timeWindow, max);
        return;
      }
      this.#shared.incr(
        key,
        (error, result) => {
          if (error) {
            circuit.failed(error);
            outages.fellBack('rate_limit', error);
            this.#local.incr(key, counted, timeWindow, max);
            return;
          }
          outages.worked('rate_limit');
          counted(null, result);
        },
        timeWindow,
        max,
      );
    }

    // The per-caller limiter asks for a child; its keys ("caller:…") cannot meet an address, so one store serves both.
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
