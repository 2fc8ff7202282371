import { Redis } from 'ioredis';

/** Every shared key starts so, so the proxy can share a Redis with other services. */
export const KEY_PREFIX = 'tpe-token-proxy:';

/** The longest one Redis command may take before the request goes on without it. */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2_000;
/** Reconnect attempts back off to this, for as long as the process runs: Redis coming back is picked up by itself. */
const MOST_BETWEEN_RECONNECTS_MS = 2_000;

/**
 * The client for REDIS_URL with every wait bounded: no offline queue (a command while disconnected fails at
 * once and the caller uses its own memory), no retries of a command, a timeout on each. Errors are the
 * callers' to report (StoreOutages); the 'error' listener only keeps ioredis from printing them itself.
 */
export function redisClient(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MOST_BETWEEN_RECONNECTS_MS),
    // The ready check waits for a loading Redis; without an offline queue, waiting is the callers' fallback.
    enableReadyCheck: true,
  });
  client.on('error', () => undefined);
  return client;
}

/**
 * Connects, waiting at most the connect timeout: a Redis down at start does not keep the proxy from starting
 * (the first requests fall back and say so); answers whether it connected.
 */
export async function connectWithin(client: Redis): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS, false).unref());
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  return Promise.race([connected, timeout]);
}
