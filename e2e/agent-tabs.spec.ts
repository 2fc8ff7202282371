// The agent desktop open in two real tabs of one browser: one sign-in, one phone. The second tab opens signed in
// (the first tab's sign-in, shared); the tab that went online holds the registration; both tabs ring, either can
// answer and hang up. When the tab the sign-in came from closes, the other signs the agent in by itself where the
// browser lets the identity provider see its cookie in a frame, and keeps the phone; where it does not, it says
// so, and one click signs in there.
import { expect, test } from '@playwright/test';
import { agentDesk, expectRinging, goOnline, latestCall, openView, provisionTenant, resetDevTenant, ringTheLine, signInAgent, USERS } from './support/demo.js';

test.beforeEach(async () => {
  await resetDevTenant();
  await provisionTenant(['avery']);
});

test('two tabs of the agent desktop share one phone (the identity provider cross-site: the browser withholds its cookie from frames)', async ({ page, context }) => {
  const first = agentDesk(page);
  await page.goto('/');
  await signInAgent(page, 'avery');
  await goOnline(page);
  await expect(first.phone).toHaveAttribute('owner', '');

  const other = await context.newPage();
  const second = agentDesk(other);
  await other.goto('/#agent');
  await openView(other, 'Agent desktop');
  // Signed in already: the first tab's sign-in, shared, without a token in storage.
  await expect(second.consent).toHaveAttribute('status', 'ready');
  await expect(second.consentPart('account')).toHaveText(`Signed in as ${USERS.avery.name} (${USERS.avery.upn})`);
  await expect(second.phone).toHaveAttribute('status', 'ready');
  await expect(second.phone).not.toHaveAttribute('owner', '');

  await test.step('a call rings in both tabs; the second tab answers and hangs up', async () => {
    await ringTheLine(other);
    await expectRinging(page);
    await expectRinging(other);
    await second.phonePart('accept-button').click();
    await expect(first.phone).toHaveAttribute('status', 'in-call');
    await expect(second.phone).toHaveAttribute('status', 'in-call');
    await expect.poll(async () => (await latestCall()).state).toBe('Connected');
    await second.phonePart('hang-up-button').click();
    await expect(first.phone).toHaveAttribute('status', 'ready');
    await expect(second.phone).toHaveAttribute('status', 'ready');
    await expect.poll(async () => (await latestCall()).state).toBe('Disconnected');
  });

  await test.step('the tab the sign-in came from closes: the other says so; one click signs in there, and it takes the phone', async () => {
    await page.close();
    await expect(second.consent).toHaveAttribute('status', 'signed-out');
    await expect(second.consentPart('message')).toHaveText('The tab this sign-in was shared from has closed or signed out.');
    await expect(second.phone).toHaveAttribute('owner', '');
    // The sign-in window is for Avery, who is still signed in at the identity provider: it closes by itself, no password typed.
    const popup = other.waitForEvent('popup');
    await second.consentPart('sign-in-button').click();
    await (await popup).waitForEvent('close');
    await expect(second.consent).toHaveAttribute('status', 'ready');
    // The phone was online when the shared sign-in ended: it comes back by itself.
    await expect(second.phone).toHaveAttribute('status', 'ready');
    await ringTheLine(other);
    await expectRinging(other);
  });
});

// The page on 127.0.0.1, like the dev tenant: its sign-in cookie reaches MSAL's hidden frame, as Entra's reaches it
// for a page in a browser that allows third-party cookies.
test('a tab that borrowed the sign-in keeps the phone without a click when the tab it came from closes', async ({ page, context, baseURL }) => {
  const sameSite = (path: string) => new URL(path, baseURL!.replace('localhost', '127.0.0.1')).href;
  const first = agentDesk(page);
  await page.goto(sameSite('/'));
  await signInAgent(page, 'avery');
  await goOnline(page);

  const other = await context.newPage();
  const second = agentDesk(other);
  let windows = 0;
  other.on('popup', () => windows++);
  await other.goto(sameSite('/#agent'));
  await openView(other, 'Agent desktop');
  await expect(second.consentPart('shared-sign-in')).toHaveText('Shared with another tab.');
  await expect(second.phone).toHaveAttribute('status', 'ready');
  await expect(first.phone).toHaveAttribute('owner', '');

  await page.close();
  // Signed in by itself, in a hidden frame: the small print goes, the phone moves here and stays online.
  await expect(second.consentPart('shared-sign-in')).toHaveCount(0);
  await expect(second.consent).toHaveAttribute('status', 'ready');
  await expect(second.consentPart('message')).toHaveCount(0);
  await expect(second.phone).toHaveAttribute('owner', '');
  await expect(second.phone).toHaveAttribute('status', 'ready');
  await ringTheLine(other);
  await expectRinging(other);
  await second.phonePart('accept-button').click();
  await expect.poll(async () => (await latestCall()).state).toBe('Connected');
  expect(windows, 'windows opened in the remaining tab').toBe(0);
});
