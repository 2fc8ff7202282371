import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { startTestTenant, type DevTenant } from '../src/testing.js';

interface PublishedKey {
  kty: string;
  use: string;
  kid: string;
  n: string;
  e: string;
  alg?: string;
  x5t: string;
  x5c: string[];
  issuer: string;
}

describe('dev tenant: signing keys as Entra publishes them', () => {
  let tenant: DevTenant;
  let key: PublishedKey;
  before(async () => {
    tenant = await startTestTenant();
    const tid = tenant.ctx.fixture.tenant.id;
    const response = await fetch(`${tenant.url}/${tid}/discovery/v2.0/keys`);
    assert.equal(response.status, 200);
    const { keys } = (await response.json()) as { keys: PublishedKey[] };
    assert.equal(keys.length, 1);
    key = keys[0]!;
  });
  after(() => tenant.close());

  it('names no algorithm: a verifier takes RS256 from the token and its own allow-list', () => {
    assert.equal(key.kty, 'RSA');
    assert.equal(key.use, 'sig');
    assert.equal('alg' in key, false);
  });

  it("carries a one-certificate chain whose public key is the JWK's, self-signed, with its SHA-1 thumbprint in x5t", () => {
    assert.equal(key.x5c.length, 1);
    // x5c is standard base64 (RFC 7517 §4.7), not base64url.
    assert.match(key.x5c[0]!, /^[A-Za-z0-9+/]+=*$/);
    const der = Buffer.from(key.x5c[0]!, 'base64');
    const cert = new X509Certificate(der);
    const certKey = cert.publicKey.export({ format: 'jwk' });
    assert.deepEqual({ n: certKey.n, e: certKey.e }, { n: key.n, e: key.e });
    assert.equal(cert.subject, cert.issuer);
    assert.ok(cert.verify(cert.publicKey), 'signed by its own key');
    assert.equal(key.x5t, createHash('sha1').update(der).digest('base64url'));
  });
});
