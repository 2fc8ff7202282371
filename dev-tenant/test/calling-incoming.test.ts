import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UPN, type DevTenant } from '../src/testing.js';
import {
  act,
  assignAgent,
  assertCallingError,
  callAction,
  CALLER,
  callingFetch,
  connectedInboundCall,
  farEnd,
  goOffline,
  observe,
  RECEPTION,
  ringIn,
  SALES_LINE,
  SUPPORT_LINE,
  unassignAgent,
  useCallingTenant,
} from './support/calling.js';

describe('dev tenant calling: incoming PSTN calls', () => {
  let tenant: DevTenant;
  const { signIn } = useCallingTenant((started) => (tenant = started));
  const endedWith = (callId: string, code: number, subCode: number) => (d: Record<string, unknown>) =>
    d.callId === callId && d.state === 'Disconnected' && JSON.stringify(d.endReason) === JSON.stringify({ code, subCode });

  it('rings every online assigned agent at once; the first to accept takes the call', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const ringing = await ringIn(tenant, `tel:${SUPPORT_LINE.number}`);
    assert.equal(ringing.direction, 'inbound');
    assert.equal(ringing.state, 'Ringing');
    assert.equal(ringing.from, CALLER);
    assert.equal(ringing.to, SUPPORT_LINE.number);
    assert.equal(ringing.resourceAccountId, SUPPORT_LINE.id);
    assert.deepEqual([...ringing.ringing].sort(), [avery.oid, blake.oid].sort());

    for (const agent of [avery, blake]) {
      const { data } = await agent.events.next();
      assert.deepEqual(data, {
        callId: ringing.callId,
        from: { phoneNumber: CALLER },
        resourceAccount: { id: SUPPORT_LINE.id, displayName: 'Contoso Support Line', phoneNumber: SUPPORT_LINE.number },
      });
    }

    assert.equal(await act(tenant, blake, ringing.callId, 'accept'), 'Connected');
    assert.deepEqual((await blake.events.next()).data, { callId: ringing.callId, state: 'Connected' });
    assert.deepEqual((await avery.events.next()).data, { callId: ringing.callId, state: 'Disconnected', endReason: { code: 0, subCode: 10003 } });

    const connected = await observe(tenant, ringing.callId);
    assert.equal(connected.state, 'Connected');
    assert.deepEqual(connected.agent, { oid: blake.oid, agentId: blake.agentId });
    assert.deepEqual(connected.ringing, []);
    await assertCallingError(await callAction(tenant, avery, ringing.callId, 'accept'), 404, 49007);
  });

  it('rings a new endpoint of an identity it is ringing (another tab took the phone over), which can answer', async () => {
    const first = await signIn(UPN.agent);
    const ringing = await ringIn(tenant);
    assert.equal((await first.events.next()).event, 'incomingCall');
    // The tab holding the phone closes while it rings; the next tab registers the same agent.
    await goOffline(tenant, first);
    const next = await signIn(UPN.agent);
    const offered = await next.events.next();
    assert.equal(offered.event, 'incomingCall');
    assert.equal(offered.data.callId, ringing.callId);
    assert.equal(await act(tenant, next, ringing.callId, 'accept'), 'Connected');
    assert.deepEqual((await observe(tenant, ringing.callId)).agent, { oid: next.oid, agentId: next.agentId });
  });

  it('does not ring a new endpoint of someone the call is not ringing', async () => {
    const avery = await signIn(UPN.agent);
    const ringing = await ringIn(tenant);
    assert.equal((await avery.events.next()).event, 'incomingCall');
    const blake = await signIn(UPN.secondAgent);
    assert.deepEqual((await observe(tenant, ringing.callId)).ringing, [avery.oid]);
    await farEnd(tenant, ringing.callId, 'hangUp');
    const told = await blake.events.next(500).catch(() => undefined);
    assert.notEqual(told?.event, 'incomingCall');
  });

  it('passes the caller\'s display name on', async () => {
    const avery = await signIn(UPN.agent);
    const response = await callingFetch(tenant, '/.dev/calls', { body: { from: CALLER, to: SUPPORT_LINE.number, displayName: 'Pat Caller' } });
    assert.equal(response.status, 201);
    const { data } = await avery.events.waitFor('incomingCall');
    assert.deepEqual(data.from, { phoneNumber: CALLER, displayName: 'Pat Caller' });
  });

  it('ends a rejecting agent\'s ringing 603/0, and the call 603/0 once everyone rejected', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const { callId } = await ringIn(tenant);
    await avery.events.waitFor('incomingCall');
    await blake.events.waitFor('incomingCall');

    assert.equal(await act(tenant, avery, callId, 'reject'), 'Disconnected');
    await avery.events.waitFor('callState', endedWith(callId, 603, 0));
    const stillRinging = await observe(tenant, callId);
    assert.equal(stillRinging.state, 'Ringing');
    assert.deepEqual(stillRinging.ringing, [blake.oid]);

    await act(tenant, blake, callId, 'reject');
    await blake.events.waitFor('callState', endedWith(callId, 603, 0));
    const declined = await observe(tenant, callId);
    assert.equal(declined.state, 'Disconnected');
    assert.deepEqual(declined.endReason, { code: 603, subCode: 0 });
  });

  it('stops the ringing 487/0 when the caller gives up', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const { callId } = await ringIn(tenant);
    const gaveUp = await farEnd(tenant, callId, 'hangUp');
    assert.equal(gaveUp.state, 'Disconnected');
    assert.deepEqual(gaveUp.endReason, { code: 487, subCode: 0 });
    for (const agent of [avery, blake]) await agent.events.waitFor('callState', endedWith(callId, 487, 0));
    await assertCallingError(await callAction(tenant, avery, callId, 'accept'), 404, 49007);
  });

  it('ends a connected call 0/0 for the agent when the caller hangs up, and for the caller when the agent does', async () => {
    const avery = await signIn(UPN.agent);
    const first = await connectedInboundCall(tenant, avery);
    const ended = await farEnd(tenant, first, 'hangUp');
    assert.deepEqual(ended.endReason, { code: 0, subCode: 0 });
    await avery.events.waitFor('callState', endedWith(first, 0, 0));

    const second = await connectedInboundCall(tenant, avery);
    assert.equal(await act(tenant, avery, second, 'hangUp', { forEveryone: false }), 'Disconnected');
    await avery.events.waitFor('callState', endedWith(second, 0, 0));
    const observed = await observe(tenant, second);
    assert.equal(observed.state, 'Disconnected');
    assert.deepEqual(observed.endReason, { code: 0, subCode: 0 });
  });

  it('rings only agents that are online, CCaaS persona and assigned', async () => {
    const avery = await signIn(UPN.agent);
    await signIn(UPN.secondAgent, 'teamsUser');
    assignAgent(tenant, UPN.teamsAdmin);
    const tara = await signIn(UPN.teamsAdmin); // signs in with the CCaaS persona, then loses her assignment
    unassignAgent(tenant, UPN.teamsAdmin);
    const offline = await signIn(UPN.secondAgent);
    await goOffline(tenant, offline);

    const { ringing } = await ringIn(tenant);
    assert.deepEqual(ringing, [avery.oid]);
    assert.deepEqual(tara.events.pending(), []);
  });

  it('stops ringing an agent that unregisters; nobody left ringing ends the call 480/10037', async () => {
    const avery = await signIn(UPN.agent);
    const { callId } = await ringIn(tenant);
    await avery.events.waitFor('incomingCall');
    const response = await callingFetch(tenant, `/calling/agents/${avery.agentId}`, { method: 'DELETE', token: avery.token });
    assert.equal(response.status, 204);
    const observed = await observe(tenant, callId);
    assert.deepEqual(observed.ringing, []);
    assert.deepEqual(observed.endReason, { code: 480, subCode: 10037 });
  });

  describe('ACS refusals (nobody rings)', () => {
    it('answers 404 for a number no resource account has', async () => {
      await assertCallingError(await callingFetch(tenant, '/.dev/calls', { body: { from: CALLER, to: '+14255559999' } }), 404, 49008);
    });

    const refused = async (to: string, code: number, subCode: number) => {
      const observed = await ringIn(tenant, to);
      assert.equal(observed.state, 'Disconnected');
      assert.deepEqual(observed.endReason, { code, subCode });
      assert.deepEqual(observed.ringing, []);
    };

    it('ends 403/46401 for a resource account bound to another ACS resource', async () => {
      const avery = await signIn(UPN.agent);
      await refused(SALES_LINE.number, 403, 46401);
      assert.deepEqual(avery.events.pending(), []);
    });

    it('ends 403/46401 for a bound resource account that is not linked', async () => {
      await signIn(UPN.agent);
      delete tenant.ctx.state.data.assignments[`${tenant.ctx.fixture.tenant.id}/${SUPPORT_LINE.id}`];
      await refused(SUPPORT_LINE.number, 403, 46401);
    });

    it('ends 403/10105 for a resource account of another app', async () => {
      await signIn(UPN.agent);
      await refused(RECEPTION.number, 403, 10105);
    });

    it('ends 408/10057 when only Teams-persona agents are online', async () => {
      await signIn(UPN.agent, 'teamsUser');
      await refused(SUPPORT_LINE.number, 408, 10057);
    });

    it('ends 480/10037 when no assigned agent is online', async () => {
      await refused(SUPPORT_LINE.number, 480, 10037);
    });
  });

  it('refuses malformed far-end requests with 400', async () => {
    const post = (body: unknown) => callingFetch(tenant, '/.dev/calls', { body });
    await assertCallingError(await post({ to: SUPPORT_LINE.number }), 400, 49000);
    await assertCallingError(await post({ from: 'anonymous', to: SUPPORT_LINE.number }), 400, 46402);
    await assertCallingError(await post({ from: CALLER, to: 14255550100 }), 400, 49000);
    await assertCallingError(await post({ from: CALLER, to: SUPPORT_LINE.number, displayName: 7 }), 400, 49000);
    await assertCallingError(await callingFetch(tenant, '/.dev/calls', { rawBody: '[1]' }), 400, 49000);
    await assertCallingError(await callingFetch(tenant, '/.dev/calls', { rawBody: 'nope' }), 400, 49000);
    await assertCallingError(await callingFetch(tenant, '/.dev/calls/unknown'), 404, 49007);
    await assertCallingError(await callingFetch(tenant, '/.dev/calls/unknown/hangUp', { body: {} }), 404, 49007);
  });
});
