import { randomToken } from './tokens.js';

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  scope: string;
  nonce?: string;
  codeChallenge: string;
  expiresAt: number;
  redeemed: boolean;
}

/** Authorization codes live ten minutes and redeem once, as in Entra; they are never persisted. */
export class CodeStore {
  readonly #codes = new Map<string, AuthorizationCode>();

  issue(code: Omit<AuthorizationCode, 'redeemed'>): string {
    this.#sweep(code.expiresAt - 600);
    const value = randomToken(48);
    this.#codes.set(value, { ...code, redeemed: false });
    return value;
  }

  get(value: string): AuthorizationCode | undefined {
    return this.#codes.get(value);
  }

  #sweep(now: number): void {
    for (const [value, code] of this.#codes) if (code.expiresAt < now - 600) this.#codes.delete(value);
  }
}
