import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { consentTenantWide, passwordToken, SCOPES, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '../src/testing.js';

const GRAPH = 'https://graph.microsoft.com';
const ACS = 'https://auth.msft.communication.azure.com';

/** The one place a test spells out Graph's header trick: the signature covers base64url(SHA-256(nonce)). */
function withHashedNonce(token: string): string {
  const [header, ...rest] = token.split('.');
  const fields = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as Record<string, string>;
  fields.nonce = createHash('sha256').update(fields.nonce!).digest('base64url');
  return [Buffer.from(JSON.stringify(fields)).toString('base64url'), ...rest].join('.');
}

function assertV1Claims(claims: JWTPayload, tenant: DevTenant, audience: string) {
  const { id: tid } = tenant.ctx.fixture.tenant;
  assert.equal(claims.iss, `https://sts.windows.net/${tid}/`);
  assert.equal(claims.ver, '1.0');
  assert.equal(claims.aud, audience);
  assert.equal(claims.tid, tid);
  assert.equal(claims.oid, userByUpn(tenant, UPN.agent).id);
  // The client that asked: tests use the test automation registration (the password grant).
  assert.equal(claims.appid, testAutomationClientId(tenant));
  assert.equal(claims.appidacr, '0', 'a public client');
  assert.equal(claims.upn, UPN.agent);
  assert.equal(claims.unique_name, UPN.agent);
  for (const v2Only of ['azp', 'azpacr', 'preferred_username']) assert.equal(v2Only in claims, false, `${v2Only} in a v1 token`);
}

function assertV2Claims(claims: JWTPayload, tenant: DevTenant, audience: string) {
  const { id: tid } = tenant.ctx.fixture.tenant;
  assert.equal(claims.iss, `${tenant.url}/${tid}/v2.0`);
  assert.equal(claims.ver, '2.0');
  assert.equal(claims.aud, audience);
  assert.equal(claims.tid, tid);
  assert.equal(claims.oid, userByUpn(tenant, UPN.agent).id);
  assert.equal(claims.azp, testAutomationClientId(tenant));
  assert.equal(claims.azpacr, '0', 'a public client');
  assert.equal(claims.preferred_username, UPN.agent);
  for (const v1Only of ['appid', 'appidacr', 'upn', 'unique_name']) assert.equal(v1Only in claims, false, `${v1Only} in a v2 token`);
}

async function keysOf(tenant: DevTenant) {
  const tid = tenant.ctx.fixture.tenant.id;
  const { keys } = (await (await fetch(`${tenant.url}/${tid}/discovery/v2.0/keys`)).json()) as { keys: Array<{ kid: string; x5t: string }> };
  return { set: createRemoteJWKSet(new URL(`${tenant.url}/${tid}/discovery/v2.0/keys`)), published: keys[0]! };
}

describe('dev tenant: access token versions follow the resource', () => {
  let tenant: DevTenant;
  let apiScope: string;
  before(async () => {
    tenant = await startTestTenant();
    apiScope = `${tenant.ctx.fixture.apps.ccaasClient.identifierUri}/access_as_user`;
    await consentTenantWide(tenant);
  });
  after(() => tenant.close());

  it('issues Graph a v1 token with a header nonce that defeats any verifier but Graph, which accepts it', async () => {
    const { access_token: token } = await passwordToken(tenant, UPN.agent, 'User.Read');
    const claims = decodeJwt(token);
    assertV1Claims(claims, tenant, GRAPH);
    const { set, published } = await keysOf(tenant);
    const header = decodeProtectedHeader(token);
    assert.deepEqual(Object.keys(header), ['typ', 'nonce', 'alg', 'x5t', 'kid']);
    assert.equal(header.x5t, published.x5t);
    assert.equal(header.kid, published.kid);
    const issuer = claims.iss!;
    await assert.rejects(jwtVerify(token, set, { issuer }), errors.JWSSignatureVerificationFailed);
    await jwtVerify(withHashedNonce(token), set, { issuer, audience: GRAPH });
    const me = await fetch(`${tenant.url}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200, await me.text());
  });

  for (const [persona, scope] of Object.entries({ teamsPersona: SCOPES.teamsPersona, ccaasPersona: SCOPES.ccaasPersona })) {
    it(`issues ACS (${persona} scopes) a v1 token without a header nonce, verifiable with the published keys`, async () => {
      const { access_token: token } = await passwordToken(tenant, UPN.agent, scope);
      assertV1Claims(decodeJwt(token), tenant, ACS);
      const header = decodeProtectedHeader(token);
      assert.deepEqual(Object.keys(header), ['typ', 'alg', 'x5t', 'kid']);
      await jwtVerify(token, (await keysOf(tenant)).set, { issuer: `https://sts.windows.net/${tenant.ctx.fixture.tenant.id}/`, audience: ACS });
    });
  }

  it("issues the vendor's API (accessTokenAcceptedVersion 2) a v2 token for its app id, and a v2 ID token beside every access token", async () => {
    const api = await passwordToken(tenant, UPN.agent, apiScope);
    const clientId = tenant.ctx.fixture.apps.ccaasClient.appId;
    assertV2Claims(decodeJwt(api.access_token), tenant, clientId);
    assert.deepEqual(Object.keys(decodeProtectedHeader(api.access_token)), ['typ', 'alg', 'kid']);
    await jwtVerify(api.access_token, (await keysOf(tenant)).set, { issuer: `${tenant.url}/${tenant.ctx.fixture.tenant.id}/v2.0`, audience: clientId });
    const graph = await passwordToken(tenant, UPN.agent, 'User.Read');
    for (const idToken of [api.id_token!, graph.id_token!]) {
      const id = decodeJwt(idToken);
      assert.equal(id.ver, '2.0');
      assert.equal(id.iss, `${tenant.url}/${tenant.ctx.fixture.tenant.id}/v2.0`);
      assert.equal(id.preferred_username, UPN.agent);
    }
  });

  it("Graph refuses a token whose issuer is the other version's form, though the tenant's key signed it", async () => {
    const real = decodeJwt((await passwordToken(tenant, UPN.agent, 'User.Read')).access_token);
    const tid = tenant.ctx.fixture.tenant.id;
    const sign = (claims: JWTPayload) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: tenant.ctx.key.kid }).sign(tenant.ctx.key.privateKey);
    const graphMe = async (token: string) => {
      const response = await fetch(`${tenant.url}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, message: ((await response.json()) as { error?: { message: string } }).error?.message };
    };
    assert.equal((await graphMe(await sign(real))).status, 200, 'the claims re-signed unchanged are accepted');
    for (const changes of [{ iss: `${tenant.url}/${tid}/v2.0` }, { ver: '2.0', iss: `https://sts.windows.net/${tid}/` }]) {
      const answer = await graphMe(await sign({ ...real, ...changes }));
      assert.equal(answer.status, 401, JSON.stringify(changes));
      assert.match(answer.message ?? '', /Invalid issuer or signature\. The token was not issued by this tenant\./);
    }
  });
});

describe('dev tenant: a vendor API registered for v1 tokens', () => {
  let tenant: DevTenant;
  before(async () => {
    tenant = await startTestTenant((fixture) => {
      fixture.apps.ccaasClient.accessTokenAcceptedVersion = 1;
    });
    await consentTenantWide(tenant);
  });
  after(() => tenant.close());

  it('gets v1 tokens whose audience is the identifier URI it was asked by', async () => {
    const { identifierUri } = tenant.ctx.fixture.apps.ccaasClient;
    const { access_token: token } = await passwordToken(tenant, UPN.agent, `${identifierUri}/access_as_user`);
    assertV1Claims(decodeJwt(token), tenant, identifierUri);
  });
});
