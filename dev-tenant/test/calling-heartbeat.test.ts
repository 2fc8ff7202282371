import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resetTenant, UPN, type DevTenant } from '../src/testing.js';
import {
  agentViews,
  assertCallingError,
  callingFetch,
  connectedInboundCall,
  eventually,
  farEnd,
  goOffline,
  openEvents,
  ringIn,
  setCallingSettings,
  useCallingTenant,
  type Agent,
  type EventReader,
} from './support/calling.js';

/** Fast enough that a test sees several pings without waiting long. */
const FAST_HEARTBEAT_MS = 100;

describe('dev tenant calling: the heartbeat and stalled streams', () => {
  let tenant: DevTenant;
  const { signIn, track } = useCallingTenant((started) => (tenant = started));
  const stall = (body: unknown) => callingFetch(tenant, '/.dev/calling/stall-streams', { body });
  const settings = async () => (await (await callingFetch(tenant, '/.dev/calling/settings')).json()) as unknown;
  /** Waits until `reader` has had `count` more pings than now. */
  const morePings = (reader: EventReader, count: number) => {
    const target = reader.pings + count;
    return eventually(`${count} more pings`, async () => reader.pings >= target);
  };
  /** The agent's stream again, as a client that gave up on the old one opens it: `connected` taken. */
  const reconnect = async (agent: Agent) => {
    await goOffline(tenant, agent);
    const events = await openEvents(tenant, agent.agentId, agent.token);
    track({ ...agent, events });
    assert.equal((await events.next()).event, 'connected');
    return events;
  };

  it('announces the heartbeat in connected and pings at that interval; a change applies to the streams opened after it', async () => {
    const before = await signIn(UPN.agent);
    await setCallingSettings(tenant, { heartbeatMs: FAST_HEARTBEAT_MS });
    assert.deepEqual(await settings(), { endpointGraceMs: 20_000, heartbeatMs: FAST_HEARTBEAT_MS });

    const after = await signIn(UPN.secondAgent);
    const pingsBefore = before.events.pings;
    await morePings(after.events, 5);
    // Five of the new stream's intervals are far less than one of the old stream's 15 s.
    assert.equal(before.events.pings, pingsBefore, 'the stream opened before the change keeps its announced interval');
    const reopened = await reconnect(before);
    await morePings(reopened, 2);
  });

  it('refuses a heartbeat out of bounds, and restores the default on reset', async () => {
    for (const body of [{ heartbeatMs: 99 }, { heartbeatMs: 60_001 }, { heartbeatMs: 1.5 }, { heartbeatMs: '500' }, { heartbeatMs: null }, { pingMs: 500 }]) {
      await assertCallingError(await callingFetch(tenant, '/.dev/calling/settings', { body }), 400, 49000);
    }
    assert.deepEqual(await settings(), { endpointGraceMs: 20_000, heartbeatMs: 5_000 });
    await setCallingSettings(tenant, { heartbeatMs: 500 });
    await resetTenant(tenant);
    assert.deepEqual(await settings(), { endpointGraceMs: 20_000, heartbeatMs: 5_000 });
  });

  it("stalls one agent's stream: open and online but silent, while another agent's stream goes on", async () => {
    await setCallingSettings(tenant, { heartbeatMs: FAST_HEARTBEAT_MS });
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    await morePings(avery.events, 1);

    const response = await stall({ agentId: avery.agentId });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { stalled: 1 });
    const silentFrom = avery.events.pings;
    // The service still counts the agent online, so it rings: that is what makes a stall dangerous.
    assert.equal((await agentViews(tenant)).find((v) => v.agentId === avery.agentId)?.online, true);
    const { callId, ringing } = await ringIn(tenant);
    assert.deepEqual(new Set(ringing), new Set([avery.oid, blake.oid]));
    await blake.events.waitFor('incomingCall', (d) => d.callId === callId);
    await morePings(blake.events, 5);

    assert.equal(avery.events.pings, silentFrom, 'no ping on the stalled stream');
    assert.deepEqual(avery.events.pending(), [], 'no event on the stalled stream');
    assert.equal(avery.events.done, false, 'the stalled stream is still open');
  });

  it('gives the events sent during a stall, in order, to the next stream, which behaves normally', async () => {
    await setCallingSettings(tenant, { heartbeatMs: FAST_HEARTBEAT_MS });
    const avery = await signIn(UPN.agent);
    await stall({});
    const { callId } = await ringIn(tenant);
    await farEnd(tenant, callId, 'hangUp');

    const events = await reconnect(avery);
    assert.deepEqual(
      [await events.next(), await events.next()].map((e) => [e.event, e.data.callId, e.data.state]),
      [
        ['incomingCall', callId, undefined],
        ['callState', callId, 'Disconnected'],
      ],
    );
    await morePings(events, 2);
    const next = await connectedInboundCall(tenant, { ...avery, events });
    await farEnd(tenant, next, 'hangUp');
    await events.waitFor('callState', (d) => d.callId === next && d.state === 'Disconnected');
  });

  it('answers how many streams it stalled, and refuses an unknown agent or field', async () => {
    const avery = await signIn(UPN.agent);
    await signIn(UPN.secondAgent);
    assert.deepEqual(await (await stall({})).json(), { stalled: 2 });
    // Already stalled streams are not counted twice.
    assert.deepEqual(await (await stall({ agentId: avery.agentId })).json(), { stalled: 0 });
    await assertCallingError(await stall({ agentId: 'no-such-agent' }), 404, 49006);
    await assertCallingError(await stall({ agentId: 7 }), 400, 49000);
    await assertCallingError(await stall({ agent: avery.agentId }), 400, 49000);
  });
});
