// The examples under demo/examples, run on `npm start`'s dev tenant as a vendor's page would: an agent signs
// in through the popup, goes online, a caller rings the support line, the agent answers and hangs up. Each
// test checks the page's own reaction to the elements' events, not only the elements.
import { expect, test, type ConsoleMessage, type Locator, type Page } from '@playwright/test';
import { CALLER, DEV_TENANT, PROXY, SUPPORT_LINE, USERS, provisionTenant, resetDevTenant, signInThroughPopup } from './support/demo.js';

interface Observation {
  callId: string;
  state: string;
  agent?: { oid: string };
}

async function devCall(pathname: string, init?: RequestInit): Promise<Observation> {
  const response = await fetch(`${DEV_TENANT}${pathname}`, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${pathname}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Observation;
}

/** A caller on the PSTN rings the support line. */
function ringSupportLine(): Promise<Observation> {
  return devCall('/.dev/calls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: CALLER, to: SUPPORT_LINE.number }) });
}

/** What the far end sees of a call. */
async function farEndState(callId: string): Promise<string> {
  return (await devCall(`/.dev/calls/${callId}`)).state;
}

/** Console errors and warnings the page printed (React's prop warnings among them), but Lit's dev-mode notice. */
function watchConsole(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (message.text().startsWith('Lit is in dev mode.')) return;
    seen.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
  return seen;
}

/** What the test reads of the elements' properties (their classes are browser code, outside this program). */
interface PhoneProperties {
  resourceAccounts: Array<{ displayName: string }>;
  resourceAccountId?: string;
  for?: string;
  getAttributeNames(): string[];
}
interface ConsentProperties {
  proxyUrl?: string;
  redirectUri?: string;
}

const part = (element: Locator, name: string) => element.locator(`[part~="${name}"]`);

test.beforeEach(async () => {
  await resetDevTenant();
  await provisionTenant(['avery']);
});

test('plain HTML: the page screen-pops the caller and logs the ended call', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/examples/plain-html.html');
  const consent = page.locator('tpe-consent#agent-sign-in');
  const phone = page.locator('tpe-call-agent[for="agent-sign-in"]');
  const screenPop = page.locator('#screen-pop');
  const callLog = page.locator('#call-log li');

  // The module pointed the markup at this run's proxy and at the redirect bridge at the root.
  await expect(consent).toHaveAttribute('proxy-url', PROXY);
  await expect(consent).toHaveAttribute('redirect-uri', new URL('/redirect.html', page.url()).href);
  await expect(screenPop).toHaveText('No call yet.');

  await signInThroughPopup(page, part(consent, 'sign-in-button'), USERS.avery);
  await expect(consent).toHaveAttribute('status', 'ready');
  await part(phone, 'online-button').click();
  await expect(phone).toHaveAttribute('status', 'ready');

  const call = await ringSupportLine();
  await expect(screenPop).toHaveText(`Screen pop: incoming call from ${CALLER}`);
  // The resourceAccounts property the module set names the line on the ringing card.
  await expect(part(phone, 'incoming')).toContainText(`on ${SUPPORT_LINE.name} (${SUPPORT_LINE.shown})`);

  await part(phone, 'accept-button').click();
  await expect(phone).toHaveAttribute('status', 'in-call');
  await expect.poll(() => farEndState(call.callId)).toBe('Connected');

  await part(phone, 'hang-up-button').click();
  await expect(callLog).toHaveText(['Call ended: Call ended. (code 0/0)']);
  await expect(screenPop).toHaveText('No call now.');
  await expect(phone).toHaveAttribute('status', 'ready');
  await expect.poll(() => farEndState(call.callId)).toBe('Disconnected');
  expect(problems).toEqual([]);
});

test('React 19: props become properties, ontpe-… props listen, state follows the events', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/examples/react/react.html');
  const consent = page.locator('tpe-consent#agent-sign-in');
  const phone = page.locator('tpe-call-agent'); // `for` is a property here: no attribute to select on
  const app = (id: string) => page.getByTestId(id);

  // React 19 set these as properties (the element has them), not as attributes: an array, an object, strings.
  await expect(phone).toBeAttached();
  const set = await phone.evaluate((el: PhoneProperties) => ({
    lines: el.resourceAccounts.map((ra) => ra.displayName),
    resourceAccountId: el.resourceAccountId,
    for: el.for,
    attributes: el.getAttributeNames().sort(),
  }));
  expect(set).toEqual({
    // Every customer's lines, as the dev tenant names them for demo pages (Contoso's first).
    lines: ['Contoso Support Line', 'Contoso Sales Line', 'Fabrikam Help Desk', 'Fabrikam Billing Line'],
    resourceAccountId: SUPPORT_LINE.id,
    for: 'agent-sign-in',
    // Only what the element reflects itself: which tab holds the phone, and its status.
    attributes: ['owner', 'status'],
  });
  expect(await consent.evaluate((el: ConsentProperties) => ({ proxyUrl: el.proxyUrl, redirectUri: el.redirectUri }))).toEqual({
    proxyUrl: PROXY,
    redirectUri: new URL('/redirect.html', page.url()).href,
  });
  await expect(app('sign-in-status')).toHaveText('signed-out');
  await expect(app('phone-status')).toHaveText('offline');

  await signInThroughPopup(page, part(consent, 'sign-in-button'), USERS.avery);
  await expect(consent).toHaveAttribute('status', 'ready');
  await expect(app('sign-in-status')).toHaveText('ready');

  // The `strings` object prop reworded the element's button.
  await expect(part(phone, 'online-button')).toHaveText('Start taking calls');
  await part(phone, 'online-button').click();
  await expect(app('phone-status')).toHaveText('ready');

  const call = await ringSupportLine();
  await expect(app('screen-pop')).toContainText(`Screen pop: caller ${CALLER} on ${SUPPORT_LINE.name}`);
  await expect(part(phone, 'incoming')).toContainText(`on ${SUPPORT_LINE.name} (${SUPPORT_LINE.shown})`);

  // Answered from the app's own card, through the ref's accept().
  await page.getByRole('button', { name: 'Answer from the CRM' }).click();
  await expect(app('phone-status')).toHaveText('in-call');
  await expect(app('call-state')).toHaveText('Connected');
  await expect(app('screen-pop')).toHaveCount(0);
  await expect.poll(() => farEndState(call.callId)).toBe('Connected');

  await part(phone, 'hang-up-button').click();
  await expect(app('last-call')).toHaveText('Call ended. (code 0/0)');
  await expect(app('call-state')).toHaveText('Disconnected');
  await expect(app('phone-status')).toHaveText('ready');
  await expect.poll(() => farEndState(call.callId)).toBe('Disconnected');
  expect(problems).toEqual([]);
});
