import type { FastifyInstance } from 'fastify';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { ProxyConfig } from '../config.js';
import type { ProxyMetrics } from '../telemetry/proxy-metrics.js';
import { fallbackRateLimitStore } from './rate-limit-store.js';
import { connectWithin, redisClient } from './redis-client.js';
import { RedisCircuit } from './redis-circuit.js';
import { SharedTokenCache } from './shared-token-cache.js';
import { StoreOutages } from './store-outages.js';

/** What REDIS_URL gives the proxy: a rate-limit store and a token cache shared by every instance. */
export interface SharedStore {
  rateLimit: { store: FastifyRateLimitStoreCtor };
  tokenCache: { cache: SharedTokenCache; outages: StoreOutages };
}

/**
 * Opens REDIS_URL when it is set (undefined otherwise), closing it with the app. Start waits at most the
 * connect timeout: a Redis down at start is an outage like any other, not a reason to stay down.
 */
export async function openSharedStore(app: FastifyInstance, config: ProxyConfig, metrics: ProxyMetrics): Promise<SharedStore | undefined> {
  if (!config.redisUrl) return undefined;
  const redis = redisClient(config.redisUrl);
  const outages = new StoreOutages(app.log, metrics);
  const circuit = new RedisCircuit(redis, app.log);
  // Each (re)connection is said once: after an outage, operators see when the instance could share again.
  redis.on('ready', () => app.log.info('shared store (REDIS_URL) connected'));
  app.addHook('onClose', async () => {
    circuit.stop();
    redis.disconnect();
  });
  if (!(await connectWithin(redis))) app.log.warn('shared store (REDIS_URL) not reachable at start; serving from this instance\'s memory until it is');
  return {
    rateLimit: { store: fallbackRateLimitStore(redis, circuit, outages) },
    tokenCache: { cache: new SharedTokenCache(redis, circuit, config.tokenCacheMaxSeconds), outages },
  };
}
