import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { FABRIKAM_UPN, passwordToken, resetTenant, startTestTenant, TENANTS, type DevTenant } from '../src/testing.js';
import { backendApp } from './support/confidential-client.js';

const GRAPH = 'https://graph.microsoft.com';
/** ACS's data plane: a v1 resource whose tokens carry no Graph header nonce, so any JWT library verifies them. */
const ACS = 'https://communication.azure.com';

interface PublishedKey {
  kid: string;
  n: string;
  x5t?: string;
  x5c?: string[];
  alg?: string;
}

/**
 * The vendor's confidential backend is a multi-tenant app like its SPA: each customer tenant issues its own
 * tokens for it (signed with that tenant's key, whose certificate the tenant publishes) and consents to it apart.
 */
describe('dev tenant: the confidential backend and signing certificates in every tenant', () => {
  let tenant: DevTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());
  beforeEach(() => resetTenant(tenant));

  const keysOf = async (tid: string) => ((await (await fetch(`${tenant.url}/${tid}/discovery/v2.0/keys`)).json()) as { keys: PublishedKey[] }).keys;
  const consent = async (body: Record<string, unknown>) => {
    const response = await fetch(`${tenant.url}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 204, await response.text());
  };
  const backendToken = async (tid: string, form: Record<string, string>) => {
    const app = backendApp(tenant);
    const response = await fetch(`${tenant.url}/${tid}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: app.appId, client_secret: app.clientSecret, ...form }),
    });
    return { status: response.status, body: (await response.json()) as { access_token?: string; error?: string; error_codes?: number[] } };
  };

  it("publishes each tenant's key with a certificate of that very key (x5c, x5t) and no alg", async () => {
    for (const tid of Object.values(TENANTS)) {
      const [key, ...others] = await keysOf(tid);
      assert.equal(others.length, 0, `${tid} publishes its own key only`);
      assert.equal(key!.alg, undefined);
      assert.ok(key!.x5c?.length && key!.x5t, `${tid}'s key has a certificate`);
      const certificate = new X509Certificate(Buffer.from(key!.x5c[0]!, 'base64'));
      assert.equal((certificate.publicKey.export({ format: 'jwk' }) as { n: string }).n, key!.n, "the certificate is of the tenant's key");
      assert.equal(Buffer.from(certificate.fingerprint.replaceAll(':', ''), 'hex').toString('base64url'), key!.x5t);
    }
  });

  it("gives the backend an app-only token of Fabrikam at Fabrikam's authority, signed with Fabrikam's key and naming its certificate", async () => {
    const { status, body } = await backendToken(TENANTS.fabrikam, { grant_type: 'client_credentials', scope: `${ACS}/.default` });
    assert.equal(status, 200, JSON.stringify(body));
    const token = body.access_token!;
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${tenant.url}/${TENANTS.fabrikam}/discovery/v2.0/keys`)), {
      issuer: `https://sts.windows.net/${TENANTS.fabrikam}/`,
      audience: ACS,
    });
    assert.equal(payload.tid, TENANTS.fabrikam);
    assert.equal(payload.appid, backendApp(tenant).appId);
    const [fabrikamKey] = await keysOf(TENANTS.fabrikam);
    assert.equal(decodeProtectedHeader(token).x5t, fabrikamKey!.x5t);
    await assert.rejects(jwtVerify(token, createRemoteJWKSet(new URL(`${tenant.url}/${TENANTS.contoso}/discovery/v2.0/keys`))), "Contoso's keys do not vouch for it");
  });

  it("exchanges a Fabrikam agent's token on-behalf-of only once Fabrikam, not Contoso, consented to the backend", async () => {
    const backendApi = `${backendApp(tenant).identifierUri}/access_as_user`;
    // The agent's own token for the backend's API (the public registrations consented in Fabrikam).
    await consent({ tenantId: TENANTS.fabrikam, scopes: [backendApi] });
    const assertion = (await passwordToken(tenant, FABRIKAM_UPN.agent, backendApi)).access_token;
    const onBehalfOf = () =>
      backendToken(TENANTS.fabrikam, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requested_token_use: 'on_behalf_of', assertion, scope: `${GRAPH}/User.Read` });

    await consent({ clientId: backendApp(tenant).appId });
    const refused = await onBehalfOf();
    assert.equal(refused.body.error, 'invalid_grant', "Contoso's consent to the backend does nothing for Fabrikam");
    assert.deepEqual(refused.body.error_codes, [65001]);

    await consent({ clientId: backendApp(tenant).appId, tenantId: TENANTS.fabrikam });
    const granted = await onBehalfOf();
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    // A Graph token signs over its header nonce's hash (only Graph verifies it): its key is read from the header.
    const token = granted.body.access_token!;
    const payload = decodeJwt(token);
    assert.equal(payload.tid, TENANTS.fabrikam);
    assert.equal(decodeProtectedHeader(token).kid, (await keysOf(TENANTS.fabrikam))[0]!.kid);
    assert.equal(payload.appid, backendApp(tenant).appId);
  });
});
