import { readFile, writeFile, rename } from 'node:fs/promises';
import type { JWK } from 'jose';
import type { ExchangedToken } from './acs/exchanged-tokens.js';

export interface Assignment {
  objectId: string;
  tenantId: string;
  principalType: string;
  clientIds?: string[];
}

export interface RefreshTokenGrant {
  clientId: string;
  userId: string;
  expiresAt: number;
}

export interface IdentityRecord {
  id: string;
  createdAt: number;
  /** Tokens issued before this instant (seconds) are revoked. */
  revokedBefore?: number;
}

/** Everything the dev tenant changes at run time; JSON-serialisable so `--state FILE` can keep it. */
export interface TenantStateData {
  /** The top-level tenant's signing key. */
  signingKey?: JWK;
  /** Lower-case tenant id → signing key, for the fixture's other tenants. */
  tenantSigningKeys?: Record<string, JWK>;
  /** `${tenantId} ${clientId}` → full scope strings an admin granted for the whole of that tenant. */
  adminConsents: Record<string, string[]>;
  /** `${clientId} ${userId}` → full scope strings the user granted for themself. */
  userConsents: Record<string, string[]>;
  /** `${tenantId}/${objectId}` → assignment. */
  assignments: Record<string, Assignment>;
  identities: Record<string, IdentityRecord>;
  /** SHA-256 of the refresh token → grant. */
  refreshTokens: Record<string, RefreshTokenGrant>;
  /** Session cookie value → signed-in user. */
  sessions: Record<string, { userId: string; authTime: number }>;
  /** SHA-256 of an ACS token from the Teams extension exchange → the agent consent it came from. */
  exchangedTokens: Record<string, ExchangedToken>;
}

export function emptyState(): TenantStateData {
  return { adminConsents: {}, userConsents: {}, assignments: {}, identities: {}, refreshTokens: {}, sessions: {}, exchangedTokens: {} };
}

/** In-memory state with optional write-through to a file (atomic rename, coalesced writes). */
export class TenantState {
  data: TenantStateData;
  readonly #path: string | undefined;
  #pendingWrite: Promise<void> | undefined;
  #dirty = false;

  private constructor(data: TenantStateData, path?: string) {
    this.data = data;
    this.#path = path;
  }

  static async open(path?: string): Promise<TenantState> {
    if (!path) return new TenantState(emptyState());
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read state file ${path}: ${(error as Error).message}`);
    }
    if (text === undefined) return new TenantState(emptyState(), path);
    try {
      return new TenantState({ ...emptyState(), ...(JSON.parse(text) as Partial<TenantStateData>) }, path);
    } catch (error) {
      throw new Error(`state file ${path} is not JSON (${(error as Error).message}); delete it to start afresh`);
    }
  }

  /** Marks the state changed; the file, if any, is rewritten soon after. */
  changed(): void {
    if (!this.#path) return;
    this.#dirty = true;
    this.#pendingWrite ??= this.#flush();
  }

  async #flush(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      const temp = `${this.#path}.tmp`;
      await writeFile(temp, JSON.stringify(this.data, null, 2), { mode: 0o600 });
      await rename(temp, this.#path!);
    }
    this.#pendingWrite = undefined;
  }

  /** Resolves once every change so far is on disk. */
  async settled(): Promise<void> {
    await this.#pendingWrite;
  }

  reset(): void {
    const { signingKey, tenantSigningKeys } = this.data;
    this.data = { ...emptyState(), signingKey, tenantSigningKeys };
    this.changed();
  }
}
