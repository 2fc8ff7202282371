// What the end-to-end journeys share: the fixture people, the dev tenant's controls over HTTP, the popups
// of its sign-in window (driven by scripts/dev-tenant-sign-in.mjs, as the browser tests do), and a
// screenshot plus an axe check of every screen a person sees.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { signInThroughDevTenant } from '../../scripts/dev-tenant-sign-in.mjs';
import { assignThroughProxy, grantAgentThroughProxy } from '../../scripts/dev-tenant-admin.mjs';
import type { CallObservation as Observation } from '@tpe-elements/dev-tenant/contract';
export type { CallObservation as Observation } from '@tpe-elements/dev-tenant/contract';

/** Where `npm start`'s dev tenant and token proxy listen (playwright.config.ts chose the ports). */
export const DEV_TENANT = process.env.TPE_E2E_DEV_TENANT_URL ?? 'http://127.0.0.1:4510';
export const PROXY = `http://127.0.0.1:${process.env.TPE_E2E_PROXY_PORT ?? 4520}`;

export const USERS = {
  cam: { upn: 'cam.ccaasadmin@contoso.dev', password: 'CcaasAdmin!1', id: '0025b568-7791-4279-a420-01b4b4ab6120', name: 'Cam CCaaS-Admin' },
  avery: { upn: 'avery.agent@contoso.dev', password: 'Agent!1', id: '4908edbd-b254-4520-8947-60cc26b85f04', name: 'Avery Agent' },
  blake: { upn: 'blake.agent@contoso.dev', password: 'Agent!2', id: 'b9fc10b9-fd97-4149-a5a7-2ffc548b694e', name: 'Blake Agent' },
} as const;
export type Person = (typeof USERS)[keyof typeof USERS];
export type Agent = 'avery' | 'blake';

/** Each line's E.164 `number`, and `shown` as the phone writes it for people. */
export const SUPPORT_LINE = { id: 'f8b63395-8661-410a-b058-401f375f1a70', name: 'Contoso Support Line', number: '+14255550100', shown: '+1 425 555 0100' };
export const SALES_LINE = { id: '1fe59097-2104-4112-9d39-47822ead16b8', name: 'Contoso Sales Line', number: '+14255550101', shown: '+1 425 555 0101' };
/** The far-end panel's default caller number. */
export const CALLER = '+12065550199';
/** The caller's number as the phone shows it. */
export const CALLER_SHOWN = '+1 206 555 0199';

// ---------------------------------------------------------------------------------------------------
// Screens: every one has a fixed number, so the files keep their names whatever subset of tests runs.

const SCREENS = [
  'admin-signed-out',
  'admin-needs-consent',
  'admin-resource-accounts',
  'admin-support-line-linked',
  'admin-avery-found',
  'admin-avery-granted',
  'agent-signed-out',
  'agent-signed-in-offline',
  'agent-ready',
  'agent-ringing',
  'agent-in-call',
  'agent-on-hold',
  'agent-keypad',
  'agent-transfer-form',
  'agent-transferred',
  'agent-hung-up',
  'agent-outgoing-ringing',
  'agent-outgoing-connected',
  'second-blake-needs-assignment',
  'second-blake-cannot-go-online',
  'second-only-avery-rings',
  'second-both-ringing',
  'second-answered-elsewhere',
  'second-offline-not-rung',
  'second-nobody-online',
] as const;
export type ScreenName = (typeof SCREENS)[number];

/** Saves a full-page screenshot as reports/screens/<project>/<nn>-<name>.png. */
export async function screen(page: Page, name: ScreenName): Promise<void> {
  const info = test.info();
  const nn = String(SCREENS.indexOf(name) + 1).padStart(2, '0');
  const file = path.join('reports', 'screens', info.project.name, `${nn}-${name}.png`);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
}

/** axe finds nothing to fix on the page as it is now (shadow roots included). */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n')}`);
  expect(found, 'axe violations').toEqual([]);
}

/** A screen worth keeping: checked with axe, then photographed. */
export async function checkScreen(page: Page, name: ScreenName): Promise<void> {
  await test.step(`screen ${name}`, async () => {
    await expectAccessible(page);
    await screen(page, name);
  });
}

// ---------------------------------------------------------------------------------------------------
// The dev tenant's controls and the proxy's admin API, over HTTP (as a test harness may).

async function devPost(pathname: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${DEV_TENANT}${pathname}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${pathname}: ${response.status} ${await response.text()}`);
  return response;
}

/** The calling service's settings, e.g. how long an agent endpoint that went silent keeps its calls. */
export async function setCallingSettings(settings: { endpointGraceMs?: number }): Promise<void> {
  await devPost('/.dev/calling/settings', settings);
}

/** Forgets consents, assignments, sessions, calls and registrations. */
export async function resetDevTenant(): Promise<void> {
  await devPost('/.dev/reset');
}

const services = { devTenantUrl: DEV_TENANT, proxyUrl: PROXY };

/** Grants an agent access through the proxy, as the admin portal's "Grant access" does. */
export async function grantAgent(agent: Agent): Promise<void> {
  await grantAgentThroughProxy(services, USERS[agent].id);
}

/** What the admin journey does, quickly: admin consent, the support line linked, these agents granted. */
export async function provisionTenant(agents: Agent[]): Promise<void> {
  await devPost('/.dev/consent', {});
  await assignThroughProxy(services, SUPPORT_LINE.id, { principalType: 'resourceAccount' });
  for (const agent of agents) await grantAgent(agent);
}


/** The newest call the dev tenant's far end has seen. */
export async function latestCall(): Promise<Observation> {
  const response = await fetch(`${DEV_TENANT}/.dev/calls`);
  const calls = (await response.json()) as Observation[];
  if (!calls[0]) throw new Error('the far end has seen no call');
  return calls[0];
}

// ---------------------------------------------------------------------------------------------------
// The demo page.

/** A context like the project's own (light or dark, microphone allowed): a second person at their desk. */
export async function newDesk(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const { baseURL, viewport, colorScheme, permissions } = test.info().project.use;
  const context = await browser.newContext({ baseURL, viewport, colorScheme, permissions });
  return { context, page: await context.newPage() };
}

/** Opens a panel of the demo page by its navigation button. */
export async function openView(page: Page, view: 'Admin portal' | 'Agent desktop'): Promise<void> {
  if (!page.url().startsWith('http')) await page.goto('/');
  const button = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { level: 2, name: view })).toBeVisible();
}

/** Clicks a button that opens the dev tenant's window, and acts as `person` there (typing the password). */
export async function signInThroughPopup(page: Page, button: Locator, person: Person, options: { path?: string; consentForOrg?: boolean; signedInAlready?: boolean } = {}): Promise<void> {
  await button.click();
  await signInThroughDevTenant(page.context(), DEV_TENANT, { upn: person.upn, password: person.password, ...options });
}

/** The parts of the elements on the demo page (Playwright's CSS pierces their shadow roots). */
export function adminPortal(page: Page) {
  const el = page.locator('tpe-consent[mode="admin"]');
  const part = (name: string) => el.locator(`[part~="${name}"]`);
  return {
    el,
    part,
    heading: part('status'),
    row: (name: string) => part('resource-account').filter({ hasText: name }),
    entry: (name: string) => part('directory-entry').filter({ hasText: name }),
  };
}

export function agentDesk(page: Page) {
  const consent = page.locator('#agent-sign-in');
  const phone = page.locator('tpe-call-agent');
  const farEnd = page.locator('demo-far-end');
  return {
    consent,
    consentPart: (name: string) => consent.locator(`[part~="${name}"]`),
    phone,
    phonePart: (name: string) => phone.locator(`[part~="${name}"]`),
    farEnd,
    /** The far end's calls, newest first. */
    farEndCalls: farEnd.getByRole('list', { name: 'Calls the far end sees' }).getByRole('listitem'),
  };
}

/** Agent desktop: sign `agent` in through the popup and see that they are ready (the phone still offline). */
export async function signInAgent(page: Page, agent: Agent, expected: 'ready' | 'needs-assignment' = 'ready'): Promise<void> {
  const desk = agentDesk(page);
  await openView(page, 'Agent desktop');
  await expect(desk.consentPart('status')).toHaveText('Sign in to take calls');
  await signInThroughPopup(page, desk.consentPart('sign-in-button'), USERS[agent]);
  await expect(desk.consent).toHaveAttribute('status', expected);
  if (expected === 'ready') {
    await expect(desk.consentPart('status')).toHaveText('Allowed to take calls.');
    await expect(desk.consentPart('account')).toHaveText(`Signed in as ${USERS[agent].name} (${USERS[agent].upn})`);
  }
}

/** Agent desktop: the phone goes online and says it is ready for calls. */
export async function goOnline(page: Page): Promise<void> {
  const desk = agentDesk(page);
  await expect(desk.phonePart('status')).toHaveText('Offline');
  await desk.phonePart('online-button').click();
  await expect(desk.phone).toHaveAttribute('status', 'ready');
  await expect(desk.phonePart('status')).toHaveText('Ready for calls');
}

/** The far-end panel rings a line from its default caller number. */
export async function ringTheLine(page: Page, line = SUPPORT_LINE): Promise<void> {
  const { farEnd } = agentDesk(page);
  await farEnd.getByLabel('Line').selectOption({ label: line.name });
  await farEnd.getByRole('button', { name: 'Ring the line' }).click();
}

/** The phone rings with the caller and the line the call came in on. */
export async function expectRinging(page: Page, caller = CALLER_SHOWN, line = SUPPORT_LINE): Promise<void> {
  const desk = agentDesk(page);
  await expect(desk.phone).toHaveAttribute('ringing', '');
  const card = desk.phonePart('incoming');
  await expect(card).toBeVisible();
  await expect(card).toContainText('Incoming call');
  await expect(card).toContainText(caller);
  await expect(card).toContainText(`on ${line.name} (${line.shown})`);
  await expect(desk.phonePart('accept-button')).toBeVisible();
}

/** The phone does not ring (no card, no `ringing` attribute). */
export async function expectNotRinging(page: Page): Promise<void> {
  const desk = agentDesk(page);
  await expect(desk.phone).not.toHaveAttribute('ringing', '');
  await expect(desk.phonePart('incoming')).toHaveCount(0);
}
