import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UPN, type DevTenant } from '../src/testing.js';
import {
  act,
  assertCallingError,
  callAction,
  connectedInboundCall,
  farEnd,
  observe,
  outgoingCall,
  SALES_LINE,
  startCall,
  SUPPORT_LINE,
  useCallingTenant,
} from './support/calling.js';

describe('dev tenant calling: outgoing calls and in-call actions', () => {
  let tenant: DevTenant;
  const { signIn } = useCallingTenant((started) => (tenant = started));
  const onBehalfOf = { teamsAppId: SUPPORT_LINE.id };

  it('places a call for the resource account: Connecting, Ringing, then Connected when the far end answers', async () => {
    const avery = await signIn(UPN.agent);
    const response = await startCall(tenant, avery, { target: { phoneNumber: 'tel:+12065550199' }, onBehalfOf });
    assert.equal(response.status, 201);
    const { callId, ...rest } = (await response.json()) as { callId: string; state: string; isEmergencyCall: boolean };
    assert.deepEqual(rest, { state: 'Connecting', isEmergencyCall: false });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Ringing' });

    const ringing = await observe(tenant, callId);
    assert.equal(ringing.direction, 'outbound');
    assert.equal(ringing.state, 'Ringing');
    assert.equal(ringing.from, SUPPORT_LINE.number);
    assert.equal(ringing.to, '+12065550199');
    assert.equal(ringing.resourceAccountId, SUPPORT_LINE.id);
    assert.deepEqual(ringing.agent, { oid: avery.oid, agentId: avery.agentId });

    assert.equal((await farEnd(tenant, callId, 'answer')).state, 'Connected');
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Connected' });

    const ended = await farEnd(tenant, callId, 'hangUp');
    assert.deepEqual(ended.endReason, { code: 0, subCode: 0 });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Disconnected', endReason: { code: 0, subCode: 0 } });
  });

  it('ends the call 0/0 for the far end when the agent hangs up', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await outgoingCall(tenant, avery);
    await farEnd(tenant, callId, 'answer');
    assert.equal(await act(tenant, avery, callId, 'hangUp', { forEveryone: true }), 'Disconnected');
    const observed = await observe(tenant, callId);
    assert.equal(observed.state, 'Disconnected');
    assert.deepEqual(observed.endReason, { code: 0, subCode: 0 });
    await assertCallingError(await callAction(tenant, avery, callId, 'hold'), 404, 49007);
  });

  it('ends an unanswered call 603/0 when the far end declines, and refuses to answer it afterwards', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await outgoingCall(tenant, avery);
    assert.deepEqual((await farEnd(tenant, callId, 'hangUp')).endReason, { code: 603, subCode: 0 });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Disconnected', endReason: { code: 603, subCode: 0 } });
    const response = await fetch(`${tenant.url}/.dev/calls/${callId}/answer`, { method: 'POST' });
    await assertCallingError(response, 409, 49010);
  });

  it('lets the far end observe hold, resume, mute and DTMF', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);

    assert.equal(await act(tenant, avery, callId, 'hold'), 'LocalHold');
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'LocalHold' });
    assert.equal((await observe(tenant, callId)).onHold, true);
    await assertCallingError(await callAction(tenant, avery, callId, 'dtmf', { tone: 'Num1' }), 409, 49010);
    assert.equal(await act(tenant, avery, callId, 'resume'), 'Connected');
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Connected' });
    assert.equal((await observe(tenant, callId)).onHold, false);

    await act(tenant, avery, callId, 'mute', { muted: true });
    assert.equal((await observe(tenant, callId)).agentMuted, true);
    await act(tenant, avery, callId, 'mute', { muted: false });
    assert.equal((await observe(tenant, callId)).agentMuted, false);

    for (const tone of ['Num1', 'Num2', 'Pound', 'Star', 'Num0', 'A', 'D']) await act(tenant, avery, callId, 'dtmf', { tone });
    assert.equal((await observe(tenant, callId)).dtmf, '12#*0AD');
  });

  it('refuses malformed in-call actions with 400, and unknown ones with 404', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    await assertCallingError(await callAction(tenant, avery, callId, 'dtmf', { tone: '1' }), 400, 49000);
    await assertCallingError(await callAction(tenant, avery, callId, 'dtmf', {}), 400, 49000);
    await assertCallingError(await callAction(tenant, avery, callId, 'mute', {}), 400, 49000);
    await assertCallingError(await callAction(tenant, avery, callId, 'mute', { muted: 'yes' }), 400, 49000);
    await assertCallingError(await callAction(tenant, avery, callId, 'hangUp', { forEveryone: 1 }), 400, 49000);
    await assertCallingError(await callAction(tenant, avery, callId, 'hold', [1]), 400, 49000);
    await assertCallingError(await callAction(tenant, avery, callId, 'record'), 404, 49009);
    await assertCallingError(await callAction(tenant, avery, 'no-such-call', 'hold'), 404, 49007);
    await assertCallingError(await callAction(tenant, avery, callId, 'accept'), 409, 49010);
    assert.equal((await observe(tenant, callId)).state, 'Connected', 'nothing broke the call');
  });

  it('does not let another agent act on a call that is not theirs', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const callId = await outgoingCall(tenant, avery);
    await assertCallingError(await callAction(tenant, blake, callId, 'hangUp'), 404, 49007);
  });

  describe('ACS refusals', () => {
    it('refuses a Teams-persona agent 408/10057', async () => {
      const teams = await signIn(UPN.agent, 'teamsUser');
      await assertCallingError(await startCall(tenant, teams, { target: { phoneNumber: '+12065550199' }, onBehalfOf }), 408, 10057);
    });

    it('refuses a call without onBehalfOf, or on behalf of an unlinked resource account, 403/46401', async () => {
      const avery = await signIn(UPN.agent);
      await assertCallingError(await startCall(tenant, avery, { target: { phoneNumber: '+12065550199' } }), 403, 46401);
      const sales = { target: { phoneNumber: '+12065550199' }, onBehalfOf: { teamsAppId: SALES_LINE.id } };
      await assertCallingError(await startCall(tenant, avery, sales), 403, 46401);
      delete tenant.ctx.state.data.assignments[`${tenant.ctx.fixture.tenant.id}/${SUPPORT_LINE.id}`];
      await assertCallingError(await startCall(tenant, avery, { target: { phoneNumber: '+12065550199' }, onBehalfOf }), 403, 46401);
    });

    it('refuses customContext on a call on behalf of a resource account 412/46400', async () => {
      const avery = await signIn(UPN.agent);
      const body = { target: { phoneNumber: '+12065550199' }, onBehalfOf, customContext: { userToUser: 'case 42' } };
      await assertCallingError(await startCall(tenant, avery, body), 412, 46400);
    });

    it('refuses a target that is not E.164 400/46402', async () => {
      const avery = await signIn(UPN.agent);
      for (const phoneNumber of ['4255550123', '+0123', '+1 425 555 0123', '411']) {
        await assertCallingError(await startCall(tenant, avery, { target: { phoneNumber }, onBehalfOf }), 400, 46402);
      }
    });

    it('refuses malformed outgoing calls with 400', async () => {
      const avery = await signIn(UPN.agent);
      await assertCallingError(await startCall(tenant, avery, {}), 400, 49000);
      await assertCallingError(await startCall(tenant, avery, { target: '+12065550199', onBehalfOf }), 400, 49000);
      await assertCallingError(await startCall(tenant, avery, { target: { phoneNumber: 12065550199 }, onBehalfOf }), 400, 49000);
      await assertCallingError(await startCall(tenant, avery, { target: { phoneNumber: '+12065550199' }, onBehalfOf: { teamsAppId: 7 } }), 400, 49000);
    });
  });

  describe('emergency calls', () => {
    for (const number of ['911', '112', '999', '933']) {
      it(`places ${number} as an emergency call`, async () => {
        const avery = await signIn(UPN.agent);
        const response = await startCall(tenant, avery, { target: { phoneNumber: number }, onBehalfOf });
        assert.equal(response.status, 201);
        const { callId, isEmergencyCall } = (await response.json()) as { callId: string; isEmergencyCall: boolean };
        assert.equal(isEmergencyCall, true);
        assert.equal((await observe(tenant, callId)).isEmergencyCall, true);
      });
    }

    it('refuses hold, mute and transfer during an emergency call 403/46403, and still hangs up', async () => {
      const avery = await signIn(UPN.agent);
      const callId = await outgoingCall(tenant, avery, '911');
      await farEnd(tenant, callId, 'answer');
      await assertCallingError(await callAction(tenant, avery, callId, 'hold'), 403, 46403);
      await assertCallingError(await callAction(tenant, avery, callId, 'mute', { muted: true }), 403, 46403);
      await assertCallingError(await callAction(tenant, avery, callId, 'transfer', { target: { phoneNumber: '+12065550100' } }), 403, 46403);
      const observed = await observe(tenant, callId);
      assert.equal(observed.onHold, false);
      assert.equal(observed.agentMuted, false);
      assert.equal(observed.transfer, undefined);
      assert.equal(await act(tenant, avery, callId, 'hangUp'), 'Disconnected');
    });
  });
});
