import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { resetTenant, shiftClock, startTestTenant, type DevTenant } from '../src/testing.js';
import { assertAcsError, assertSdkError, assertShape, identityClient, signedFetch } from './acs-helpers.js';

const CREATE = '/identities?api-version=2023-10-01';
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

describe('dev tenant ACS: access-key (HMAC) authentication', () => {
  let tenant: DevTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());
  beforeEach(async () => {
    await resetTenant(tenant);
  });
  const identityCount = () => Object.keys(tenant.ctx.state.data.identities).length;

  it('accepts a request signed with the connection string key, by the SDK or by hand', async () => {
    const user = await identityClient(tenant).createUser();
    assert.match(user.communicationUserId, /^8:acs:/);
    const response = await signedFetch(tenant, { method: 'POST', path: CREATE, body: '{}' });
    assert.equal(response.status, 201);
    assertShape('acs-access-token-result.json', await response.json());
  });

  it('refuses a wrong access key with 401 Denied / InvalidSignature', async () => {
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const error = await identityClient(tenant, wrongKey).createUser().catch((e: unknown) => e);
    const body = assertSdkError(error, 401, 'Denied', 'InvalidSignature');
    assert.match(body.error.message, /access key/);
    assert.equal(identityCount(), 0);
  });

  it('refuses an x-ms-date more than 15 minutes off the service clock, and accepts 10 minutes', async () => {
    await shiftClock(tenant, 20 * 60);
    const stale = await identityClient(tenant).createUser().catch((e: unknown) => e);
    const body = assertSdkError(stale, 401, 'Denied', 'RequestDateOutOfRange');
    assert.match(body.error.message, /20 minutes behind/);
    await shiftClock(tenant, -20 * 60);
    const ahead = await identityClient(tenant).createUser().catch((e: unknown) => e);
    assertSdkError(ahead, 401, 'Denied', 'RequestDateOutOfRange');
    await shiftClock(tenant, 10 * 60);
    assert.match((await identityClient(tenant).createUser()).communicationUserId, /^8:acs:/);
  });

  it('refuses a body changed after signing (ContentHashMismatch) and creates nothing', async () => {
    const response = await signedFetch(tenant, {
      method: 'POST',
      path: CREATE,
      body: '{}',
      sendBody: '{"createTokenWithScopes":["voip"]}',
    });
    await assertAcsError(response, 401, 'Denied', 'ContentHashMismatch');
    assert.equal(identityCount(), 0);
  });

  it('refuses a changed body whose hash header was recomputed without the key (InvalidSignature)', async () => {
    const tampered = '{"createTokenWithScopes":["voip"]}';
    const response = await signedFetch(tenant, {
      method: 'POST',
      path: CREATE,
      body: '{}',
      sendBody: tampered,
      headers: { 'x-ms-content-sha256': sha256(tampered) },
    });
    await assertAcsError(response, 401, 'Denied', 'InvalidSignature');
  });

  it('refuses a signature over another path or query', async () => {
    const otherQuery = await signedFetch(tenant, { method: 'POST', path: CREATE, sendPath: '/identities?api-version=2025-06-30', body: '{}' });
    await assertAcsError(otherQuery, 401, 'Denied', 'InvalidSignature');
    const otherPath = await signedFetch(tenant, { method: 'DELETE', path: '/identities/x?api-version=2023-10-01', sendPath: '/identities/y?api-version=2023-10-01' });
    await assertAcsError(otherPath, 401, 'Denied', 'InvalidSignature');
  });

  it('names the missing or malformed piece of the Authorization', async () => {
    const cases: [RequestInit, string][] = [
      [{ headers: {} }, 'MissingAuthorization'],
      [{ headers: { authorization: 'Basic dXNlcjpwYXNz' } }, 'UnsupportedAuthorizationScheme'],
      // A bearer token is the other way in (Entra authentication), so a bad one is refused as a token.
      [{ headers: { authorization: 'Bearer eyJ.eyJ.sig' } }, 'TokenMalformed'],
      [{ headers: { authorization: 'HMAC-SHA256 SignedHeaders=date;host&Signature=abc=' } }, 'UnsupportedSignedHeaders'],
      [{ headers: { authorization: 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=abc=' } }, 'MissingDateHeader'],
      [
        { headers: { authorization: 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=abc=', 'x-ms-date': 'yesterday' } },
        'InvalidDateHeader',
      ],
      [
        {
          headers: {
            authorization: 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=abc=',
            'x-ms-date': new Date().toUTCString(),
          },
        },
        'MissingContentHash',
      ],
    ];
    for (const [init, reason] of cases) {
      const response = await fetch(`${tenant.url}${CREATE}`, { method: 'POST', ...init });
      await assertAcsError(response, 401, 'Denied', reason);
    }
  });

  it('requires a supported api-version, after authentication', async () => {
    await assertAcsError(await signedFetch(tenant, { method: 'POST', path: '/identities', body: '{}' }), 400, 'MissingApiVersionParameter');
    const unknown = await signedFetch(tenant, { method: 'POST', path: '/identities?api-version=2019-01-01', body: '{}' });
    const body = await assertAcsError(unknown, 400, 'UnsupportedApiVersion');
    assert.match(body.error.message, /2025-06-30, 2023-10-01/);
    assert.equal((await signedFetch(tenant, { method: 'POST', path: '/identities?api-version=2025-06-30', body: '{}' })).status, 201);
  });

  it('answers malformed JSON, a wrong media type and an oversized body with a 4xx, and keeps serving', async () => {
    await assertAcsError(await signedFetch(tenant, { method: 'POST', path: CREATE, body: '{"createTokenWithScopes": [' }), 400, 'BadRequest');
    const plain = await signedFetch(tenant, { method: 'POST', path: CREATE, body: 'hello', headers: { 'content-type': 'text/plain' } });
    await assertAcsError(plain, 415, 'UnsupportedMediaType');
    const huge = JSON.stringify({ createTokenWithScopes: ['voip'], padding: 'x'.repeat(70 * 1024) });
    await assertAcsError(await signedFetch(tenant, { method: 'POST', path: CREATE, body: huge }), 413, 'RequestEntityTooLarge');
    assert.equal((await signedFetch(tenant, { method: 'POST', path: CREATE, body: '{}' })).status, 201);
  });
});
