import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UPN, type DevTenant } from '../src/testing.js';
import {
  act,
  assertCallingError,
  callAction,
  CALLER,
  connectedInboundCall,
  farEnd,
  goOffline,
  observe,
  SUPPORT_LINE,
  type Agent,
  useCallingTenant,
} from './support/calling.js';

describe('dev tenant calling: transfer', () => {
  let tenant: DevTenant;
  const { signIn } = useCallingTenant((started) => (tenant = started));
  const transfer = (agent: Agent, callId: string, target: unknown) => callAction(tenant, agent, callId, 'transfer', { target });

  it('hands the call to a phone number: Transferring, Transferred, and the agent\'s part ends 0/7015', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    const response = await transfer(avery, callId, { phoneNumber: 'tel:+12065550142' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { state: 'Disconnected' });

    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Transferring' });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Transferred' });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Disconnected', endReason: { code: 0, subCode: 7015 } });

    const observed = await observe(tenant, callId);
    assert.deepEqual(observed.transfer, { target: '+12065550142', state: 'Transferred' });
    assert.equal(observed.state, 'Connected', 'the caller now talks to the transfer target');
    await assertCallingError(await callAction(tenant, avery, callId, 'hangUp'), 404, 49007);
    assert.deepEqual((await farEnd(tenant, callId, 'hangUp')).endReason, { code: 0, subCode: 0 });
  });

  it('hands the call to another online agent, who becomes its agent on accepting', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const callId = await connectedInboundCall(tenant, avery);
    // Blake was rung too; his ringing ended when Avery answered.
    await blake.events.waitFor('callState', (d) => d.callId === callId && d.state === 'Disconnected');

    assert.equal(await act(tenant, avery, callId, 'transfer', { target: { rawId: blake.identity } }), 'Disconnected');
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Transferring' });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Transferred' });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Disconnected', endReason: { code: 0, subCode: 7015 } });

    const offered = await blake.events.next();
    assert.equal(offered.event, 'incomingCall');
    assert.deepEqual(offered.data, {
      callId,
      from: { phoneNumber: CALLER },
      resourceAccount: { id: SUPPORT_LINE.id, displayName: 'Contoso Support Line', phoneNumber: SUPPORT_LINE.number },
      transferor: { rawId: avery.identity, displayName: 'Avery Agent' },
    });
    const whileRinging = await observe(tenant, callId);
    assert.deepEqual(whileRinging.ringing, [blake.oid]);
    assert.deepEqual(whileRinging.transfer, { target: blake.identity, state: 'Transferred' });

    assert.equal(await act(tenant, blake, callId, 'accept'), 'Connected');
    assert.deepEqual((await blake.events.next()).data, { callId, state: 'Connected' });
    const taken = await observe(tenant, callId);
    assert.equal(taken.state, 'Connected');
    assert.deepEqual(taken.agent, { oid: blake.oid, agentId: blake.agentId });
    await act(tenant, blake, callId, 'dtmf', { tone: 'Num5' });
    assert.equal((await observe(tenant, callId)).dtmf, '5');
  });

  it('fails 480/10037 when the target agent is not online, and the transferor keeps the call', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    await goOffline(tenant, blake);
    const callId = await connectedInboundCall(tenant, avery);

    assert.equal(await act(tenant, avery, callId, 'transfer', { target: { rawId: blake.identity } }), 'Connected');
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Transferring' });
    assert.deepEqual((await avery.events.next()).data, { callId, state: 'Failed', error: { code: 480, subCode: 10037 } });
    const observed = await observe(tenant, callId);
    assert.deepEqual(observed.transfer, { target: blake.identity, state: 'Failed' });
    assert.deepEqual(observed.agent, { oid: avery.oid, agentId: avery.agentId });
    assert.equal(await act(tenant, avery, callId, 'hold'), 'LocalHold');
  });

  it('fails 408/10057 when the target is a Teams-persona agent', async () => {
    const avery = await signIn(UPN.agent);
    const teamsBlake = await signIn(UPN.secondAgent, 'teamsUser');
    const callId = await connectedInboundCall(tenant, avery);
    await act(tenant, avery, callId, 'transfer', { target: { rawId: teamsBlake.identity } });
    await avery.events.waitFor('transfer', (d) => d.state === 'Failed' && JSON.stringify(d.error) === JSON.stringify({ code: 408, subCode: 10057 }));
    assert.deepEqual(teamsBlake.events.pending(), []);
  });

  it('refuses malformed transfer targets', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    await assertCallingError(await callAction(tenant, avery, callId, 'transfer', {}), 400, 49000);
    await assertCallingError(await transfer(avery, callId, {}), 400, 49000);
    await assertCallingError(await transfer(avery, callId, { phoneNumber: '+12065550142', rawId: 'x' }), 400, 49000);
    await assertCallingError(await transfer(avery, callId, { rawId: 'avery' }), 400, 49000);
    await assertCallingError(await transfer(avery, callId, { rawId: avery.identity }), 400, 49000);
    await assertCallingError(await transfer(avery, callId, { phoneNumber: '2065550142' }), 400, 46402);
    assert.equal((await observe(tenant, callId)).transfer, undefined);
    assert.deepEqual(avery.events.pending(), []);
  });
});
