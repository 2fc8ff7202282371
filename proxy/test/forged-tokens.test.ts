import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeJwt, exportSPKI, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { SCOPES, startTestTenant, UPN, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { startFakeAcs, type FakeAcs } from './support/fake-acs.js';
import { alteredToken, callProxy, entraToken, nowSeconds, OTHER_TENANT, buildTestProxy, proxyApiScope, type ProxyAnswer, type ProxyApp } from './support/proxy.js';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token proxy: forged and unusable bearer tokens', () => {
  let tenant: DevTenant;
  let acs: FakeAcs;
  let proxy: ProxyApp;
  /** A genuine Teams-persona token of the agent: every forgery below starts from it. */
  let real: string;
  before(async () => {
    tenant = await startTestTenant();
    acs = await startFakeAcs();
    // TOKEN_CACHE_ENTRIES=0: the control case must reach upstream every time it runs.
    proxy = await buildTestProxy(tenant, { ACS_CONNECTION_STRING: acs.connectionString, TOKEN_CACHE_ENTRIES: '0' });
    real = await entraToken(tenant, UPN.agent, SCOPES.teamsPersona);
  });
  after(async () => {
    await proxy.close();
    await acs.close();
    await tenant.close();
  });
  beforeEach(() => {
    acs.hits.length = 0;
  });

  const exchange = (token: string | undefined, authorization?: string) =>
    callProxy(proxy, '/api/token/teams-user', { method: 'POST', token, headers: authorization ? { authorization } : {} });

  /** 401, the reason in `error.code` and in WWW-Authenticate, and ACS never asked. */
  function assertRefused(answer: ProxyAnswer, reason: string) {
    assert.equal(answer.status, 401, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, reason);
    const challenge = answer.headers.get('www-authenticate') ?? '';
    if (reason === 'missing_token') assert.equal(challenge, 'Bearer realm="tpe-token-proxy"', 'no error code when no token was sent (RFC 6750 §3.1)');
    else assert.match(challenge, new RegExp(`^Bearer .*error_description="${reason}"`));
    assert.equal(acs.hits.length, 0, 'a refused token reached ACS');
  }

  it('accepts the genuine token re-signed unchanged (so each refusal below is about its one change)', async () => {
    const answer = await exchange(await alteredToken(tenant, real, {}));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(acs.hits.length, 1);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(decodeJwt(real))}.`;
    assertRefused(await exchange(unsigned), 'unsupported_algorithm');
  });

  it("refuses an HS256 token keyed with the tenant's public key (algorithm confusion)", async () => {
    const publicPem = await exportSPKI((await importJWK(tenant.ctx.key.publicJwk, 'RS256')) as CryptoKey);
    for (const secret of [publicPem, JSON.stringify(tenant.ctx.key.publicJwk)]) {
      const forged = await new SignJWT(decodeJwt(real)).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: tenant.ctx.key.kid }).sign(new TextEncoder().encode(secret));
      assertRefused(await exchange(forged), 'unsupported_algorithm');
    }
  });

  it("refuses a token signed by a key that is not in the tenant's JWKS", async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(real)).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'not-a-tenant-key' }).sign(privateKey);
    assertRefused(await exchange(forged), 'unknown_key');
  });

  it("refuses a token signed by another key under the tenant's kid", async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(real)).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: tenant.ctx.key.kid }).sign(privateKey);
    assertRefused(await exchange(forged), 'invalid_signature');
  });

  const oneWrongClaim: Array<[string, () => JWTPayload, string]> = [
    ['a wrong issuer', () => ({ iss: `https://login.example.com/${tenant.ctx.fixture.tenant.id}/v2.0` }), 'wrong_issuer'],
    ['a tenant that is not allowed', () => ({ tid: OTHER_TENANT, iss: `${tenant.url}/${OTHER_TENANT}/v2.0` }), 'tenant_not_allowed'],
    ['another audience', () => ({ aud: 'https://graph.microsoft.com' }), 'wrong_audience'],
    ['an exp more than the 30 s tolerance ago', () => ({ iat: nowSeconds() - 3700, nbf: nowSeconds() - 3700, exp: nowSeconds() - 45 }), 'token_expired'],
    ['an nbf in the future', () => ({ nbf: nowSeconds() + 600 }), 'token_not_yet_valid'],
    ['only the CCaaS persona scope', () => ({ scp: 'TeamsExtension.ManageCalls' }), 'missing_scope'],
    ['only one of the two Teams scopes', () => ({ scp: 'Teams.ManageCalls' }), 'missing_scope'],
    ['no scope at all', () => ({ scp: undefined }), 'missing_scope'],
    ['the client id (azp) of another app', () => ({ azp: randomUUID() }), 'client_not_allowed'],
  ];
  for (const [what, changes, reason] of oneWrongClaim) {
    it(`refuses a tenant-signed token with ${what}: ${reason}`, async () => {
      assertRefused(await exchange(await alteredToken(tenant, real, changes())), reason);
    });
  }

  it("refuses a genuine token for the proxy's own API at the Teams exchange: wrong_audience", async () => {
    assertRefused(await exchange(await entraToken(tenant, UPN.agent, proxyApiScope(tenant))), 'wrong_audience');
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    const answer = await exchange(await alteredToken(tenant, real, { exp: nowSeconds() - 10 }));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  });

  it('refuses a request without Authorization, with Basic credentials, or with a bearer that is not a JWT', async () => {
    assertRefused(await exchange(undefined), 'missing_token');
    assertRefused(await exchange(undefined, 'Basic dXNlcjpwYXNz'), 'missing_token');
    assertRefused(await exchange(undefined, 'Bearer garbage'), 'malformed_token');
    assertRefused(await exchange(undefined, 'Bearer a.b.c'), 'malformed_token');
  });

  it('refuses forged tokens at the assignment endpoints too', async () => {
    const tid = tenant.ctx.fixture.tenant.id;
    const admin = await entraToken(tenant, UPN.ccaasAdmin, proxyApiScope(tenant));
    const path = `/api/tenants/${tid}/assignments/${decodeJwt(admin).oid}`;
    assertRefused(await callProxy(proxy, path, { token: await alteredToken(tenant, admin, { azp: randomUUID() }) }), 'client_not_allowed');
    assertRefused(await callProxy(proxy, '/api/me/assignment', { token: await alteredToken(tenant, admin, { scp: 'User.Read' }) }), 'missing_scope');
    assertRefused(await callProxy(proxy, '/api/me/assignment', { token: real }), 'wrong_audience');
  });
});
