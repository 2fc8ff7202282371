import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { consentTenantWide, passwordToken, SCOPES, shiftClock, startTestTenant, UPN, type DevTenant } from '../src/testing.js';

describe('dev tenant: the clock control refuses what it cannot hold', () => {
  let tenant: DevTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());

  const setClock = (body: unknown) => fetch(`${tenant.url}/.dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses offsets no date can hold with 400, and keeps the clock where it was', async () => {
    await shiftClock(tenant, 3600);
    for (const offsetSeconds of [1e300, -1e300, 1e12, '3600', null]) {
      const answer = await setClock({ offsetSeconds });
      assert.equal(answer.status, 400, `offsetSeconds ${offsetSeconds}`);
      assert.match(((await answer.json()) as { error: { message: string } }).error.message, /offsetSeconds/);
    }
    // The tenant still issues tokens, on the clock as it was: an hour ahead.
    await consentTenantWide(tenant);
    const { iat } = decodeJwt((await passwordToken(tenant, UPN.agent, SCOPES.ccaasPersona)).access_token);
    assert.ok(Math.abs(iat! - (Date.now() / 1000 + 3600)) < 60, `issued at ${iat}`);
  });

  it('accepts a large but holdable offset and says what the time now is', async () => {
    const answer = await setClock({ offsetSeconds: 10 * 365 * 24 * 3600 });
    assert.equal(answer.status, 200);
    const { now } = (await answer.json()) as { now: string };
    assert.ok(new Date(now).getUTCFullYear() >= new Date().getUTCFullYear() + 9, now);
    await shiftClock(tenant, 0);
  });
});
