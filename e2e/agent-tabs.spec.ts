// The agent desktop open in two real tabs of one browser: one sign-in, one phone. The second tab opens signed in
// (the first tab's sign-in, shared); the tab that went online holds the registration; both tabs ring, either can
// answer and hang up. When the tab the sign-in came from closes, the other says so; signed in there, it takes the
// phone.
import { expect, test } from '@playwright/test';
import { agentDesk, expectRinging, goOnline, latestCall, openView, provisionTenant, resetDevTenant, ringTheLine, signInAgent, USERS } from './support/demo.js';

test.beforeEach(async () => {
  await resetDevTenant();
  await provisionTenant(['avery']);
});

test('two tabs of the agent desktop share one phone', async ({ page, context }) => {
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
