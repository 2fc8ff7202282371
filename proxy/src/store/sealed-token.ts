import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * An ACS token at rest in Redis, readable only with the Entra token it was exchanged for. Both the key it is
 * stored under and the AES-256-GCM key that seals it are derived (HKDF-SHA256) from that Entra token, so a
 * Redis dump alone yields no ACS token (the per-user index names users, not tokens); whoever holds the Entra
 * token could have had the ACS token from the proxy anyway.
 */
const SALT = 'tpe-token-proxy token cache';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface TokenKeys {
  /** Where the sealed token lives (base64url, no token text). */
  id: string;
  seal: Buffer;
}

export function tokenKeys(entraToken: string): TokenKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', entraToken, SALT, info, 32));
  return { id: derive('cache key v1').toString('base64url'), seal: derive('cache seal v1') };
}

/** iv ‖ ciphertext ‖ tag, base64url; the id is bound in as associated data, so a value moved to another key does not open. */
export function seal(keys: TokenKeys, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.seal, iv).setAAD(Buffer.from(keys.id));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The plaintext, or undefined when the value was not sealed for these keys (tampered, or another token's). */
export function unseal(keys: TokenKeys, sealed: string): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.seal, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(keys.id));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
