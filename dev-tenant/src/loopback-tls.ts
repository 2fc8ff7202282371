import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface LoopbackTls {
  key: string;
  /** PEM; self-signed, so a client must be told to trust it (`NODE_EXTRA_CA_CERTS`, or an SDK's `tlsOptions.ca`). */
  cert: string;
}

/**
 * A throw-away self-signed certificate for 127.0.0.1 and localhost. The Azure SDKs send bearer tokens, and
 * @azure/identity talks to an authority, only over https; with this the dev tenant can be reached as they
 * insist. Made fresh for each start: nothing to leak, nothing to expire.
 */
export function createLoopbackTls(): LoopbackTls {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(key) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  const name = [{ name: 'commonName', value: 'dev-tenant loopback' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { key, cert: forge.pki.certificateToPem(cert) };
}
