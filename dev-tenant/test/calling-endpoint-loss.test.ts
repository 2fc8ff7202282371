import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentCallRecord } from '../src/contract.js';
import { resetTenant, shiftClock, UPN, type DevTenant } from '../src/testing.js';
import {
  act,
  agentViews,
  assertCallingError,
  callingFetch,
  connectedInboundCall,
  eventually,
  farEnd,
  goOffline,
  openEvents,
  observe,
  outgoingCall,
  registerAgent,
  ringIn,
  setCallingSettings,
  useCallingTenant,
  type Agent,
  type Observation,
} from './support/calling.js';

const ENDED_ABRUPTLY = { code: 0, subCode: 4521 };
const TOKEN_LAPSED = { code: 495, subCode: 4507 };
const CALLEE_LOST = { code: 408, subCode: 10057 };

describe('dev tenant calling: an agent endpoint that goes away', () => {
  let tenant: DevTenant;
  const { signIn, track } = useCallingTenant((started) => (tenant = started));
  // Shrunk only once the agents are signed in: a registration has the grace to open its first stream too.
  const shrinkGrace = (endpointGraceMs: number) => setCallingSettings(tenant, { endpointGraceMs });
  const ended = (callId: string) =>
    eventually(`call ${callId} to end`, async () => {
      const observation = await observe(tenant, callId);
      return observation.state === 'Disconnected' && observation;
    });
  const dropped = (agent: Agent) =>
    eventually(`the registration of ${agent.upn} to be dropped`, async () => !(await agentViews(tenant)).some((v) => v.agentId === agent.agentId));
  const reconnect = async (agent: Agent): Promise<Agent> => {
    const events = await openEvents(tenant, agent.agentId, agent.token);
    const back = { ...agent, events };
    track(back);
    assert.deepEqual(await events.next(), { event: 'connected', data: { agentId: agent.agentId, heartbeatMs: 5_000 } });
    return back;
  };

  it('ends a connected call for the far end 0/4521 once its agent stays away past the grace, and drops the registration', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    await shrinkGrace(100);
    avery.events.close();

    const observation: Observation = await ended(callId);
    assert.deepEqual(observation.endReason, ENDED_ABRUPTLY);
    assert.deepEqual(observation.agent, { oid: avery.oid, agentId: avery.agentId }, 'the far end still sees who had the call');
    assert.deepEqual(await agentViews(tenant), []);
    // Its next request is told to register again; a new registration works as any other.
    await assertCallingError(await callingFetch(tenant, `/calling/agents/${avery.agentId}/events`, { token: avery.token }), 404, 49006);
    await shrinkGrace(20_000); // so the new registration has time to open its stream however slow this machine is
    const again = await registerAgent(tenant, avery.token);
    const events = await openEvents(tenant, again.agentId, avery.token);
    track({ ...avery, ...again, events });
    assert.deepEqual(await events.next(), { event: 'connected', data: { agentId: again.agentId, heartbeatMs: 5_000 } });
  });

  it('ends an outgoing call still ringing at the far end when its agent stays away', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await outgoingCall(tenant, avery);
    await shrinkGrace(100);
    avery.events.close();
    assert.deepEqual((await ended(callId)).endReason, ENDED_ABRUPTLY);
  });

  it('keeps the call of an agent whose stream comes back within the grace', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const callId = await connectedInboundCall(tenant, avery);
    await goOffline(tenant, avery);

    const offline = (await agentViews(tenant)).find((v) => v.agentId === avery.agentId)!;
    assert.equal(offline.online, false);
    assert.equal(Date.parse(offline.dropsOn!) - Date.parse(offline.offlineSince!), 20_000, 'the default grace is 20 s');
    assert.equal((await observe(tenant, callId)).state, 'Connected');

    const back = await reconnect(avery);
    const online = (await agentViews(tenant)).find((v) => v.agentId === avery.agentId)!;
    assert.equal(online.online, true);
    assert.equal(online.dropsOn, undefined);

    // Nothing is left counting down for Avery: with no grace at all, Blake going away is dropped at once,
    // and a timer still armed for Avery would have gone off first.
    await shrinkGrace(0);
    await goOffline(tenant, blake);
    await dropped(blake);
    assert.equal((await observe(tenant, callId)).state, 'Connected');
    assert.equal(await act(tenant, back, callId, 'hangUp'), 'Disconnected');
    assert.deepEqual((await observe(tenant, callId)).endReason, { code: 0, subCode: 0 });
  });

  it('tells a stream that came back within the grace what happened while it was away, after connected', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const held = await connectedInboundCall(tenant, avery);
    const { callId: ringing } = await ringIn(tenant);
    await blake.events.waitFor('incomingCall', (d) => d.callId === ringing);
    await goOffline(tenant, avery);

    await farEnd(tenant, held, 'hangUp');
    await act(tenant, blake, ringing, 'accept');
    const back = await reconnect(avery);
    assert.deepEqual(await back.events.next(), { event: 'callState', data: { callId: held, state: 'Disconnected', endReason: { code: 0, subCode: 0 } } });
    assert.deepEqual(await back.events.next(), { event: 'callState', data: { callId: ringing, state: 'Disconnected', endReason: { code: 0, subCode: 10003 } } });

    // Told once: the next stream starts afresh.
    const again = await reconnect(back);
    await ringIn(tenant);
    assert.equal((await again.events.next()).event, 'incomingCall');
  });

  it('stops ringing an agent whose endpoint went away; a call left ringing nobody ends 408/10057', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const { callId } = await ringIn(tenant);
    await avery.events.waitFor('incomingCall', (d) => d.callId === callId);
    await blake.events.waitFor('incomingCall', (d) => d.callId === callId);
    await shrinkGrace(50);

    await goOffline(tenant, avery);
    await dropped(avery);
    const stillRinging = await observe(tenant, callId);
    assert.equal(stillRinging.state, 'Ringing');
    assert.deepEqual(stillRinging.ringing, [blake.oid]);

    await goOffline(tenant, blake);
    const observation = await ended(callId);
    assert.deepEqual(observation.endReason, CALLEE_LOST);
    assert.deepEqual(observation.ringing, []);
  });

  it('ends the call 495/4507 when the stream closed because the registered token expired and no renewal came', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    await shrinkGrace(50);
    await shiftClock(tenant, 2 * 86_400);
    await avery.events.waitFor('tokenExpired');
    assert.deepEqual((await ended(callId)).endReason, TOKEN_LAPSED);
    await dropped(avery);
  });

  it('counts the grace from the end of an outage, not from when the outage dropped the stream', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    await shrinkGrace(50);
    const response = await callingFetch(tenant, '/.dev/calling/outage', { body: { seconds: 600 } });
    const { outageEndsOn } = (await response.json()) as { outageEndsOn: string };
    await avery.events.ended;

    const [view] = await agentViews(tenant);
    assert.equal(view?.online, false);
    assert.equal(Date.parse(view!.dropsOn!), Date.parse(outageEndsOn) + 50);
    assert.equal((await observe(tenant, callId)).state, 'Connected');

    // The outage ends early and Avery does not come back: now the grace runs out.
    await callingFetch(tenant, '/.dev/calling/outage', { body: { seconds: 0 } });
    assert.deepEqual((await ended(callId)).endReason, ENDED_ABRUPTLY);
  });

  it("lets the agent's next registration learn what became of the call its last page left behind", async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const callId = await connectedInboundCall(tenant, avery);
    // The page reloads: its stream goes, and the new page registers afresh with the same token.
    await goOffline(tenant, avery);
    const next = await registerAgent(tenant, avery.token);
    track({ ...avery, ...next, events: await openEvents(tenant, next.agentId, avery.token) });
    const recent = async (agentId: string, token: string) => {
      const response = await callingFetch(tenant, `/calling/agents/${agentId}/calls`, { token });
      assert.equal(response.status, 200);
      return (await response.json()) as AgentCallRecord[];
    };

    const [pending, ...none] = await recent(next.agentId, avery.token);
    assert.deepEqual(none, []);
    const dropsOn = (await agentViews(tenant)).find((v) => v.agentId === avery.agentId)!.dropsOn;
    assert.deepEqual(pending, {
      callId,
      direction: 'inbound',
      state: 'Connected',
      from: '+12065550123',
      to: '+14255550100',
      resourceAccountId: 'f8b63395-8661-410a-b058-401f375f1a70',
      agentId: avery.agentId,
      endsOn: dropsOn,
    });

    await shrinkGrace(50);
    const ended = await eventually('the left-behind call to end', async () => {
      const [record] = await recent(next.agentId, avery.token);
      return record?.state === 'Disconnected' && record;
    });
    assert.deepEqual(ended.endReason, ENDED_ABRUPTLY);
    assert.ok(Date.parse(ended.endedOn!) > 0);
    assert.equal(ended.endsOn, undefined);
    // Another agent sees none of it.
    assert.deepEqual(await recent(blake.agentId, blake.token), []);
  });

  it('shows and changes the endpoint grace, refuses a malformed one and restores the default on reset', async () => {
    const settings = async () => (await (await callingFetch(tenant, '/.dev/calling/settings')).json()) as unknown;
    assert.deepEqual(await settings(), { endpointGraceMs: 20_000, heartbeatMs: 5_000 });
    const changed = await callingFetch(tenant, '/.dev/calling/settings', { body: { endpointGraceMs: 250 } });
    assert.deepEqual(await changed.json(), { endpointGraceMs: 250, heartbeatMs: 5_000 });
    for (const body of [{ endpointGraceMs: -1 }, { endpointGraceMs: 1.5 }, { endpointGraceMs: '250' }, { endpointGraceMs: 600_001 }, { graceMs: 250 }]) {
      await assertCallingError(await callingFetch(tenant, '/.dev/calling/settings', { body }), 400, 49000);
    }
    assert.deepEqual(await settings(), { endpointGraceMs: 250, heartbeatMs: 5_000 });
    await resetTenant(tenant);
    assert.deepEqual(await settings(), { endpointGraceMs: 20_000, heartbeatMs: 5_000 });
  });
});
