import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testAutomationClientId, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import { assertAcsError, signedFetch } from './acs-helpers.js';
import {
  agentViews,
  assertCallingError,
  callAction,
  callingFetch,
  ccaasToken,
  connectedInboundCall,
  eventually,
  observe,
  openEvents,
  passwordExchange,
  registerAgent,
  setCallingSettings,
  useCallingTenant,
} from './support/calling.js';

/** Another client app, one an admin may name beside (or instead of) the CCaaS client. */
const OTHER_CLIENT = '5d1e2c3b-4a59-4f68-8a7b-9c0d1e2f3a4b';
const REVOKED = 49014;

describe('dev tenant ACS: taking an agent consent away revokes the tokens exchanged under it', () => {
  let tenant: DevTenant;
  const { signIn, track } = useCallingTenant((started) => (tenant = started));

  const assignmentPath = (upn: string) =>
    `/access/teamsExtension/tenants/${tenant.ctx.fixture.tenant.id}/assignments/${userByUpn(tenant, upn).id}?api-version=2025-06-30`;
  const unassign = async (upn: string) => {
    const response = await signedFetch(tenant, { method: 'DELETE', path: assignmentPath(upn) });
    assert.equal(response.status, 204, await response.text());
  };
  const assign = async (upn: string, clientIds: string[]) => {
    const response = await signedFetch(tenant, { method: 'PUT', path: assignmentPath(upn), body: JSON.stringify({ principalType: 'user', clientIds }) });
    assert.ok(response.status === 200 || response.status === 201, await response.text());
  };
  // The client the tests' tokens come from (the password grant's test automation registration).
  const ccaasClient = () => testAutomationClientId(tenant);

  it('ends the online agent\'s stream with tokenExpired (revoked) and refuses its token everywhere; other agents stay', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);

    await unassign(UPN.agent);

    assert.deepEqual(await avery.events.next(), { event: 'tokenExpired', data: { reason: 'revoked' } });
    await avery.events.ended;
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token: avery.token, body: {} }), 401, REVOKED);
    await assertCallingError(await fetch(`${tenant.url}/calling/agents/${avery.agentId}/events`, { headers: { authorization: `Bearer ${avery.token}` } }), 401, REVOKED);
    await assertCallingError(await callingFetch(tenant, `/calling/agents/${avery.agentId}/token`, { method: 'PUT', token: avery.token, body: {} }), 401, REVOKED);
    const views = await agentViews(tenant);
    assert.equal(views.find((v) => v.agentId === avery.agentId)?.online, false);
    assert.equal(views.find((v) => v.agentId === blake.agentId)?.online, true, 'an agent still assigned keeps its stream');
    assert.equal(blake.events.done, false);

    // No new token either, until an admin grants the agent again; then it is back.
    const refused = await passwordExchange(tenant, UPN.agent);
    await assertAcsError(refused, 403, 'UserNotAssigned');
    await assign(UPN.agent, [ccaasClient()]);
    const fresh = await ccaasToken(tenant, UPN.agent);
    const again = await registerAgent(tenant, fresh);
    const events = await openEvents(tenant, again.agentId, fresh);
    track({ ...again, upn: UPN.agent, oid: avery.oid, token: fresh, events });
    assert.equal((await events.next()).event, 'connected');
  });

  it('refuses a call action with the revoked token, and the far end hears the call end as an invalid token once the grace lapses', async () => {
    await setCallingSettings(tenant, { endpointGraceMs: 200 });
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);

    await unassign(UPN.agent);
    await avery.events.waitFor('tokenExpired');
    await assertCallingError(await callAction(tenant, avery, callId, 'hold'), 401, REVOKED);

    const ended = await eventually('the call to end', async () => {
      const observation = await observe(tenant, callId);
      return observation.state === 'Disconnected' && observation;
    });
    assert.deepEqual(ended.endReason, { code: 495, subCode: 4507 });
  });

  it('revokes through a PUT that drops the client app, and only that client\'s tokens', async () => {
    const avery = await signIn(UPN.agent);
    // The same grant again changes nothing.
    await assign(UPN.agent, [ccaasClient()]);
    await assign(UPN.agent, [ccaasClient(), OTHER_CLIENT]);
    assert.equal(avery.events.done, false);
    assert.equal((await agentViews(tenant)).find((v) => v.agentId === avery.agentId)?.online, true);

    await assign(UPN.agent, [OTHER_CLIENT]);
    assert.deepEqual(await avery.events.next(), { event: 'tokenExpired', data: { reason: 'revoked' } });
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token: avery.token, body: {} }), 401, REVOKED);
    await assertAcsError(await passwordExchange(tenant, UPN.agent), 403, 'ClientNotAssigned');
  });

  it('revokes through a PATCH that drops the client app', async () => {
    const avery = await signIn(UPN.agent);
    const patched = await signedFetch(tenant, {
      method: 'PATCH',
      path: assignmentPath(UPN.agent),
      body: JSON.stringify({ clientIds: [OTHER_CLIENT] }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    assert.equal(patched.status, 200, await patched.text());
    assert.deepEqual(await avery.events.next(), { event: 'tokenExpired', data: { reason: 'revoked' } });
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token: avery.token, body: {} }), 401, REVOKED);
  });

  it('lets a registration whose token was revoked come back with a token exchanged after a new grant', async () => {
    const avery = await signIn(UPN.agent);
    await unassign(UPN.agent);
    await avery.events.ended;
    await assign(UPN.agent, [ccaasClient()]);
    const fresh = await ccaasToken(tenant, UPN.agent);

    // The registered token is the revoked one: the stream stays shut until the new one replaces it.
    await assertCallingError(await fetch(`${tenant.url}/calling/agents/${avery.agentId}/events`, { headers: { authorization: `Bearer ${fresh}` } }), 401, REVOKED);
    const renewal = await callingFetch(tenant, `/calling/agents/${avery.agentId}/token`, { method: 'PUT', token: fresh, body: {} });
    assert.equal(renewal.status, 204, await renewal.text());
    const events = await openEvents(tenant, avery.agentId, fresh);
    track({ ...avery, token: fresh, events });
    assert.equal((await events.next()).event, 'connected');
  });
});
