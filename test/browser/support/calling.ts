import { html, render } from 'lit';
import '../../../src/define/tpe-consent.js';
import '../../../src/define/tpe-call-agent.js';
import type { TpeCallAgent } from '../../../src/elements/tpe-call-agent.js';
import type { TpeConsent } from '../../../src/elements/tpe-consent.js';
import type { CallAgentStatus } from '../../../src/calling/call-agent-events.js';
import { grantAgent, linkResourceAccount, USER_ID } from './admin-api.js';
import { SALES_LINE, SUPPORT_LINE, until, waitForStatus, type Recorded } from './consent.js';
import { consentTenantWide, devTenant } from './dev-tenant.js';
import { PasswordGrantProvider } from './password-grant-provider.js';
import type { CallObservation as Observation } from '@tpe-elements/dev-tenant/contract';
export type { CallObservation as Observation } from '@tpe-elements/dev-tenant/contract';

export { SALES_LINE, SUPPORT_LINE };
export { statuses } from './consent.js';
export const SUPPORT_NUMBER = '+14255550100';
export const CALLER = '+12065550199';

export const AGENTS = {
  avery: { upn: 'avery.agent@contoso.dev', password: 'Agent!1', id: USER_ID.agent },
  blake: { upn: 'blake.agent@contoso.dev', password: 'Agent!2', id: USER_ID.secondAgent },
} as const;

export const RESOURCE_ACCOUNTS = [
  { id: SUPPORT_LINE, displayName: 'Contoso Support Line', phoneNumber: 'tel:+14255550100' },
  { id: SALES_LINE, displayName: 'Contoso Sales Line', phoneNumber: 'tel:+14255550101' },
];

/** The tenant as an administrator leaves it: consented, the support line linked, the agents granted. */
export async function provisionTenant(agents: Array<keyof typeof AGENTS> = ['avery']): Promise<void> {
  await consentTenantWide();
  await linkResourceAccount(SUPPORT_LINE);
  for (const name of agents) await grantAgent(AGENTS[name].id);
}

export interface Desk {
  consent: TpeConsent;
  agent: TpeCallAgent;
  events: Recorded[];
}

const CALL_EVENTS = ['tpe-status-change', 'tpe-incoming-call', 'tpe-call-state-change', 'tpe-call-ended', 'tpe-missed-call', 'tpe-error'];

export function recordCallEvents(el: HTMLElement): Recorded[] {
  const seen: Recorded[] = [];
  for (const type of CALL_EVENTS) el.addEventListener(type, (event) => event.target === el && seen.push({ type, detail: (event as CustomEvent).detail }));
  return seen;
}

/**
 * An agent desktop: `<tpe-consent>` signed in (by the password grant, so no window opens) and a
 * `<tpe-call-agent for=…>` beside it, both on the test proxy, dev tenant and calling simulator.
 */
export async function mountDesk(
  name: keyof typeof AGENTS = 'avery',
  options: { persona?: 'ccaas' | 'teams'; consentId?: string; tabs?: 'shared' | 'independent' } = {},
): Promise<Desk> {
  const { proxyUrl, config } = await devTenant();
  // A fresh id keeps each desk's phone to itself; tabs of one agent desk share one id, and with it one phone.
  const id = options.consentId ?? `consent-${name}-${Math.random().toString(36).slice(2)}`;
  const host = document.createElement('div');
  host.className = 'desk';
  document.body.append(host);
  const provider = new PasswordGrantProvider(config.testAutomation.clientId, AGENTS[name].upn, AGENTS[name].password);
  render(
    html`<tpe-consent id=${id} persona=${options.persona ?? 'ccaas'} proxy-url=${proxyUrl} .authProvider=${provider}></tpe-consent>
      <tpe-call-agent for=${id} tabs=${options.tabs ?? 'shared'} .resourceAccounts=${RESOURCE_ACCOUNTS} resource-account-id=${SUPPORT_LINE}></tpe-call-agent>`,
    host,
  );
  const consent = host.querySelector('tpe-consent')!;
  const agent = host.querySelector('tpe-call-agent')!;
  const events = recordCallEvents(agent);
  // Ready already when another tab of this page's origin is signed in (the sign-in is shared); a desk signs in by
  // itself all the same, so that closing the tab that signed in first leaves every other desk signed in.
  await until(() => consent.status === 'ready' || (consent.status === 'signed-out' && Boolean(consent.shadowRoot?.querySelector('[part~="sign-in-button"]'))), 'the consent element to load');
  consent.signIn();
  await waitForStatus(consent, 'ready');
  return { consent, agent, events };
}

export async function onlineDesk(name: keyof typeof AGENTS = 'avery'): Promise<Desk> {
  const desk = await mountDesk(name);
  await desk.agent.goOnline();
  await waitForAgent(desk.agent, 'ready');
  return desk;
}

export function removeDesks(): void {
  document.querySelectorAll('.desk').forEach((el) => el.remove());
}

export function waitForAgent(el: TpeCallAgent, status: CallAgentStatus, timeoutMs?: number): Promise<void> {
  return until(() => el.status === status, `call agent status ${status} (is ${el.status})`, timeoutMs);
}

export function eventsOf(events: Recorded[], type: string): unknown[] {
  return events.filter((e) => e.type === type).map((e) => e.detail);
}

export function callStates(events: Recorded[]): string[] {
  return events.filter((e) => e.type === 'tpe-call-state-change').map((e) => (e.detail as { state: string }).state);
}


/** The far end and the dev tenant's calling controls, over HTTP as a person on the phone would act. */
export const farEnd = {
  async call(to = SUPPORT_NUMBER, from = CALLER, displayName?: string): Promise<Observation> {
    return devPost('/.dev/calls', { from, to, ...(displayName ? { displayName } : {}) }, 201);
  },
  async observe(callId: string): Promise<Observation> {
    return devGet(`/.dev/calls/${callId}`);
  },
  async all(): Promise<Observation[]> {
    const calls = await devGet<Observation[] | { value: Observation[] }>('/.dev/calls');
    return Array.isArray(calls) ? calls : calls.value;
  },
  /** The newest call the far end has seen, if any yet. */
  async latest(): Promise<Observation | undefined> {
    const [newest] = await farEnd.all();
    return newest;
  },
  async answer(callId: string): Promise<void> {
    await devPost(`/.dev/calls/${callId}/answer`, {});
  },
  async hangUp(callId: string): Promise<void> {
    await devPost(`/.dev/calls/${callId}/hangUp`, {});
  },
  /** Someone else joins the call on the far end's side (the caller conferences in a colleague). */
  async join(callId: string, phoneNumber: string): Promise<Observation> {
    return devPost(`/.dev/calls/${callId}/join`, { phoneNumber });
  },
};

/** An agent's dual-persona identity, `8:acs:<resource>_<tenant>_<oid>`, as a transfer target. */
export async function agentIdentity(name: keyof typeof AGENTS): Promise<string> {
  const { config } = await devTenant();
  return `8:acs:${config.acs.immutableResourceId}_${config.tenantId}_${AGENTS[name].id}`;
}

export async function registeredAgents(): Promise<Array<{ agentId: string; oid: string; online: boolean; tokenRenewals: number; persona: string }>> {
  const agents = await devGet<unknown>('/.dev/calling/agents');
  return (Array.isArray(agents) ? agents : (agents as { value: [] }).value) as never;
}

export async function outage(seconds: number): Promise<void> {
  await devPost('/.dev/calling/outage', { seconds });
}

/** The calling service loses every registration at once (tokens stay good): each agent must register again. */
export async function forgetRegistrations(): Promise<number> {
  const { forgotten } = await devPost<{ forgotten: number }>('/.dev/calling/forget-registrations', {});
  return forgotten;
}

/** How long a registration without an open event stream keeps its registration and calls. */
export async function setEndpointGrace(endpointGraceMs: number): Promise<void> {
  await devPost('/.dev/calling/settings', { endpointGraceMs });
}

/** Ends an outage early (the same control as `outage(0)`, named for what a test means). */
export async function endOutage(): Promise<void> {
  await outage(0);
}

export async function setLifetimes(lifetimes: { acsTokenSeconds?: number; entraAccessTokenSeconds?: number }): Promise<void> {
  await devPost('/.dev/lifetimes', lifetimes);
}

async function devGet<T>(path: string): Promise<T> {
  const { url } = await devTenant();
  const response = await fetch(url + path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function devPost<T>(path: string, body: unknown, expected?: number): Promise<T> {
  const { url } = await devTenant();
  const response = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (expected ? response.status !== expected : !response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
