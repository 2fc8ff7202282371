import type { Redis } from 'ioredis';
import type { AcsToken } from '../acs/teams-user-exchange.js';
import { KEY_PREFIX } from './redis-client.js';
import type { RedisCircuit } from './redis-circuit.js';
import { seal, tokenKeys, unseal, type TokenKeys } from './sealed-token.js';

const TOKEN = `${KEY_PREFIX}acs-token:`;
const USER_INDEX = `${KEY_PREFIX}acs-token-user:`;
const USER_GENERATION = `${KEY_PREFIX}acs-token-generation:`;
/** A revocation's mark outlives any exchange that could have started before it (upstream deadlines are seconds). */
const GENERATION_TTL_MS = 60 * 60_000;

// Stores only if no revocation of the user happened since the exchange began (its generation is unchanged),
// so an exchange in flight on any instance during a revocation cannot put the revoked access back.
const STORE = `
local generation = redis.call('GET', KEYS[3]) or ''
if generation ~= ARGV[4] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1
`;
// Drops every cached token of the user at once and moves its generation on. Key names are built here from
// the index, so this suits one Redis (with replicas), not Redis Cluster.
const REVOKE = `
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local ids = redis.call('SMEMBERS', KEYS[1])
for _, id in ipairs(ids) do redis.call('DEL', ARGV[1] .. id) end
redis.call('DEL', KEYS[1])
return #ids
`;

interface CacheCommands {
  tpeStoreToken(token: string, index: string, generation: string, sealed: string, ttlMs: number, id: string, expectedGeneration: string, indexTtlMs: number): Promise<number>;
  tpeRevokeUser(index: string, generation: string, tokenPrefix: string, generationTtlMs: number): Promise<number>;
}

/** A lookup's answer: the token if one is cached, and the user's generation to hand back when storing. */
export interface SharedLookup {
  token?: AcsToken;
  generation: string;
}

/**
 * The exchange cache in Redis, shared by every instance: sealed tokens (sealed-token.ts) with a TTL, and per
 * user an index of their keys, so a revocation through any instance drops them all in one step.
 */
export class SharedTokenCache {
  readonly #redis: Redis & CacheCommands;

  constructor(
    redis: Redis,
    private readonly circuit: RedisCircuit,
    private readonly maxSeconds: number,
  ) {
    redis.defineCommand('tpeStoreToken', { numberOfKeys: 3, lua: STORE });
    redis.defineCommand('tpeRevokeUser', { numberOfKeys: 2, lua: REVOKE });
    this.#redis = redis as Redis & CacheCommands;
  }

  /** Throws, saying why, when requests should not ask Redis now (down, or stuck). */
  assertUsable(): void {
    if (!this.circuit.usable) throw this.circuit.unusable;
  }

  keys(entraToken: string): TokenKeys {
    return tokenKeys(entraToken);
  }

  async lookup(keys: TokenKeys, user: string): Promise<SharedLookup> {
    const [sealed, generation] = await this.#watched(this.#redis.mget(TOKEN + keys.id, USER_GENERATION + user));
    const plain = sealed ? unseal(keys, sealed) : undefined;
    if (!plain) return { generation: generation ?? '' };
    const { token, expiresOn } = JSON.parse(plain) as { token: string; expiresOn: string };
    return { token: { token, expiresOn: new Date(expiresOn) }, generation: generation ?? '' };
  }

  /** Stores unless the user was revoked since `generation` was read; answers whether it stored. */
  async store(keys: TokenKeys, user: string, token: AcsToken, ttlMs: number, generation: string): Promise<boolean> {
    const sealed = seal(keys, JSON.stringify({ token: token.token, expiresOn: token.expiresOn.toISOString() }));
    const stored = await this.#watched(this.#redis.tpeStoreToken(TOKEN + keys.id, USER_INDEX + user, USER_GENERATION + user, sealed, Math.ceil(ttlMs), keys.id, generation, this.maxSeconds * 1000));
    return stored === 1;
  }

  /** Drops every cached token of `user` on every instance; answers how many there were. */
  revoke(user: string): Promise<number> {
    return this.#watched(this.#redis.tpeRevokeUser(USER_INDEX + user, USER_GENERATION + user, TOKEN, GENERATION_TTL_MS));
  }

  /** Tells the circuit of a failure (a timeout opens it), and passes the failure on to the caller's fallback. */
  #watched<T>(command: Promise<T>): Promise<T> {
    return command.catch((error: unknown) => {
      this.circuit.failed(error);
      throw error;
    });
  }
}
