import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resetTenant, startTestTenant, UPN, type DevTenant } from '../src/testing.js';
import {
  agentViews,
  assertCallingError,
  callingFetch,
  connectedInboundCall,
  eventually,
  observe,
  openEvents,
  outgoingCall,
  readyTenant,
  registerAgent,
  ringIn,
  setCallingSettings,
  setLifetimes,
  signedInAgent,
  type Agent,
  type Observation,
  type RequestOptions,
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

    // Over, as a second would end it (that an outage ends by itself is seen end to end by the browser tests'
    // reconnection, which wait for it): no test here sleeps a second out.
    await outage({ seconds: 0 });
    const back = await openEvents(tenant, avery.agentId, avery.token);
    track({ ...avery, events: back });
    assert.deepEqual(await back.next(), { event: 'connected', data: { agentId: avery.agentId, heartbeatMs: 5_000 } });
    const { ringing } = await ringIn(tenant);
    assert.deepEqual(ringing, [avery.oid]);
  });

  it('answers every agent request 503 with Retry-After during an outage, before judging its token or registration', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    await outage({ seconds: 600 });
    const requests: Array<[string, RequestOptions]> = [
      ['/calling/agents', { token: avery.token, body: {} }],
      [`/calling/agents/${avery.agentId}/token`, { method: 'PUT', token: avery.token, body: {} }],
      [`/calling/agents/${avery.agentId}/calls`, { token: avery.token, body: { target: { phoneNumber: '+12065550199' } } }],
      [`/calling/agents/${avery.agentId}/calls/${callId}/hangUp`, { token: avery.token, body: {} }],
      [`/calling/agents/${avery.agentId}`, { method: 'DELETE', token: avery.token }],
      ['/calling/agents/no-such-agent/events', { token: avery.token }],
      [`/calling/agents/${avery.agentId}/events`, { token: 'not-a-jwt' }],
    ];
    for (const [path, options] of requests) {
      const response = await callingFetch(tenant, path, options);
      const retryAfter = Number(response.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 600, `${options.method ?? 'GET/POST'} ${path}: Retry-After ${retryAfter}`);
      await assertCallingError(response, 503, 49011);
    }
    // A page on another origin can read how long to wait.
    const crossOrigin = await fetch(`${tenant.url}/calling/agents/${avery.agentId}/events`, { headers: { authorization: `Bearer ${avery.token}`, origin: 'http://localhost:8000' } });
    assert.match(crossOrigin.headers.get('access-control-expose-headers') ?? '', /retry-after/i);
    await assertCallingError(crossOrigin, 503, 49011);
    assert.equal((await observe(tenant, callId)).state, 'Connected', 'the refused hang-up left the call as it was');

    // Once it is over, the same requests are judged again: an unknown registration, a bad token.
    await outage({ seconds: 0 });
    await assertCallingError(await callingFetch(tenant, '/calling/agents/no-such-agent/events', { token: avery.token }), 404, 49006);
    await assertCallingError(await callingFetch(tenant, `/calling/agents/${avery.agentId}/events`, { token: 'not-a-jwt' }), 401, 49002);
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

  it('forgets every registration: the agents are told to register again (404, not 401 or 503), and a new registration rings', async () => {
    const avery = await signIn(UPN.agent);
    await signIn(UPN.secondAgent);
    const response = await callingFetch(tenant, '/.dev/calling/forget-registrations', { body: {} });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { forgotten: 2 });
    await avery.events.ended;
    assert.deepEqual(await agentViews(tenant), []);

    const base = `/calling/agents/${avery.agentId}`;
    for (const [path, options] of [
      [`${base}/events`, { token: avery.token }],
      [`${base}/token`, { method: 'PUT', token: avery.token, body: {} }],
      [`${base}/calls`, { token: avery.token, body: { target: { phoneNumber: '+12065550199' } } }],
      [base, { method: 'DELETE', token: avery.token }],
    ] as Array<[string, RequestOptions]>) {
      await assertCallingError(await callingFetch(tenant, path, options), 404, 49006);
    }

    // The token is as good as before: registering again is all it takes.
    const again = await registerAgent(tenant, avery.token);
    const events = await openEvents(tenant, again.agentId, avery.token);
    track({ ...avery, ...again, events });
    assert.deepEqual(await events.next(), { event: 'connected', data: { agentId: again.agentId, heartbeatMs: 5_000 } });
    const { callId, ringing } = await ringIn(tenant);
    assert.deepEqual(ringing, [avery.oid]);
    await events.waitFor('incomingCall', (d) => d.callId === callId);
  });

  it('ends the calls of forgotten registrations once their grace runs out, as no endpoint can come back for them', async () => {
    const avery = await signIn(UPN.agent);
    const callId = await connectedInboundCall(tenant, avery);
    await setCallingSettings(tenant, { endpointGraceMs: 50 });
    await callingFetch(tenant, '/.dev/calling/forget-registrations', { body: {} });
    const observation = await eventually('the call to end', async () => {
      const o = await observe(tenant, callId);
      return o.state === 'Disconnected' && o;
    });
    assert.deepEqual(observation.endReason, { code: 0, subCode: 4521 });
  });

  it('refuses a forget-registrations request with fields', async () => {
    await assertCallingError(await callingFetch(tenant, '/.dev/calling/forget-registrations', { body: { agentId: 'x' } }), 400, 49000);
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
