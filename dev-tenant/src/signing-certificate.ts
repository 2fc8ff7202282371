import { createHash, createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import type { JWK } from 'jose';

/** What Entra's keys endpoint says about a key's certificate: the chain (one self-signed cert) and its thumbprint. */
export interface SigningCertificate {
  /** Standard base64 DER, as in a JWK's `x5c` (RFC 7517 §4.7: not base64url). */
  x5c: string[];
  /** Base64url SHA-1 thumbprint of the DER certificate. */
  x5t: string;
}

/**
 * A self-signed certificate for the signing key, the way Entra publishes each of its keys. Everything in it
 * is derived from the key (serial from `kid`, fixed validity, deterministic PKCS#1 v1.5 signature), so a key
 * reused from a state file gets the same certificate and the same `x5t` after a restart.
 */
export function selfSignedCertificate(privateJwk: JWK, kid: string): SigningCertificate {
  const pem = createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' }).toString();
  const privateKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  // A positive serial (leading 0 nibble avoided by the "01" prefix) derived from the key id.
  cert.serialNumber = `01${createHash('sha256').update(kid).digest('hex').slice(0, 30)}`;
  cert.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2099-01-01T00:00:00Z');
  const name = [{ name: 'commonName', value: 'login.dev-tenant.localhost' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(privateKey, forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { x5c: [der.toString('base64')], x5t: createHash('sha1').update(der).digest('base64url') };
}
