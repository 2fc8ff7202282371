import { exportJWK, generateKeyPair, importJWK, calculateJwkThumbprint, type JWK, type CryptoKey } from 'jose';
import type { Fixture } from './fixture.js';
import { selfSignedCertificate, type SigningCertificate } from './signing-certificate.js';
import type { TenantState } from './state.js';
import { directoriesOf } from './tenants.js';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** Without `alg`, as Entra publishes its keys: a verifier takes the algorithm from the token and its own allow-list. */
  publicJwk: JWK;
  certificate: SigningCertificate;
  /** Private JWK, kept only so that `--state FILE` can reuse the key across restarts. */
  privateJwk: JWK;
}

/** Reuses a saved RS256 key, or makes a fresh one: tokens then survive a restart only with a state file. */
export async function loadOrCreateSigningKey(saved?: JWK): Promise<SigningKey> {
  let privateJwk = saved;
  if (!privateJwk) {
    const pair = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    privateJwk = await exportJWK(pair.privateKey);
  }
  const kid = await calculateJwkThumbprint(privateJwk);
  const { n, e } = privateJwk;
  const publicJwk: JWK = { kty: 'RSA', use: 'sig', kid, n, e };
  const privateKey = (await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as CryptoKey;
  return { kid, privateKey, publicJwk, privateJwk, certificate: selfSignedCertificate(privateJwk, kid) };
}

/**
 * One key per tenant, kept in the state (the top-level tenant's where it always was), so that a token of one
 * tenant does not verify against another's keys.
 */
export async function loadOrCreateTenantKeys(fixture: Fixture, state: TenantState): Promise<Map<string, SigningKey>> {
  const keys = new Map<string, SigningKey>();
  let created = false;
  for (const [index, { tenant }] of directoriesOf(fixture).entries()) {
    const id = tenant.id.toLowerCase();
    const saved = index === 0 ? state.data.signingKey : state.data.tenantSigningKeys?.[id];
    const key = await loadOrCreateSigningKey(saved);
    keys.set(id, key);
    if (saved) continue;
    created = true;
    if (index === 0) state.data.signingKey = key.privateJwk;
    else state.data.tenantSigningKeys = { ...state.data.tenantSigningKeys, [id]: key.privateJwk };
  }
  if (created) {
    state.changed();
    // On disk before the first token is signed: one restarted right after (`npm start` restarts a dead one)
    // still signs with these keys, so the tokens it issued stay valid.
    await state.settled();
  }
  return keys;
}
