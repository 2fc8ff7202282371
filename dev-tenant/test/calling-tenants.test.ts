import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consentTenantWide, FABRIKAM_UPN, TENANTS, UPN, type DevTenant } from '../src/testing.js';
import { assertCallingError, assignAgent, linkResourceAccount, ringIn, startCall, SUPPORT_LINE, useCallingTenant } from './support/calling.js';

const HELP_DESK = { id: 'd21e1d16-c12e-454f-8c28-51ea9b3c235b', number: '+14255550200' };

describe("dev tenant calling: one ACS resource, each customer's lines and agents", () => {
  let tenant: DevTenant;
  const { signIn } = useCallingTenant((started) => (tenant = started));
  const signInBoth = async () => {
    await consentTenantWide(tenant, TENANTS.fabrikam);
    linkResourceAccount(tenant, HELP_DESK.id);
    assignAgent(tenant, FABRIKAM_UPN.agent);
    return { avery: await signIn(UPN.agent), felix: await signIn(FABRIKAM_UPN.agent) };
  };

  it("rings a customer's line at that customer's agents only", async () => {
    const { avery, felix } = await signInBoth();
    assert.deepEqual((await ringIn(tenant, `tel:${HELP_DESK.number}`)).ringing, [felix.oid]);
    assert.deepEqual((await ringIn(tenant, `tel:${SUPPORT_LINE.number}`)).ringing, [avery.oid]);
  });

  it("refuses a call placed for another customer's line", async () => {
    const { avery, felix } = await signInBoth();
    await assertCallingError(await startCall(tenant, avery, { target: { phoneNumber: '+12065550199' }, onBehalfOf: { teamsAppId: HELP_DESK.id } }), 403, 46401);
    const placed = await startCall(tenant, felix, { target: { phoneNumber: '+12065550199' }, onBehalfOf: { teamsAppId: HELP_DESK.id } });
    assert.equal(placed.status, 201, await placed.clone().text());
  });
});
