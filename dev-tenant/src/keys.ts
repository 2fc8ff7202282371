import { exportJWK, generateKeyPair, importJWK, calculateJwkThumbprint, type JWK, type CryptoKey } from 'jose';
import { selfSignedCertificate, type SigningCertificate } from './signing-certificate.js';

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
