import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { passwordToken, resetTenant, SCOPES, shiftClock, startTestTenant, UPN, userByUpn, type DevTenant } from '../src/testing.js';
import {
  assertCallingError,
  callingFetch,
  ccaasToken,
  openEvents,
  plainAcsUserToken,
  readyTenant,
  registerAgent,
  setLifetimes,
  signedInAgent,
  teamsUserToken,
  type Agent,
  type EventReader,
} from './support/calling.js';

interface AgentView {
  agentId: string;
  identity: string;
  oid: string;
  persona: string;
  online: boolean;
  tokenExpiresOn: string;
  tokenRenewals: number;
}

describe('dev tenant calling: agent registration and tokens', () => {
  let tenant: DevTenant;
  const readers: EventReader[] = [];
  const track = (agent: Agent) => (readers.push(agent.events), agent);
  const registrations = async () => (await (await callingFetch(tenant, '/.dev/calling/agents')).json()) as AgentView[];

  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());
  beforeEach(() => readyTenant(tenant, [UPN.agent, UPN.secondAgent]));
  afterEach(() => {
    for (const reader of readers.splice(0)) reader.close();
  });

  it('registers a CCaaS-persona agent whose event stream a page on another origin can read', async () => {
    const { fixture } = tenant.ctx;
    const oid = userByUpn(tenant, UPN.agent).id;
    const token = await ccaasToken(tenant, UPN.agent);
    const registered = await registerAgent(tenant, token);
    assert.equal(registered.identity, `8:acs:${fixture.acs.immutableResourceId}_${fixture.tenant.id}_${oid}`);
    assert.equal(registered.persona, 'teamsExtension');

    const events = await openEvents(tenant, registered.agentId, token, { origin: 'http://localhost:8000' });
    readers.push(events);
    assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(events.headers.get('access-control-allow-origin'), 'http://localhost:8000');
    assert.deepEqual(await events.next(), { event: 'connected', data: { agentId: registered.agentId, heartbeatMs: 5_000 } });

    const [view] = await registrations();
    assert.equal(view?.agentId, registered.agentId);
    assert.equal(view?.oid, oid);
    assert.equal(view?.online, true);
    assert.equal(view?.tokenRenewals, 0);
  });

  it('answers the CORS preflight of the event stream request', async () => {
    const response = await fetch(`${tenant.url}/calling/agents/x/events`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.ok(response.status < 300, String(response.status));
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/i);
  });

  it('registers a Teams-persona agent as 8:orgid', async () => {
    const agent = track(await signedInAgent(tenant, UPN.agent, 'teamsUser'));
    assert.equal(agent.identity, `8:orgid:${agent.oid}`);
    assert.equal(agent.persona, 'teamsUser');
  });

  it('refuses a plain ACS user, and missing, forged or expired tokens', async () => {
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token: await plainAcsUserToken(tenant), body: {} }), 403, 40231);
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { body: {} }), 401, 49001);
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token: 'not-a-jwt', body: {} }), 401, 49002);
    // An Entra token is signed by the same key but is no ACS token: it names no calling identity.
    const entra = (await passwordToken(tenant, UPN.agent, SCOPES.ccaasPersona)).access_token;
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token: entra, body: {} }), 401, 49002);

    const token = await ccaasToken(tenant, UPN.agent);
    await shiftClock(tenant, 2 * 86_400);
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token, body: {} }), 401, 49003);
  });

  it('refuses an unknown agent id, and a token of another identity for a registration', async () => {
    const avery = track(await signedInAgent(tenant, UPN.agent));
    const blakeToken = await ccaasToken(tenant, UPN.secondAgent);
    await assertCallingError(await callingFetch(tenant, '/calling/agents/no-such-agent/token', { method: 'PUT', token: blakeToken, body: {} }), 404, 49006);
    await assertCallingError(await callingFetch(tenant, `/calling/agents/${avery.agentId}/token`, { method: 'PUT', token: blakeToken, body: {} }), 403, 49005);
    const response = await fetch(`${tenant.url}/calling/agents/${avery.agentId}/events`, { headers: { authorization: `Bearer ${blakeToken}` } });
    await assertCallingError(response, 403, 49005);
  });

  it('refuses malformed bodies and unknown routes in the calling error shape', async () => {
    const token = await ccaasToken(tenant, UPN.agent);
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token, rawBody: '[]' }), 400, 49000);
    await assertCallingError(await callingFetch(tenant, '/calling/agents', { token, rawBody: '{"a":' }), 400, 49000);
    await assertCallingError(await callingFetch(tenant, '/calling/nothing-here', { token }), 404, 49013);
  });

  it('keeps a renewed agent online past the first token while an unrenewed one gets tokenExpired', async () => {
    await setLifetimes(tenant, { acsTokenSeconds: 2 });
    const renewed = track(await signedInAgent(tenant, UPN.agent));
    const lapsed = track(await signedInAgent(tenant, UPN.secondAgent));

    await setLifetimes(tenant, { acsTokenSeconds: 3600 });
    const fresh = await ccaasToken(tenant, UPN.agent);
    const renewal = await callingFetch(tenant, `/calling/agents/${renewed.agentId}/token`, { method: 'PUT', token: fresh, body: {} });
    assert.equal(renewal.status, 204, await renewal.text());

    assert.deepEqual(await lapsed.events.next(), { event: 'tokenExpired', data: {} });
    await lapsed.events.ended;
    assert.equal(renewed.events.done, false, 'the renewed agent keeps its stream');

    const views = await registrations();
    const renewedView = views.find((v) => v.agentId === renewed.agentId);
    assert.equal(renewedView?.online, true);
    assert.equal(renewedView?.tokenRenewals, 1);
    assert.ok(Date.parse(renewedView!.tokenExpiresOn) > Date.now() + 60_000);
    assert.equal(views.find((v) => v.agentId === lapsed.agentId)?.online, false);
  });

  it('refuses to reopen the stream of an expired registration until its token is renewed', async () => {
    const agent = track(await signedInAgent(tenant, UPN.agent));
    await shiftClock(tenant, 2 * 86_400);
    assert.equal((await agent.events.next()).event, 'tokenExpired');
    await agent.events.ended;

    const fresh = await ccaasToken(tenant, UPN.agent);
    await assertCallingError(await fetch(`${tenant.url}/calling/agents/${agent.agentId}/events`, { headers: { authorization: `Bearer ${fresh}` } }), 401, 49003);
    const renewal = await callingFetch(tenant, `/calling/agents/${agent.agentId}/token`, { method: 'PUT', token: fresh, body: {} });
    assert.equal(renewal.status, 204);
    const again = await openEvents(tenant, agent.agentId, fresh);
    readers.push(again);
    assert.deepEqual(await again.next(), { event: 'connected', data: { agentId: agent.agentId, heartbeatMs: 5_000 } });
  });

  it('replaces an agent\'s stream with a new one', async () => {
    const agent = track(await signedInAgent(tenant, UPN.agent));
    const second = await openEvents(tenant, agent.agentId, agent.token);
    readers.push(second);
    assert.equal((await second.next()).event, 'connected');
    await agent.events.ended;
    assert.equal(second.done, false);
  });

  it('unregisters an agent: its stream ends and its id is no longer known', async () => {
    const agent = track(await signedInAgent(tenant, UPN.agent));
    const response = await callingFetch(tenant, `/calling/agents/${agent.agentId}`, { method: 'DELETE', token: agent.token });
    assert.equal(response.status, 204);
    await agent.events.ended;
    assert.deepEqual(await registrations(), []);
    await assertCallingError(await callingFetch(tenant, `/calling/agents/${agent.agentId}/token`, { method: 'PUT', token: agent.token, body: {} }), 404, 49006);
  });

  it('changes token lifetimes at run time and restores them on reset', async () => {
    await setLifetimes(tenant, { entraAccessTokenSeconds: 120 });
    assert.equal((await passwordToken(tenant, UPN.agent, SCOPES.ccaasPersona)).expires_in, 120);
    await assertCallingError(await callingFetch(tenant, '/.dev/lifetimes', { body: { acsTokenSeconds: 0 } }), 400, 49000);
    await assertCallingError(await callingFetch(tenant, '/.dev/lifetimes', { body: { refreshTokenSeconds: 5 } }), 400, 49000);
    await resetTenant(tenant);
    assert.deepEqual(tenant.ctx.fixture.lifetimes, { entraAccessTokenSeconds: 3600, refreshTokenSeconds: 86400, acsTokenSeconds: 86400 });
  });

  it('takes a Teams-persona token through the Teams user exchange too', async () => {
    const token = await teamsUserToken(tenant, UPN.secondAgent);
    const registered = await registerAgent(tenant, token);
    assert.equal(registered.persona, 'teamsUser');
  });
});
