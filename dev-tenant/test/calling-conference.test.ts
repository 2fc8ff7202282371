import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UPN, type DevTenant } from '../src/testing.js';
import { act, assertCallingError, callingFetch, connectedInboundCall, observe, ringIn, useCallingTenant } from './support/calling.js';

const COLLEAGUE = '+12065550142';

async function join(tenant: DevTenant, callId: string, phoneNumber: string): Promise<Response> {
  return callingFetch(tenant, `/.dev/calls/${callId}/join`, { body: { phoneNumber } });
}

describe('dev tenant calling: others join a call on the far end’s side', () => {
  let tenant: DevTenant;
  const { signIn } = useCallingTenant((started) => (tenant = started));

  it('tells the agent who joined, and the observation lists them', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    const response = await join(tenant, callId, COLLEAGUE);
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { joined?: string[] }).joined, [COLLEAGUE]);
    const { data } = await avery.events.waitFor('participants', (d) => d.callId === callId);
    assert.deepEqual(data, { callId, added: [{ phoneNumber: COLLEAGUE }], removed: [] });
    assert.deepEqual((await observe(tenant, callId)).joined, [COLLEAGUE]);
  });

  it('goes on without an agent who hangs up, and ends for everyone when the agent says so', async () => {
    const avery = await signIn(UPN.agent);
    const first = await connectedInboundCall(tenant, avery);
    await join(tenant, first, COLLEAGUE);
    assert.equal(await act(tenant, avery, first, 'hangUp', { forEveryone: false }), 'Disconnected');
    await avery.events.waitFor('callState', (d) => d.callId === first && d.state === 'Disconnected');
    assert.equal((await observe(tenant, first)).state, 'Connected', 'the caller and the colleague still talk');

    const second = await connectedInboundCall(tenant, avery);
    await join(tenant, second, COLLEAGUE);
    assert.equal(await act(tenant, avery, second, 'hangUp', { forEveryone: true }), 'Disconnected');
    const ended = await observe(tenant, second);
    assert.equal(ended.state, 'Disconnected');
    assert.deepEqual(ended.endReason, { code: 0, subCode: 0 });
  });

  it('still ends a call of two parties whether or not forEveryone is said, and has no joined list', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    assert.equal(await act(tenant, avery, callId, 'hangUp', { forEveryone: false }), 'Disconnected');
    const ended = await observe(tenant, callId);
    assert.equal(ended.state, 'Disconnected');
    assert.equal(ended.joined, undefined);
  });

  it('refuses a join to a call that is not connected, or of a number that is not E.164', async () => {
    const avery = await signIn(UPN.agent);
    const { callId } = await ringIn(tenant);
    await assertCallingError(await join(tenant, callId, COLLEAGUE), 409, 49010);
    await avery.events.waitFor('incomingCall', (d) => d.callId === callId);
    assert.equal(await act(tenant, avery, callId, 'accept'), 'Connected');
    assert.equal((await join(tenant, callId, '206-555-0142')).status, 400);
  });
});
