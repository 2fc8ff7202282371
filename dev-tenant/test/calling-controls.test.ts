import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resetTenant, startTestTenant, UPN, type DevTenant } from '../src/testing.js';
import {
  assertCallingError,
  callingFetch,
  connectedInboundCall,
  openEvents,
  outgoingCall,
  readyTenant,
  ringIn,
  setLifetimes,
  signedInAgent,
  type Agent,
  type Observation,
  useCallingTenant,
} from './support/calling.js';

describe('dev tenant calling: far-end controls, outage and reset', () => {
  let tenant: DevTenant;
  const { signIn, track } = useCallingTenant((started) => (tenant = started));
  const outage = (body: unknown) => callingFetch(tenant, '/.dev/calling/outage', { body });
  const eventsRequest = (agent: Agent) => fetch(`${tenant.url}/calling/agents/${agent.agentId}/events`, { headers: { authorization: `Bearer ${agent.token}` } });

  it('lists observations newest first', async () => {
    const avery = await signIn(UPN.agent);
    const first = await connectedInboundCall(tenant, avery);
    const second = await outgoingCall(tenant, avery);
    const list = (await (await callingFetch(tenant, '/.dev/calls')).json()) as Observation[];
    assert.deepEqual(
      list.map((o) => [o.callId, o.direction]),
      [
        [second, 'outbound'],
        [first, 'inbound'],
      ],
    );
  });

  it('drops every stream in an outage, refuses reconnects 503 while it lasts, then lets agents back', async () => {
    const avery = await signIn(UPN.agent);
    const blake = await signIn(UPN.secondAgent);
    const response = await outage({ seconds: 1 });
    assert.equal(response.status, 200);
    await avery.events.ended;
    await blake.events.ended;

    const refused = await eventsRequest(avery);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    await assertCallingError(refused, 503, 49011);
    // Nobody is online, so nobody rings.
    assert.deepEqual((await ringIn(tenant)).endReason, { code: 480, subCode: 10037 });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const back = await openEvents(tenant, avery.agentId, avery.token);
    track({ ...avery, events: back });
    assert.deepEqual(await back.next(), { event: 'connected', data: { agentId: avery.agentId } });
    const { ringing } = await ringIn(tenant);
    assert.deepEqual(ringing, [avery.oid]);
  });

  it('ends an outage early with 0 seconds, and refuses a malformed one', async () => {
    const avery = await signIn(UPN.agent);
    assert.equal((await outage({ seconds: 600 })).status, 200);
    await assertCallingError(await eventsRequest(avery), 503, 49011);
    assert.equal((await outage({ seconds: 0 })).status, 200);
    const back = await eventsRequest(avery);
    assert.equal(back.status, 200);
    await back.body?.cancel();

    for (const body of [{}, { seconds: -1 }, { seconds: 'ten' }, { seconds: 1e9 }, { seconds: 1, minutes: 2 }]) {
      await assertCallingError(await outage(body), 400, 49000);
    }
  });

  it('ends every call, drops every registration and restores lifetimes on /.dev/reset', async () => {
    const avery = await signIn(UPN.agent);
    await connectedInboundCall(tenant, avery);
    await setLifetimes(tenant, { acsTokenSeconds: 30 });
    await outage({ seconds: 600 });

    await resetTenant(tenant);
    await avery.events.ended;
    assert.deepEqual(await (await callingFetch(tenant, '/.dev/calls')).json(), []);
    assert.deepEqual(await (await callingFetch(tenant, '/.dev/calling/agents')).json(), []);
    assert.equal(tenant.ctx.fixture.lifetimes.acsTokenSeconds, 86400);
    // The outage is over too: a new agent gets its stream.
    await readyTenant(tenant, [UPN.agent]);
    await signIn(UPN.agent);
  });
});

describe('dev tenant calling: shutdown', () => {
  it('closes promptly with open and abandoned event streams', { timeout: 10_000 }, async () => {
    const tenant = await startTestTenant();
    await readyTenant(tenant, [UPN.agent, UPN.secondAgent]);
    const open = await signedInAgent(tenant, UPN.agent);
    const abandoned = await signedInAgent(tenant, UPN.secondAgent);
    abandoned.events.close();
    await ringIn(tenant);

    await tenant.close();
    await open.events.ended;
    assert.equal(open.events.done, true);
  });
});
