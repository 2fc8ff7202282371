import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach } from 'node:test';
import { signedFetch } from '../acs-helpers.js';
import { consentTenantWide, passwordToken, resetTenant, SCOPES, startTestTenant, testAutomationClientId, UPN, userByUpn, type DevTenant } from '../../src/testing.js';
import type { CallObservation as Observation } from '../../src/calling/observation.js';
import { directoriesOf } from '../../src/tenants.js';
export type { CallObservation as Observation } from '../../src/calling/observation.js';

/** The fixture's resource accounts: bound and linkable; not bound to this ACS resource; another app's. */
export const SUPPORT_LINE = { id: 'f8b63395-8661-410a-b058-401f375f1a70', number: '+14255550100' };
export const SALES_LINE = { id: '1fe59097-2104-4112-9d39-47822ead16b8', number: '+14255550101' };
export const RECEPTION = { id: 'c7f8633f-ab12-4fe3-a201-38df7abb9445', number: '+14255550199' };
export const CALLER = '+12065550123';

/** How long a test waits for an event before it fails with what did arrive. */
const EVENT_TIMEOUT_MS = 5000;

export interface CallingEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * An event stream read over fetch (what a page does to send an Authorization header, which EventSource
 * cannot). Events queue up; a test takes them in order with `next`, or skips to one with `waitFor`.
 */
export class EventReader {
  readonly status: number;
  readonly headers: Headers;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  pings = 0;
  readonly #queue: CallingEvent[] = [];
  #wake: (() => void) | undefined;
  #done = false;
  readonly #abort: AbortController;

  private constructor(response: Response, abort: AbortController) {
    this.status = response.status;
    this.headers = response.headers;
    this.#abort = abort;
    this.ended = this.#read(response.body!);
  }

  static async open(url: string, token: string, headers: Record<string, string> = {}): Promise<EventReader> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (response.status !== 200) throw new Error(`event stream refused: ${response.status} ${await response.text()}`);
    return new EventReader(response, abort);
  }

  get done(): boolean {
    return this.#done;
  }

  /** The next event, whatever it is. */
  async next(timeoutMs = EVENT_TIMEOUT_MS): Promise<CallingEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length === 0) {
      if (this.#done) throw new Error('the event stream ended with no further event');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#queue.shift()!;
  }

  /** Skips events until one named `event` (and matching `match`, if given) arrives. */
  async waitFor(event: string, match: (data: Record<string, unknown>) => boolean = () => true, timeoutMs = EVENT_TIMEOUT_MS): Promise<CallingEvent> {
    const deadline = Date.now() + timeoutMs;
    const skipped: string[] = [];
    for (;;) {
      let next: CallingEvent;
      try {
        next = await this.next(Math.max(1, deadline - Date.now()));
      } catch (error) {
        throw new Error(`waiting for "${event}": ${(error as Error).message}; skipped ${skipped.join(', ') || 'nothing'}`);
      }
      if (next.event === event && match(next.data)) return next;
      skipped.push(`${next.event} ${JSON.stringify(next.data)}`);
    }
  }

  /** The events received and not yet taken. */
  pending(): CallingEvent[] {
    return [...this.#queue];
  }

  close(): void {
    this.#abort.abort();
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.#parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Aborted by the test, or the connection dropped: either way the stream is over.
    } finally {
      this.#done = true;
      this.#wake?.();
    }
  }

  #parse(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.pings += 1;
      else if (line.startsWith('event:')) event = line.slice('event:'.length).trim();
      else if (line.startsWith('data:')) data.push(line.slice('data:'.length).trim());
    }
    if (data.length === 0) return;
    this.#queue.push({ event, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
    this.#wake?.();
  }
}

export interface CallingErrorBody {
  error: { code: string; message: string; subCode: number };
}

/** Checks status, the calling error shape and the sub-code; returns the body. */
export async function assertCallingError(response: Response, status: number, subCode: number): Promise<CallingErrorBody> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}/${subCode}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as CallingErrorBody;
  assert.equal(typeof body.error.code, 'string', text);
  assert.equal(typeof body.error.message, 'string', text);
  assert.equal(body.error.subCode, subCode, text);
  return body;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  token?: string;
  body?: unknown;
  /** Sent as is, for malformed bodies. */
  rawBody?: string;
}

/** One JSON request to the dev tenant, with an ACS bearer token where given. */
export function callingFetch(tenant: DevTenant, path: string, options: RequestOptions = {}): Promise<Response> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return fetch(`${tenant.url}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body,
  });
}

/** The tenant an object (user or resource account) belongs to: its assignments are kept under it. */
function tenantOf(tenant: DevTenant, objectId: string): string {
  const directory = directoriesOf(tenant.ctx.fixture).find((d) => [...d.users, ...d.resourceAccounts].some((o) => o.id === objectId));
  if (!directory) throw new Error(`no fixture object ${objectId}`);
  return directory.tenant.id;
}

/** Server consent for a resource account, straight into the state (the ACS API is tested elsewhere). */
export function linkResourceAccount(tenant: DevTenant, raId = SUPPORT_LINE.id): void {
  const tenantId = tenantOf(tenant, raId);
  tenant.ctx.state.data.assignments[`${tenantId}/${raId}`] = { objectId: raId, tenantId, principalType: 'resourceAccount' };
}

/** Agent consent: a user assignment for the CCaaS client app, and for the test automation client whose tokens these tests use. */
export function assignAgent(tenant: DevTenant, upn: string): void {
  const objectId = userByUpn(tenant, upn).id;
  const tenantId = tenantOf(tenant, objectId);
  const clientIds = [tenant.ctx.fixture.apps.ccaasClient.appId, testAutomationClientId(tenant)];
  tenant.ctx.state.data.assignments[`${tenantId}/${objectId}`] = { objectId, tenantId, principalType: 'user', clientIds };
}

export function unassignAgent(tenant: DevTenant, upn: string): void {
  const objectId = userByUpn(tenant, upn).id;
  delete tenant.ctx.state.data.assignments[`${tenantOf(tenant, objectId)}/${objectId}`];
}

/** A fresh tenant with consent given, the support line linked and the agents named assigned. */
export async function readyTenant(tenant: DevTenant, agents: string[]): Promise<void> {
  await resetTenant(tenant);
  await consentTenantWide(tenant);
  linkResourceAccount(tenant);
  for (const upn of agents) assignAgent(tenant, upn);
}

/** The Teams extension exchange the browser does, with the agent's Entra token: the answer, refused or not. */
export async function passwordExchange(tenant: DevTenant, upn: string): Promise<Response> {
  const entra = (await passwordToken(tenant, upn, SCOPES.ccaasPersona)).access_token;
  return fetch(`${tenant.url}/access/teamsExtension/:exchangeAccessToken?api-version=2025-06-30`, {
    method: 'POST',
    headers: { authorization: `Bearer ${entra}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

/** The CCaaS persona's ACS token, through the Teams extension exchange the browser uses. */
export async function ccaasToken(tenant: DevTenant, upn: string): Promise<string> {
  const response = await passwordExchange(tenant, upn);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return (JSON.parse(text) as { accessToken: { token: string } }).accessToken.token;
}

/** The Teams persona's ACS token, through the server-side Teams user exchange. */
export async function teamsUserToken(tenant: DevTenant, upn: string): Promise<string> {
  const entra = (await passwordToken(tenant, upn, SCOPES.teamsPersona)).access_token;
  const body = JSON.stringify({ token: entra, appId: testAutomationClientId(tenant), userId: userByUpn(tenant, upn).id });
  const response = await signedFetch(tenant, { method: 'POST', path: '/teamsUser/:exchangeAccessToken?api-version=2025-06-30', body });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return (JSON.parse(text) as { token: string }).token;
}

/** A plain ACS user's voip token, which no TeamsCallAgent accepts. */
export async function plainAcsUserToken(tenant: DevTenant): Promise<string> {
  const body = JSON.stringify({ createTokenWithScopes: ['voip'] });
  const response = await signedFetch(tenant, { method: 'POST', path: '/identities?api-version=2025-06-30', body });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return (JSON.parse(text) as { accessToken: { token: string } }).accessToken.token;
}

export interface Registered {
  agentId: string;
  identity: string;
  persona: string;
}

export async function registerAgent(tenant: DevTenant, token: string): Promise<Registered> {
  const response = await callingFetch(tenant, '/calling/agents', { token, body: {} });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text) as Registered;
}

export function openEvents(tenant: DevTenant, agentId: string, token: string, headers?: Record<string, string>): Promise<EventReader> {
  return EventReader.open(`${tenant.url}/calling/agents/${agentId}/events`, token, headers);
}

export interface Agent extends Registered {
  upn: string;
  oid: string;
  token: string;
  events: EventReader;
}

/** Signs an agent in as the simulator does: token, registration, event stream (its `connected` taken). */
export async function signedInAgent(tenant: DevTenant, upn: string, persona: 'teamsExtension' | 'teamsUser' = 'teamsExtension'): Promise<Agent> {
  const token = persona === 'teamsExtension' ? await ccaasToken(tenant, upn) : await teamsUserToken(tenant, upn);
  const registered = await registerAgent(tenant, token);
  const events = await openEvents(tenant, registered.agentId, token);
  const connected = await events.next();
  // Its heartbeat is whatever the settings say (tests of the stream's shape check it).
  assert.deepEqual(connected, { event: 'connected', data: { agentId: registered.agentId, heartbeatMs: connected.data.heartbeatMs } });
  assert.equal(typeof connected.data.heartbeatMs, 'number');
  return { ...registered, upn, oid: userByUpn(tenant, upn).id, token, events };
}

/** An agent action on a call; returns the response for the test to check. */
export function callAction(tenant: DevTenant, agent: Agent, callId: string, action: string, body: unknown = {}): Promise<Response> {
  return callingFetch(tenant, `/calling/agents/${agent.agentId}/calls/${callId}/${action}`, { token: agent.token, body });
}

/** An agent action that must succeed; answers the agent's call state after it. */
export async function act(tenant: DevTenant, agent: Agent, callId: string, action: string, body: unknown = {}): Promise<string> {
  const response = await callAction(tenant, agent, callId, action, body);
  const text = await response.text();
  assert.equal(response.status, 200, `${action}: ${text}`);
  return (JSON.parse(text) as { state: string }).state;
}

export function startCall(tenant: DevTenant, agent: Agent, body: unknown): Promise<Response> {
  return callingFetch(tenant, `/calling/agents/${agent.agentId}/calls`, { token: agent.token, body });
}


/** A PSTN caller dials `to`; the observation the far end gets back. */
export async function ringIn(tenant: DevTenant, to = SUPPORT_LINE.number, from = CALLER): Promise<Observation> {
  const response = await callingFetch(tenant, '/.dev/calls', { body: { from, to } });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text) as Observation;
}

export async function observe(tenant: DevTenant, callId: string): Promise<Observation> {
  const response = await callingFetch(tenant, `/.dev/calls/${callId}`);
  assert.equal(response.status, 200);
  return (await response.json()) as Observation;
}

/** The far end answers or hangs up; returns the observation after it. */
export async function farEnd(tenant: DevTenant, callId: string, what: 'answer' | 'hangUp'): Promise<Observation> {
  const response = await callingFetch(tenant, `/.dev/calls/${callId}/${what}`, { body: {} });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text) as Observation;
}

/** Places an outgoing call for the support line; returns its id once the far end rings. */
export async function outgoingCall(tenant: DevTenant, agent: Agent, target = '+12065550199'): Promise<string> {
  const response = await startCall(tenant, agent, { target: { phoneNumber: target }, onBehalfOf: { teamsAppId: SUPPORT_LINE.id } });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  const { callId } = JSON.parse(text) as { callId: string };
  await agent.events.waitFor('callState', (d) => d.callId === callId && d.state === 'Ringing');
  return callId;
}

/** An inbound call answered by `agent`; returns its id. */
export async function connectedInboundCall(tenant: DevTenant, agent: Agent): Promise<string> {
  const { callId } = await ringIn(tenant);
  await agent.events.waitFor('incomingCall', (d) => d.callId === callId);
  assert.equal(await act(tenant, agent, callId, 'accept'), 'Connected');
  await agent.events.waitFor('callState', (d) => d.callId === callId && d.state === 'Connected');
  return callId;
}

export async function setLifetimes(tenant: DevTenant, lifetimes: { acsTokenSeconds?: number; entraAccessTokenSeconds?: number }): Promise<void> {
  const response = await callingFetch(tenant, '/.dev/lifetimes', { body: lifetimes });
  assert.equal(response.status, 200, await response.text());
}

/** Shrinks (or restores) the calling service's bounds, such as how long a lost endpoint keeps its calls. */
export async function setCallingSettings(tenant: DevTenant, settings: { endpointGraceMs?: number; heartbeatMs?: number }): Promise<void> {
  const response = await callingFetch(tenant, '/.dev/calling/settings', { body: settings });
  assert.equal(response.status, 200, await response.text());
}

/** What `GET /.dev/calling/agents` shows of one registration. */
export interface AgentView {
  agentId: string;
  identity: string;
  oid: string;
  persona: string;
  online: boolean;
  tokenExpiresOn: string;
  tokenRenewals: number;
  offlineSince?: string;
  dropsOn?: string;
}

export async function agentViews(tenant: DevTenant): Promise<AgentView[]> {
  return (await (await callingFetch(tenant, '/.dev/calling/agents')).json()) as AgentView[];
}

/**
 * Asks `probe` again until it answers something (not undefined or false): for a change the dev tenant makes
 * on its own time, such as a lost endpoint's grace running out. Fails with `what` if it never comes.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = EVENT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined && answer !== false) return answer;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Closes an agent's stream from the client side and waits until the dev tenant counts it offline. */
export async function goOffline(tenant: DevTenant, agent: Agent): Promise<void> {
  agent.events.close();
  for (;;) {
    const views = (await (await callingFetch(tenant, '/.dev/calling/agents')).json()) as { agentId: string; online: boolean }[];
    if (!views.find((v) => v.agentId === agent.agentId)?.online) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * One dev tenant for a describe block: started before it, ready before each test (consented, the support
 * line linked, both agents granted), and every agent a test signed in disconnected after it.
 */
export function useCallingTenant(onStart: (tenant: DevTenant) => void) {
  let tenant: DevTenant;
  const agents: Agent[] = [];
  before(async () => {
    tenant = await startTestTenant();
    onStart(tenant);
  });
  after(() => tenant.close());
  beforeEach(() => readyTenant(tenant, [UPN.agent, UPN.secondAgent]));
  afterEach(() => {
    for (const agent of agents.splice(0)) agent.events.close();
  });
  return {
    /** Closes this agent's stream after the test too (one a test opened itself). */
    track(agent: Agent): void {
      agents.push(agent);
    },
    async signIn(upn: string, persona?: 'teamsExtension' | 'teamsUser'): Promise<Agent> {
      const agent = await signedInAgent(tenant, upn, persona);
      agents.push(agent);
      return agent;
    },
  };
}
