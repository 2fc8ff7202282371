// The agent desktop open in two real tabs of one browser: one phone. The tab that went online first holds the
// registration; both tabs ring, either can answer and hang up; when the holding tab closes, the other takes the
// phone and stays online.
import { expect, test } from '@playwright/test';
import { agentDesk, expectRinging, goOnline, latestCall, provisionTenant, resetDevTenant, ringTheLine, signInAgent } from './support/demo.js';

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
  await signInAgent(other, 'avery');
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

  await test.step('the holding tab closes: the other takes the phone and rings', async () => {
    await page.close();
    await expect(second.phone).toHaveAttribute('owner', '');
    await expect(second.phone).toHaveAttribute('status', 'ready');
    await ringTheLine(other);
    await expectRinging(other);
  });
});
