import { createHash } from 'node:crypto';
import type { DevTenantContext } from '../context.js';

/** The agent consent an exchanged Teams extension token was issued under. */
export interface ExchangeGrant {
  tenantId: string;
  objectId: string;
  clientId: string;
}

export interface ExchangedToken extends ExchangeGrant {
  /** The token's `exp`, seconds on the dev tenant clock: past it the record is of no use and is dropped. */
  exp: number;
  /** The assignment it was issued under was removed (or lost this client): the calling service refuses it. */
  revoked?: true;
}

/** A token is known by its SHA-256 only, as refresh tokens are: the state (and `--state FILE`) never holds one. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

type RevokedListener = (hashes: ReadonlySet<string>) => void;
const listeners = new WeakMap<DevTenantContext, Set<RevokedListener>>();

/** The calling service listens, so it can end the event streams of endpoints registered with a revoked token. */
export function onTokensRevoked(ctx: DevTenantContext, listener: RevokedListener): void {
  const set = listeners.get(ctx) ?? new Set<RevokedListener>();
  set.add(listener);
  listeners.set(ctx, set);
}

/** Remembers which agent consent a new token came from, and forgets the records of tokens already expired. */
export function recordExchangedToken(ctx: DevTenantContext, token: string, grant: ExchangeGrant, exp: number): void {
  const records = ctx.state.data.exchangedTokens;
  const now = ctx.now();
  for (const [hash, record] of Object.entries(records)) if (record.exp <= now) delete records[hash];
  records[tokenHash(token)] = { ...grant, exp };
  ctx.state.changed();
}

/**
 * Revokes every token exchanged for the user under this tenant's assignment, through any of `clientIds` (all
 * clients when none are named). Answers how many it revoked; the listeners hear of them at once.
 */
export function revokeExchangedTokens(ctx: DevTenantContext, tenantId: string, objectId: string, clientIds?: readonly string[]): number {
  const revoked = new Set<string>();
  for (const [hash, record] of Object.entries(ctx.state.data.exchangedTokens)) {
    if (record.revoked || record.tenantId !== tenantId || record.objectId !== objectId) continue;
    if (clientIds && !clientIds.includes(record.clientId)) continue;
    record.revoked = true;
    revoked.add(hash);
  }
  if (revoked.size === 0) return 0;
  ctx.state.changed();
  for (const listener of listeners.get(ctx) ?? []) listener(revoked);
  return revoked.size;
}

export function isRevokedHash(ctx: DevTenantContext, hash: string): boolean {
  const { exchangedTokens } = ctx.state.data;
  return Object.hasOwn(exchangedTokens, hash) && exchangedTokens[hash]!.revoked === true;
}
